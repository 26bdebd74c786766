#include "desktop/ui/TrayNotifier.h"

#include "desktop/app/ConnectionManager.h"
#include "desktop/app/DesktopNotifications.h"
#include "shared/admin/AdminClient.h"
#include "shared/admin/EventStreamClient.h"

#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

namespace pmcp {

const QString TrayNotifier::kQuickScope = QStringLiteral("read-only");

namespace {

const QString kApproveAction = QStringLiteral("approve-read-only");

QIcon dot(const QColor &colour)
{
    QPixmap pixmap(64, 64);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(colour);
    painter.setPen(QPen(colour.darker(140), 4));
    painter.drawEllipse(QRectF(6, 6, 52, 52));
    return QIcon(pixmap);
}

QString healthText(const QString &health)
{
    if (health == QLatin1String("healthy"))
        return TrayNotifier::tr("The daemon is healthy.");
    if (health == QLatin1String("degraded"))
        return TrayNotifier::tr("The daemon is degraded.");
    if (health == QLatin1String("unhealthy"))
        return TrayNotifier::tr("The daemon is unhealthy.");
    return TrayNotifier::tr("The daemon is not connected.");
}

} // namespace

TrayNotifier::TrayNotifier(ConnectionManager *connections, DesktopNotifications *notifications,
                           QObject *parent)
    : QObject(parent)
    , m_connections(connections)
    , m_notifications(notifications)
    , m_menu(new QMenu)
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_menu->setAccessibleName(tr("proxmox-mcp"));
    m_menu->addAction(tr("Open the &dashboard"), this,
                      [this] { emit openRequested(QStringLiteral("dashboard")); });
    m_menu->addAction(tr("Open the &clients"), this,
                      [this] { emit openRequested(QStringLiteral("clients")); });
    m_menu->addSeparator();
    m_menu->addAction(tr("&Quit"), this, [this] { emit quitRequested(); });
    connect(m_connections, &ConnectionManager::connected, this, &TrayNotifier::connected);
    connect(m_connections, &ConnectionManager::disconnected, this, [this] { setHealth({}); });
    connect(m_notifications, &DesktopNotifications::actionInvoked, this, &TrayNotifier::onAction);
    setHealth({});
}

TrayNotifier::~TrayNotifier()
{
    delete m_fallback;
    delete m_menu;
}

QColor TrayNotifier::colourOf(const QString &health)
{
    if (health == QLatin1String("healthy"))
        return QColor(0x2e, 0x7d, 0x32);
    if (health == QLatin1String("degraded"))
        return QColor(0xf9, 0xa8, 0x25);
    if (health == QLatin1String("unhealthy"))
        return QColor(0xc6, 0x28, 0x28);
    return QColor(0x75, 0x75, 0x75);
}

void TrayNotifier::start()
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(m_icon, this);
        m_tray->setContextMenu(m_menu);
        m_tray->setToolTip(healthText(m_health));
        connect(m_tray, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason why) {
                    if (why == QSystemTrayIcon::Trigger)
                        emit openRequested(QStringLiteral("dashboard"));
                });
        m_tray->show();
        return;
    }
    // No tray (a desktop without one, or a headless session): a small window instead.
    m_fallback = new QWidget;
    m_fallback->setObjectName(QStringLiteral("trayFallback"));
    m_fallback->setWindowTitle(tr("proxmox-mcp"));
    m_fallback->setAccessibleName(tr("proxmox-mcp notifier"));
    m_fallback->setWindowIcon(m_icon);
    auto *notice = new QLabel(tr("This desktop has no system tray, so the notifier runs in this "
                                 "window."),
                              m_fallback);
    notice->setObjectName(QStringLiteral("noTrayNotice"));
    notice->setWordWrap(true);
    m_fallbackHealth = new QLabel(healthText(m_health), m_fallback);
    m_fallbackHealth->setObjectName(QStringLiteral("trayHealth"));
    m_fallbackHealth->setAccessibleName(tr("Health"));
    auto *open = new QPushButton(tr("&Open the control center"), m_fallback);
    open->setObjectName(QStringLiteral("trayOpen"));
    open->setMenu(m_menu);
    auto *layout = new QVBoxLayout(m_fallback);
    layout->addWidget(notice);
    layout->addWidget(m_fallbackHealth);
    layout->addWidget(open);
    m_fallback->show();
}

void TrayNotifier::connected()
{
    connect(m_connections->events(), &admin::EventStreamClient::eventReceived, this,
            &TrayNotifier::onEvent);
    connect(m_connections->events(), &admin::EventStreamClient::offline, this,
            [this] { setHealth({}); });
    const auto ask = [this] {
        if (admin::AdminClient *client = m_connections->client())
            client->status(this, [this](Result<admin::DaemonStatus> status) {
                setHealth(status.ok() ? status.value().health : QString());
            });
    };
    connect(m_connections->events(), &admin::EventStreamClient::online, this, ask);
    ask();
}

void TrayNotifier::setHealth(const QString &health)
{
    const bool changed = health != m_health || m_icon.isNull();
    m_health = health;
    m_icon = dot(colourOf(health));
    if (m_tray) {
        m_tray->setIcon(m_icon);
        m_tray->setToolTip(healthText(health));
    }
    if (m_fallback) {
        m_fallback->setWindowIcon(m_icon);
        m_fallbackHealth->setText(healthText(health));
    }
    if (changed)
        emit healthChanged(health);
}

void TrayNotifier::onEvent(const admin::Event &event)
{
    const QJsonObject &data = event.data;
    if (event.type == QLatin1String("health.changed")) {
        setHealth(data[QLatin1String("status")].toString());
    } else if (event.type == QLatin1String("client.requested")) {
        const QString id = data[QLatin1String("id")].toString();
        m_notifications->notify(
            QStringLiteral("client.requested:") + id,
            tr("%1 asks for access").arg(data[QLatin1String("clientName")].toString()),
            tr("Request code %1, redirecting to %2. Approve it read-only for %3 days here, or "
               "open the clients page to choose.")
                .arg(data[QLatin1String("code")].toString(id),
                     data[QLatin1String("redirectHost")].toString())
                .arg(kQuickDays),
            {kApproveAction, tr("Approve read-only")});
    } else if (event.type == QLatin1String("alert.raised") &&
               !data[QLatin1String("alert")].toString().startsWith(
                   QLatin1String("client.requested"))) {
        // An access request is notified once, above, with its approve action; its alert is not.
        m_notifications->notify(
            QStringLiteral("alert:") + data[QLatin1String("alert")].toString(),
            tr("proxmox-mcp alert (%1)").arg(data[QLatin1String("severity")].toString()),
            data[QLatin1String("message")].toString());
    }
}

void TrayNotifier::onAction(const QString &key, const QString &action)
{
    const bool isRequest = key.startsWith(QLatin1String("client.requested:"));
    if (action == kApproveAction && isRequest) {
        const QString id = key.section(QLatin1Char(':'), 1);
        if (admin::AdminClient *client = m_connections->client())
            client->approve(
                id, kQuickScope, kQuickDays, this, [this, id](Result<QJsonObject> done) {
                    m_notifications->notify(
                        QStringLiteral("approved:") + id,
                        done.ok() ? tr("Approved %1 (read-only)").arg(id) : tr("Not approved"),
                        done.ok() ? tr("The client can now use the tools that only read.")
                                  : done.error().message);
                });
        return;
    }
    emit openRequested(isRequest ? QStringLiteral("clients") : QStringLiteral("dashboard"));
}

} // namespace pmcp
