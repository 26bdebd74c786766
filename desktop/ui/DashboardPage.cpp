#include "desktop/ui/DashboardPage.h"

#include "desktop/app/ConnectionManager.h"
#include "desktop/ui/SeriesChart.h"
#include "shared/admin/AdminClient.h"
#include "shared/admin/EventStreamClient.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pmcp {

namespace {

QString statusWord(const QString &status)
{
    if (status == QLatin1String("ok") || status == QLatin1String("healthy"))
        return DashboardPage::tr("OK");
    if (status == QLatin1String("warn") || status == QLatin1String("degraded"))
        return DashboardPage::tr("Warning");
    if (status == QLatin1String("fail") || status == QLatin1String("unhealthy"))
        return DashboardPage::tr("Failing");
    return status;
}

QString duration(qint64 seconds)
{
    if (seconds < 60)
        return DashboardPage::tr("%n second(s)", "", int(seconds));
    if (seconds < 3600)
        return DashboardPage::tr("%n minute(s)", "", int(seconds / 60));
    if (seconds < 86400)
        return DashboardPage::tr("%n hour(s)", "", int(seconds / 3600));
    return DashboardPage::tr("%n day(s)", "", int(seconds / 86400));
}

// One event as a line: its time, what happened, and the fields that say to whom.
QString describe(const admin::Event &event)
{
    QStringList details;
    for (auto it = event.data.begin(); it != event.data.end(); ++it) {
        if (it.value().isString() || it.value().isDouble() || it.value().isBool())
            details.append(it.key() + QLatin1Char('=') + it.value().toVariant().toString());
    }
    return QStringLiteral("%1  %2  %3")
        .arg(event.time.toLocalTime().toString(QStringLiteral("HH:mm:ss")), event.type,
             details.join(QStringLiteral(", ")));
}

QTreeWidget *stateTree(const QString &accessibleName, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setAccessibleName(accessibleName);
    tree->setColumnCount(3);
    tree->setHeaderLabels(
        {DashboardPage::tr("Name"), DashboardPage::tr("State"), DashboardPage::tr("Why")});
    tree->setRootIsDecorated(false);
    tree->header()->setStretchLastSection(true);
    return tree;
}

void fill(QTreeWidget *tree, const QList<admin::CheckState> &states)
{
    tree->clear();
    for (const admin::CheckState &state : states)
        tree->addTopLevelItem(
            new QTreeWidgetItem({state.name, statusWord(state.status), state.detail}));
    tree->resizeColumnToContents(0);
    tree->resizeColumnToContents(1);
}

} // namespace

DashboardPage::DashboardPage(ConnectionManager *connections, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_health(new QLabel(this))
    , m_version(new QLabel(this))
    , m_uptime(new QLabel(this))
    , m_security(new QLabel(this))
    , m_stream(new QLabel(this))
    , m_checks(stateTree(tr("Health checks"), this))
    , m_targets(stateTree(tr("Proxmox targets"), this))
    , m_requests(new SeriesChart(tr("Requests"), tr("per minute"), this))
    , m_latency(new SeriesChart(tr("Latency"), tr("ms"), this))
    , m_errors(new SeriesChart(tr("Errors"), tr("per minute"), this))
    , m_events(new QListWidget(this))
{
    setObjectName(QStringLiteral("dashboardPage"));
    setAccessibleName(tr("Dashboard"));
    m_health->setObjectName(QStringLiteral("healthLabel"));
    m_health->setAccessibleName(tr("Health"));
    m_version->setObjectName(QStringLiteral("versionLabel"));
    m_version->setAccessibleName(tr("Version"));
    m_uptime->setObjectName(QStringLiteral("uptimeLabel"));
    m_uptime->setAccessibleName(tr("Uptime"));
    m_security->setObjectName(QStringLiteral("securityLabel"));
    m_security->setAccessibleName(tr("Denied commands and failed authentications"));
    m_stream->setObjectName(QStringLiteral("streamLabel"));
    m_stream->setAccessibleName(tr("Live updates"));
    m_checks->setObjectName(QStringLiteral("healthChecks"));
    m_targets->setObjectName(QStringLiteral("proxmoxTargets"));
    m_requests->setObjectName(QStringLiteral("requestsChart"));
    m_latency->setObjectName(QStringLiteral("latencyChart"));
    m_errors->setObjectName(QStringLiteral("errorsChart"));
    m_events->setObjectName(QStringLiteral("recentEvents"));
    m_events->setAccessibleName(tr("Recent events"));
    // One line each: no text is measured per item when events arrive (the UI thread's cost
    // per event, docs/PERFORMANCE.md).
    m_events->setUniformItemSizes(true);

    auto *top = new QHBoxLayout;
    for (QLabel *label : {m_health, m_version, m_uptime, m_stream})
        top->addWidget(label);
    top->addStretch();
    auto *charts = new QHBoxLayout;
    for (SeriesChart *chart : {m_requests, m_latency, m_errors})
        charts->addWidget(chart);
    auto *lists = new QGridLayout;
    lists->addWidget(new QLabel(tr("Health checks"), this), 0, 0);
    lists->addWidget(new QLabel(tr("Proxmox targets"), this), 0, 1);
    lists->addWidget(m_checks, 1, 0);
    lists->addWidget(m_targets, 1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(charts);
    layout->addWidget(m_security);
    layout->addLayout(lists, 1);
    layout->addWidget(new QLabel(tr("Recent events"), this));
    layout->addWidget(m_events, 1);

    m_timer.setInterval(kRefreshIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &DashboardPage::refresh);
    m_refreshSoon.setSingleShot(true);
    m_refreshSoon.setInterval(kEventRefreshDelayMs);
    connect(&m_refreshSoon, &QTimer::timeout, this, &DashboardPage::refresh);
    m_flushEvents.setSingleShot(true);
    m_flushEvents.setInterval(kEventBatchMs);
    connect(&m_flushEvents, &QTimer::timeout, this, &DashboardPage::flushEvents);
    connect(m_connections, &ConnectionManager::connected, this, &DashboardPage::connectionChanged);
    connect(m_connections, &ConnectionManager::disconnected, this,
            &DashboardPage::connectionChanged);
    connectionChanged();
}

void DashboardPage::flushEvents()
{
    QStringList newestFirst;
    for (auto it = m_newEvents.crbegin();
         it != m_newEvents.crend() && newestFirst.size() < kEventsShown; ++it)
        newestFirst.append(*it);
    m_newEvents.clear();
    m_events->setUpdatesEnabled(false);
    m_events->insertItems(0, newestFirst);
    while (m_events->count() > kEventsShown)
        delete m_events->takeItem(m_events->count() - 1);
    m_events->setUpdatesEnabled(true);
}

void DashboardPage::connectionChanged()
{
    m_hasStatus = false;
    m_asking = false;
    m_flushEvents.stop();
    m_newEvents.clear();
    m_events->clear();
    if (!m_connections->isConnected()) {
        m_timer.stop();
        m_health->setText(tr("Not connected"));
        return;
    }
    // Each connection has its own event stream, so these are made once per stream.
    admin::EventStreamClient *events = m_connections->events();
    connect(events, &admin::EventStreamClient::eventReceived, this, &DashboardPage::addEvent);
    connect(events, &admin::EventStreamClient::resyncNeeded, this, &DashboardPage::refresh);
    connect(events, &admin::EventStreamClient::online, this, [this] {
        m_stream->setText(tr("Live"));
        refresh(); // back after an outage: what changed meanwhile
    });
    connect(events, &admin::EventStreamClient::offline, this,
            [this](const QString &why) { m_stream->setText(tr("Offline: %1").arg(why)); });
    m_stream->setText(events->isOnline() ? tr("Live") : tr("Connecting…"));
    m_timer.start();
    refresh();
}

void DashboardPage::refresh()
{
    admin::AdminClient *client = m_connections->client();
    if (!client || m_asking)
        return;
    m_asking = true;
    client->status(this, [this](Result<admin::DaemonStatus> status) {
        m_asking = false;
        if (!status.ok())
            return showError(status.error().message);
        showStatus(status.value());
    });
}

void DashboardPage::showStatus(const admin::DaemonStatus &status)
{
    m_health->setText(tr("Health: %1").arg(statusWord(status.health)));
    m_version->setText(tr("Version %1").arg(status.version));
    m_uptime->setText(tr("Up %1").arg(duration(status.uptimeSeconds)));
    qint64 deniedHour = 0;
    qint64 failuresHour = 0;
    for (double value : status.lastHour.deniedCommands)
        deniedHour += qint64(value);
    for (double value : status.lastHour.authFailures)
        failuresHour += qint64(value);
    m_security->setText(tr("Denied commands: %1 in the last hour (%2 since start). Failed "
                           "authentications: %3 in the last hour (%4 since start).")
                            .arg(deniedHour)
                            .arg(status.deniedCommands)
                            .arg(failuresHour)
                            .arg(status.authFailures));
    fill(m_checks, status.checks);
    fill(m_targets, status.targets);
    m_requests->setValues(status.lastHour.requests);
    m_latency->setValues(status.lastHour.latencyMs);
    m_errors->setValues(status.lastHour.errors);
    m_hasStatus = true;
    emit statusShown();
}

void DashboardPage::showError(const QString &message)
{
    m_health->setText(tr("Health unknown: %1").arg(message));
}

void DashboardPage::addEvent(const admin::Event &event)
{
    m_newEvents.append(describe(event));
    if (!m_flushEvents.isActive())
        m_flushEvents.start();
    if ((event.type == QLatin1String("health.changed") ||
         event.type == QLatin1String("command.denied")) &&
        !m_refreshSoon.isActive())
        m_refreshSoon.start();
}

} // namespace pmcp
