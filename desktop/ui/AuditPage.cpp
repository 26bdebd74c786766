#include "desktop/ui/AuditPage.h"

#include "desktop/app/ConnectionManager.h"
#include "desktop/ui/Controls.h"
#include "shared/admin/AdminClient.h"
#include "shared/admin/EventStreamClient.h"

#include <QCheckBox>
#include <QColor>
#include <QDateTimeEdit>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTreeWidget>
#include <QShowEvent>
#include <QVBoxLayout>

namespace pmcp {

// The entries an export has gathered so far, page by page.
struct AuditExport {
    bool csv = true;
    QString path;
    admin::AuditQuery query;
    QList<admin::AuditEntry> entries;
    qint64 matched = 0;
};

namespace {

using controls::button;
using controls::label;
using controls::list;

// The route's limits (docs/ADMIN-API.md): pages of at most 1000, offsets up to 100000.
constexpr int kExportPage = 1000;
constexpr int kMaxOffset = 100000;
constexpr int kDeniedShown = 100;

QString when(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                          : QString();
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString decisionText(const admin::AuditEntry &entry)
{
    if (entry.denied())
        return AuditPage::tr("denied");
    if (entry.decision == QLatin1String("allowed"))
        return AuditPage::tr("allowed");
    return entry.decision;
}

// One CSV field (RFC 4180).
QByteArray csvField(const QString &value)
{
    QByteArray field = value.toUtf8();
    if (field.contains(',') || field.contains('"') || field.contains('\n') ||
        field.contains('\r')) {
        field.replace("\"", "\"\"");
        field = '"' + field + '"';
    }
    return field;
}

} // namespace

AuditPage::AuditPage(ConnectionManager *connections, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_client(new QLineEdit(this))
    , m_tool(new QLineEdit(this))
    , m_deniedOnly(new QCheckBox(tr("Denied onl&y"), this))
    , m_useRange(new QCheckBox(tr("&Time range:"), this))
    , m_from(new QDateTimeEdit(this))
    , m_to(new QDateTimeEdit(this))
    , m_pageSize(new QSpinBox(this))
    , m_search(button(tr("&Search"), QStringLiteral("auditSearchButton"),
                      tr("Show the entries the filters match"), this))
    , m_entries(list(QStringLiteral("auditEntries"), tr("Audit entries"),
                     {tr("Time"), tr("Client"), tr("Tool"), tr("Decision"), tr("Rule"),
                      tr("Outcome"), tr("Duration"), tr("Arguments")},
                     this))
    , m_previous(button(tr("&Previous"), QStringLiteral("auditPreviousPage"),
                        tr("Previous page of entries"), this))
    , m_next(button(tr("&Next"), QStringLiteral("auditNextPage"), tr("Next page of entries"), this))
    , m_pageLabel(label(QStringLiteral("auditPageLabel"), tr("Entries shown"), this))
    , m_verify(button(tr("&Verify the chain"), QStringLiteral("verifyAuditButton"),
                      tr("Verify the audit log's chain"), this))
    , m_chain(label(QStringLiteral("auditChainResult"), tr("Chain verification"), this))
    , m_exportCsv(button(tr("Export &CSV…"), QStringLiteral("exportCsvButton"),
                         tr("Export the matching entries to CSV"), this))
    , m_exportJson(button(tr("Export &JSON…"), QStringLiteral("exportJsonButton"),
                          tr("Export the matching entries to JSON"), this))
    , m_denied(list(QStringLiteral("deniedCommands"), tr("Denied commands"),
                    {tr("Time"), tr("Client"), tr("Tool"), tr("Rule"), tr("Command")}, this))
    , m_security(label(QStringLiteral("securityChecks"), tr("Security checks"), this))
    , m_message(label(QStringLiteral("auditMessage"), tr("Audit message"), this))
{
    m_chooseFile = [this](const QString &suggested, const QString &filter) {
        return QFileDialog::getSaveFileName(this, tr("Export the audit entries"),
                                            QDir::home().filePath(suggested), filter);
    };
    describeControls();
    layOut();

    connect(m_search, &QPushButton::clicked, this, [this] {
        m_offset = 0;
        search();
    });
    connect(m_client, &QLineEdit::returnPressed, m_search, &QPushButton::click);
    connect(m_tool, &QLineEdit::returnPressed, m_search, &QPushButton::click);
    connect(m_useRange, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
    });
    connect(m_previous, &QPushButton::clicked, this, [this] {
        m_offset = qMax(0, m_offset - m_pageSize->value());
        search();
    });
    connect(m_next, &QPushButton::clicked, this, [this] {
        m_offset += m_pageSize->value();
        search();
    });
    connect(m_verify, &QPushButton::clicked, this, &AuditPage::verifyChain);
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { exportAs(true); });
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportAs(false); });
    connect(m_connections, &ConnectionManager::connected, this, [this] {
        m_offset = 0;
        m_chain->setText(tr("Not verified yet."));
        // A refused command shows at once; health changes bring the sudoers check up to date.
        connect(m_connections->events(), &admin::EventStreamClient::eventReceived, this,
                [this](const admin::Event &event) {
                    if (event.type == QLatin1String("command.denied") ||
                        event.type == QLatin1String("health.changed"))
                        refresh();
                });
        refresh();
    });
}

void AuditPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!event->spontaneous())
        refresh();
}

void AuditPage::describeControls()
{
    setObjectName(QStringLiteral("auditPage"));
    setAccessibleName(tr("Audit and security"));
    m_client->setObjectName(QStringLiteral("auditClient"));
    m_client->setAccessibleName(tr("Client filter"));
    m_client->setPlaceholderText(tr("any client"));
    m_client->setClearButtonEnabled(true);
    m_tool->setObjectName(QStringLiteral("auditTool"));
    m_tool->setAccessibleName(tr("Tool filter"));
    m_tool->setPlaceholderText(tr("any tool"));
    m_tool->setClearButtonEnabled(true);
    m_deniedOnly->setObjectName(QStringLiteral("auditDeniedOnly"));
    m_deniedOnly->setAccessibleName(tr("Only denied calls"));
    m_useRange->setObjectName(QStringLiteral("auditUseRange"));
    m_useRange->setAccessibleName(tr("Filter by time range"));
    const QDateTime now = QDateTime::currentDateTime();
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setEnabled(false);
    }
    m_from->setObjectName(QStringLiteral("auditFrom"));
    m_from->setAccessibleName(tr("From (inclusive)"));
    m_from->setDateTime(now.addDays(-1));
    m_to->setObjectName(QStringLiteral("auditTo"));
    m_to->setAccessibleName(tr("Until (exclusive)"));
    m_to->setDateTime(now.addSecs(3600));
    m_pageSize->setObjectName(QStringLiteral("auditPageSize"));
    m_pageSize->setAccessibleName(tr("Entries per page"));
    m_pageSize->setRange(1, 1000);
    m_pageSize->setValue(100);
    m_previous->setEnabled(false);
    m_next->setEnabled(false);
    m_chain->setText(tr("Not verified yet."));
}

void AuditPage::layOut()
{
    auto *filterBox = new QGroupBox(tr("Filters"), this);
    auto *filters = new QHBoxLayout(filterBox);
    auto *clientLabel = new QLabel(tr("Cli&ent:"), this);
    clientLabel->setBuddy(m_client);
    auto *toolLabel = new QLabel(tr("T&ool:"), this);
    toolLabel->setBuddy(m_tool);
    auto *pageLabel = new QLabel(tr("Per pa&ge:"), this);
    pageLabel->setBuddy(m_pageSize);
    filters->addWidget(clientLabel);
    filters->addWidget(m_client, 1);
    filters->addWidget(toolLabel);
    filters->addWidget(m_tool, 1);
    filters->addWidget(m_deniedOnly);
    filters->addWidget(m_useRange);
    filters->addWidget(m_from);
    filters->addWidget(new QLabel(QStringLiteral("–"), this));
    filters->addWidget(m_to);
    filters->addWidget(pageLabel);
    filters->addWidget(m_pageSize);
    filters->addWidget(m_search);

    auto *logBox = new QGroupBox(tr("Audit log"), this);
    auto *paging = new QHBoxLayout;
    paging->addWidget(m_previous);
    paging->addWidget(m_next);
    paging->addWidget(m_pageLabel, 1);
    paging->addWidget(m_exportCsv);
    paging->addWidget(m_exportJson);
    auto *chain = new QHBoxLayout;
    chain->addWidget(m_verify);
    chain->addWidget(m_chain, 1);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->addWidget(m_entries, 1);
    logLayout->addLayout(paging);
    logLayout->addLayout(chain);

    auto *securityBox = new QGroupBox(tr("Security"), this);
    auto *securityLayout = new QVBoxLayout(securityBox);
    securityLayout->addWidget(new QLabel(tr("Commands the policy refused, newest first:"), this));
    securityLayout->addWidget(m_denied, 1);
    securityLayout->addWidget(m_security);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(filterBox);
    layout->addWidget(logBox, 3);
    layout->addWidget(securityBox, 2);
    layout->addWidget(m_message);

    const QList<QWidget *> order{m_client, m_tool,      m_deniedOnly, m_useRange, m_from,
                                 m_to,     m_pageSize,  m_search,     m_entries,  m_previous,
                                 m_next,   m_exportCsv, m_exportJson, m_verify,   m_denied};
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i));
}

Result<admin::AuditQuery> AuditPage::currentQuery() const
{
    admin::AuditQuery query;
    query.client = m_client->text().trimmed();
    query.tool = m_tool->text().trimmed();
    if (m_deniedOnly->isChecked())
        query.denied = true;
    if (m_useRange->isChecked()) {
        query.from = m_from->dateTime().toUTC();
        query.to = m_to->dateTime().toUTC();
        if (query.from >= query.to)
            return Error::invalid(tr("The time range ends before it starts: choose a \"from\" "
                                     "time earlier than the \"until\" time."));
    }
    query.limit = m_pageSize->value();
    query.offset = m_offset;
    return query;
}

void AuditPage::refresh()
{
    search();
    admin::AdminClient *client = m_connections->client();
    if (!client)
        return;
    admin::AuditQuery denied;
    denied.denied = true;
    denied.limit = kDeniedShown;
    client->audit(denied, this, [this](Result<admin::AuditPage> page) {
        if (page.ok())
            showDenied(page.value());
        else
            report(page.error().message, true);
        emit deniedShown();
    });
    client->status(this, [this](Result<admin::DaemonStatus> status) {
        if (status.ok())
            showSecurity(status.value());
        else
            m_security->setText(status.error().message);
        emit securityShown();
    });
}

void AuditPage::search()
{
    admin::AdminClient *client = m_connections->client();
    if (!client)
        return;
    const auto query = currentQuery();
    if (!query.ok())
        return report(query.error().message, true);
    client->audit(query.value(), this, [this](Result<admin::AuditPage> page) {
        if (page.ok())
            showEntries(page.value());
        else
            report(page.error().message, true);
        emit entriesShown();
    });
}

void AuditPage::showEntries(const admin::AuditPage &page)
{
    m_entries->clear();
    for (const admin::AuditEntry &entry : page.entries) {
        auto *item = new QTreeWidgetItem(
            {when(entry.time), entry.client, entry.tool, decisionText(entry), entry.deniedRule(),
             entry.outcome, tr("%1 ms").arg(entry.durationMs), compact(entry.arguments)});
        item->setData(0, Qt::UserRole, entry.seq);
        item->setToolTip(7, compact(entry.arguments));
        if (entry.denied())
            item->setForeground(3, QColor(0xb0, 0x00, 0x20));
        m_entries->addTopLevelItem(item);
    }
    for (int column = 0; column < m_entries->columnCount() - 1; ++column)
        m_entries->resizeColumnToContents(column);
    m_matched = page.matched;
    m_offset = page.offset;
    if (page.entries.isEmpty())
        m_pageLabel->setText(page.matched == 0 ? tr("No entry matches the filters.")
                                               : tr("No entries on this page (%n match(es)).", "",
                                                    int(page.matched)));
    else
        m_pageLabel->setText(tr("Entries %1–%2 of %3, newest first.")
                                 .arg(page.offset + 1)
                                 .arg(page.offset + page.entries.size())
                                 .arg(page.matched));
    m_previous->setEnabled(page.offset > 0);
    m_next->setEnabled(page.offset + page.entries.size() < page.matched &&
                       page.offset + m_pageSize->value() <= kMaxOffset);
    m_exportCsv->setEnabled(page.matched > 0 && !m_exporting);
    m_exportJson->setEnabled(page.matched > 0 && !m_exporting);
}

void AuditPage::showDenied(const admin::AuditPage &page)
{
    m_denied->clear();
    for (const admin::AuditEntry &entry : page.entries) {
        const QString command =
            entry.command().isEmpty() ? compact(entry.arguments) : entry.command();
        const QString rule = entry.deniedRule().isEmpty() ? entry.outcome : entry.deniedRule();
        auto *item =
            new QTreeWidgetItem({when(entry.time), entry.client, entry.tool, rule, command});
        item->setToolTip(4, command);
        m_denied->addTopLevelItem(item);
    }
    for (int column = 0; column < m_denied->columnCount() - 1; ++column)
        m_denied->resizeColumnToContents(column);
}

QStringList AuditPage::securityLines(const admin::DaemonStatus &status)
{
    QStringList lines;
    bool sudoers = false;
    for (const admin::CheckState &check : status.checks) {
        if (check.name == QLatin1String("sudoers"))
            sudoers = true;
        if (check.name != QLatin1String("sudoers") && check.name != QLatin1String("audit") &&
            check.name != QLatin1String("ssh_key"))
            continue;
        const QString state = check.status == QLatin1String("ok")     ? tr("OK")
                              : check.status == QLatin1String("warn") ? tr("warning")
                                                                      : tr("failing");
        lines.append(tr("%1: %2 — %3").arg(check.name, state, check.detail));
    }
    if (!sudoers)
        lines.append(tr("sudoers: this daemon does not report the sudoers files' validity in its "
                        "health checks; \"proxmox-mcpd health-report\" checks them over SSH."));
    return lines;
}

void AuditPage::showSecurity(const admin::DaemonStatus &status)
{
    m_security->setText(securityLines(status).join(QLatin1Char('\n')));
}

void AuditPage::verifyChain()
{
    admin::AdminClient *client = m_connections->client();
    if (!client)
        return;
    m_verify->setEnabled(false);
    m_chain->setText(tr("Verifying…"));
    client->verifyAudit(this, [this](Result<admin::AuditChainResult> result) {
        m_verify->setEnabled(true);
        if (!result.ok()) {
            m_chain->setText(tr("The chain could not be verified: %1").arg(result.error().message));
            report(m_chain->text(), true);
            emit chainShown(false);
            return;
        }
        const admin::AuditChainResult &chain = result.value();
        if (chain.ok)
            m_chain->setText(tr("The chain is intact: %n entry(ies) checked, every link matches.",
                                "", int(chain.entriesChecked)));
        else
            m_chain->setText(tr("The chain is broken at %1, line %2: %3")
                                 .arg(chain.firstBadFile)
                                 .arg(chain.firstBadLine)
                                 .arg(chain.reason));
        m_chain->setStyleSheet(chain.ok ? QString() : QStringLiteral("color: #b00020"));
        report(m_chain->text(), !chain.ok);
        emit chainShown(chain.ok);
    });
}

void AuditPage::exportAs(bool csv)
{
    if (!m_connections->client() || m_exporting)
        return;
    auto query = currentQuery();
    if (!query.ok())
        return report(query.error().message, true);
    const QString suggested =
        QStringLiteral("proxmox-mcp-audit-%1.%2")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")),
                 csv ? QStringLiteral("csv") : QStringLiteral("json"));
    const QString path =
        m_chooseFile(suggested, csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    if (path.isEmpty())
        return report(tr("Nothing was exported."), false);
    auto job = std::make_shared<AuditExport>();
    job->csv = csv;
    job->path = path;
    job->query = query.value();
    job->query.offset = 0;
    job->query.limit = kExportPage;
    m_exporting = true;
    m_exportCsv->setEnabled(false);
    m_exportJson->setEnabled(false);
    report(tr("Exporting to %1…").arg(path), false);
    fetchForExport(job);
}

void AuditPage::fetchForExport(const std::shared_ptr<AuditExport> &job)
{
    admin::AdminClient *client = m_connections->client();
    const auto fail = [this](const QString &message) {
        m_exporting = false;
        m_exportCsv->setEnabled(m_matched > 0);
        m_exportJson->setEnabled(m_matched > 0);
        report(tr("Nothing was exported: %1").arg(message), true);
    };
    if (!client)
        return fail(tr("the connection to the daemon is closed."));
    client->audit(job->query, this, [this, job, fail](Result<admin::AuditPage> page) {
        if (!page.ok())
            return fail(page.error().message);
        job->matched = page.value().matched;
        job->entries.append(page.value().entries);
        const int next = job->query.offset + kExportPage;
        if (!page.value().entries.isEmpty() && job->entries.size() < job->matched &&
            next <= kMaxOffset) {
            job->query.offset = next;
            return fetchForExport(job);
        }
        finishExport(job);
    });
}

void AuditPage::finishExport(const std::shared_ptr<AuditExport> &job)
{
    m_exporting = false;
    m_exportCsv->setEnabled(m_matched > 0);
    m_exportJson->setEnabled(m_matched > 0);
    admin::AuditQuery filter = job->query;
    filter.offset = 0;
    QSaveFile file(job->path);
    const QByteArray content = job->csv ? toCsv(job->entries) : toJson(job->entries, filter);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return report(tr("Nothing was exported: %1 could not be written (%2).")
                          .arg(job->path, file.errorString()),
                      true);
    QString message =
        tr("Exported %n entry(ies) to %1.", "", int(job->entries.size())).arg(job->path);
    if (job->entries.size() < job->matched)
        message += QLatin1Char(' ') + tr("%n matching entry(ies) beyond the daemon's paging limit "
                                         "were left out: narrow the filters.",
                                         "", int(job->matched - job->entries.size()));
    report(message, false);
    emit exported(job->path, int(job->entries.size()));
}

QByteArray AuditPage::toCsv(const QList<admin::AuditEntry> &entries)
{
    QByteArray csv = "seq,time,client,tool,decision,rule,command,arguments,outcome,duration_ms,"
                     "target,upid,confirmed_by\r\n";
    for (const admin::AuditEntry &entry : entries) {
        const QStringList fields{QString::number(entry.seq),
                                 entry.time.toUTC().toString(Qt::ISODateWithMs),
                                 entry.client,
                                 entry.tool,
                                 entry.decision,
                                 entry.deniedRule(),
                                 entry.command(),
                                 compact(entry.arguments),
                                 entry.outcome,
                                 QString::number(entry.durationMs),
                                 entry.target,
                                 entry.upid,
                                 entry.confirmedBy};
        QByteArrayList line;
        for (const QString &field : fields)
            line.append(csvField(field));
        csv += line.join(',') + "\r\n";
    }
    return csv;
}

QByteArray AuditPage::toJson(const QList<admin::AuditEntry> &entries,
                             const admin::AuditQuery &filter)
{
    QJsonArray array;
    for (const admin::AuditEntry &entry : entries) {
        QJsonObject object{{QStringLiteral("seq"), QString::number(entry.seq)},
                           {QStringLiteral("time"), entry.time.toUTC().toString(Qt::ISODateWithMs)},
                           {QStringLiteral("client"), entry.client},
                           {QStringLiteral("tool"), entry.tool},
                           {QStringLiteral("arguments"), entry.arguments},
                           {QStringLiteral("decision"), entry.decision},
                           {QStringLiteral("duration_ms"), entry.durationMs},
                           {QStringLiteral("outcome"), entry.outcome},
                           {QStringLiteral("upid"), entry.upid},
                           {QStringLiteral("target"), entry.target}};
        if (!entry.confirmedBy.isEmpty())
            object.insert(QStringLiteral("confirmed_by"), entry.confirmedBy);
        array.append(object);
    }
    const QJsonObject document{
        {QStringLiteral("exported"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("filter"),
         QJsonObject{
             {QStringLiteral("client"), filter.client},
             {QStringLiteral("tool"), filter.tool},
             {QStringLiteral("deniedOnly"), filter.denied.value_or(false)},
             {QStringLiteral("from"),
              filter.from.isValid() ? filter.from.toUTC().toString(Qt::ISODateWithMs) : QString()},
             {QStringLiteral("to"),
              filter.to.isValid() ? filter.to.toUTC().toString(Qt::ISODateWithMs) : QString()}}},
        {QStringLiteral("count"), int(entries.size())},
        {QStringLiteral("entries"), array}};
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

void AuditPage::report(const QString &message, bool isError)
{
    m_message->setText(message);
    m_message->setStyleSheet(isError ? QStringLiteral("color: #b00020") : QString());
    emit reported(message, isError);
}

} // namespace pmcp
