#include "server/app/Daemon.h"

#include "server/admin/AdminApi.h"
#include "server/admin/AdminController.h"
#include "server/admin/AlertController.h"
#include "server/alerts/AlertService.h"
#include "server/app/DailyHealthChecks.h"
#include "server/app/HealthReportScheduler.h"
#include "server/app/ObservedExecutor.h"
#include "server/admin/HealthWatcher.h"
#include "server/admin/ClientAccessController.h"
#include "server/app/AppLogCategory.h"
#include "server/admin/ConfigController.h"
#include "server/app/AuditRecorder.h"
#include "server/app/Logging.h"
#include "server/app/CommandBackend.h"
#include "server/app/RotationRecord.h"
#include "server/app/RotationRunner.h"
#include "server/admin/RotationController.h"
#include "server/app/ProxmoxHealthProbe.h"
#include "server/app/StateDirCheck.h"
#include "server/admin/BackupController.h"
#include "server/audit/AuditLog.h"
#include "server/backup/BackupSchedule.h"
#include "server/backup/BackupScheduler.h"
#include "server/backup/BackupService.h"
#include "server/auth/AdminTokenStore.h"
#include "server/auth/ClientStore.h"
#include "server/events/EventBus.h"
#include "shared/core/Version.h"
#include "server/http/HttpListener.h"
#include "server/http/HttpRouter.h"
#include "server/http/NetworkList.h"
#include "server/http/McpHttpController.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/SessionManager.h"
#include "server/mcp/StdioTransport.h"
#include "server/ops/ActivitySeries.h"
#include "server/ops/AuthFailureHistory.h"
#include "server/oauth/ClientMetadataFetcher.h"
#include "server/oauth/ClientUsage.h"
#include "server/oauth/OAuthController.h"
#include "server/oauth/OAuthEventWatcher.h"
#include "server/oauth/OAuthStore.h"
#include "server/ops/HealthReport.h"
#include "server/ops/HttpMetrics.h"
#include "server/ops/MetricsRegistry.h"
#include "server/ops/OpsController.h"
#include "server/ops/RequestLog.h"
#include "server/proxmox/ProxmoxClient.h"
#include "server/proxmox/ProxmoxTargets.h"
#include "server/tools/ServerInfoTool.h"
#include "server/tools/ToolSelection.h"
#include "server/tools/context/AdminPrompts.h"
#include "server/tools/context/ProxmoxCompletions.h"
#include "server/tools/context/ProxmoxResources.h"
#include "server/tools/proxmox/ProxmoxTools.h"
#include "server/policy/CommandPolicy.h"
#include "server/exec/CommandExecutor.h"
#include "server/ssh/SshExecutor.h"
#include "server/tools/shell/ShellTools.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace pmcp {

namespace {

Result<QSslConfiguration> loadTls(const QString &certPath, const QString &keyPath)
{
    QFile certFile(certPath);
    if (!certFile.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("MCP_TLS_CERT: cannot read %1").arg(certPath));
    const auto chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (chain.isEmpty())
        return Error::invalid(
            QStringLiteral("MCP_TLS_CERT: no PEM certificate in %1").arg(certPath));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("MCP_TLS_KEY: cannot read %1").arg(keyPath));
    const QByteArray keyData = keyFile.readAll();
    QSslKey key(keyData, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyData, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        return Error::invalid(
            QStringLiteral("MCP_TLS_KEY: no usable PEM key (EC or RSA) in %1").arg(keyPath));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with bearer tokens
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    return tls;
}

// MCP_HOST in every form the configuration accepts (an IP address, IPv6 also in brackets, or
// localhost, with or without a trailing dot) as the address to listen on.
QString listenHost(QString host)
{
    if (host.endsWith(QLatin1Char('.')))
        host.chop(1);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("127.0.0.1");
    return host;
}

} // namespace

Daemon::Daemon(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_current(m_config)
    , m_events(new EventBus(1000, this))
{}

Daemon::~Daemon()
{
    // An SSH rotation in flight ends first (it undoes itself when it can no longer reload).
    delete m_rotations;
    m_rotations = nullptr;
    if (m_usage)
        (void)m_usage->flush();
    if (m_authFailures)
        (void)m_authFailures->save();
    // Sessions hold channels onto replies of the listener: end them first, and the 2026-07-28
    // requests too (their handlers may still use what the daemon's members hold).
    delete m_sessions;
    m_sessions = nullptr;
    if (m_mcp)
        m_mcp->endStatelessRequests();
}

Result<void> Daemon::prepare()
{
    if (m_prepared)
        return {};
    if (!m_config.isValid()) {
        QStringList reasons;
        for (const auto &problem : m_config.problems()) {
            if (problem.severity == ConfigProblem::Severity::Error)
                reasons.append(problem.key.isEmpty()
                                   ? problem.reason
                                   : problem.key + QStringLiteral(": ") + problem.reason);
        }
        return Error::invalid(QStringLiteral("invalid configuration:\n  ") +
                              reasons.join(QStringLiteral("\n  ")));
    }
    const QString stateDir = m_config.string(ConfigKey::StateDir);
    if (const auto prepared = StateDirCheck::prepare(stateDir); !prepared.ok())
        return prepared.error();

    m_metrics = std::make_unique<MetricsRegistry>();
    m_httpMetrics = std::make_unique<HttpMetrics>(m_metrics.get());
    m_activity = std::make_unique<ActivitySeries>();
    m_httpMetrics->setActivity(m_activity.get());
    m_authFailures = std::make_unique<AuthFailureHistory>(m_config.string(ConfigKey::StateDir));
    m_httpMetrics->setAuthFailureHistory(m_authFailures.get());
    m_requestLog = std::make_unique<RequestLog>(m_httpMetrics.get());
    m_clients = std::make_unique<ClientStore>(stateDir);
    m_adminTokens = std::make_unique<AdminTokenStore>(stateDir);
    m_oauth = std::make_unique<OAuthStore>(stateDir);
    m_usage = std::make_unique<ClientUsage>(stateDir);
    m_usage->load();
    // The failed authentications of the last 24 h, across restarts (the daily health report).
    if (const auto loaded = m_authFailures->load(); !loaded.ok())
        qCWarning(lcApp, "%s", qPrintable(loaded.error().message));
    m_health = std::make_unique<HealthReport>();
    m_mcp = new McpServer(
        {QStringLiteral("proxmox-mcp"), QStringLiteral("Proxmox VE"), productVersion(),
         QStringLiteral("Tools to inspect and operate a Proxmox VE cluster. Read-only "
                        "tools are safe to call; tools that change state say so in "
                        "their annotations.")},
        this);
    declareMetrics();
    m_mcp->setCallObserver([metrics = m_metrics.get(),
                            activity = m_activity.get()](const QString &method, const QString &tool,
                                                         const QString &outcome, double seconds) {
        metrics->increment(QStringLiteral("pmcp_mcp_requests_total"), {method, tool, outcome});
        metrics->observe(QStringLiteral("pmcp_mcp_request_duration_seconds"), seconds, {method});
        activity->request(seconds, outcome == QLatin1String("error") ||
                                       outcome == QLatin1String("tool_error"));
    });
    if (auto audit = openAudit(); !audit.ok())
        return audit;
    if (auto registered = registerTools(); !registered.ok())
        return registered;
    applyToolFilter(m_config);
    m_backups = new BackupService(m_config, m_configFile, m_events, this);
    connect(m_backups, &BackupService::restored, this,
            [this](const QStringList &parts, bool) { reloadRestoredState(parts); });
    addHealthProbes();
    m_prepared = true;
    return {};
}

void Daemon::declareMetrics()
{
    HttpMetrics::declare(*m_metrics);
    m_metrics->declareCounter(
        QStringLiteral("pmcp_http_rejected_total"),
        QStringLiteral(
            "Requests refused before routing (413: body over the limit; 408: headers or body "
            "too slow)."),
        {QStringLiteral("status")});
    m_metrics->declareCounter(
        QStringLiteral("pmcp_mcp_requests_total"),
        QStringLiteral(
            "MCP requests by method, tool and outcome (ok, error, tool_error, cancelled)."),
        {QStringLiteral("method"), QStringLiteral("tool"), QStringLiteral("outcome")});
    m_metrics->declareHistogram(QStringLiteral("pmcp_mcp_request_duration_seconds"),
                                QStringLiteral("Time from an MCP request to its response."),
                                MetricsRegistry::latencyBuckets(), {QStringLiteral("method")});
    m_metrics->declareCounter(
        QStringLiteral("pmcp_commands_total"),
        QStringLiteral("Shell commands checked by the command policy, by decision."),
        {QStringLiteral("decision")});
    m_metrics->declareCounter(
        QStringLiteral("pmcp_commands_denied_total"),
        QStringLiteral("Shell commands the policy refused, by the rule that matched."),
        {QStringLiteral("rule")});
    m_metrics->declareCounter(
        QStringLiteral("pmcp_proxmox_requests_coalesced_total"),
        QStringLiteral("Proxmox GET calls answered by an identical request already in flight "
                       "(PROXMOX_COALESCE_READS), by target."),
        {QStringLiteral("target")});
    m_metrics->declareCounter(QStringLiteral("pmcp_audit_entries_total"),
                              QStringLiteral("Tool calls recorded in the audit log."));
    m_metrics->declareCounter(
        QStringLiteral("pmcp_audit_write_failures_total"),
        QStringLiteral("Tool calls whose audit record could not be written."));
    m_metrics->declareGauge(QStringLiteral("pmcp_mcp_sessions_open"),
                            QStringLiteral("Open MCP sessions."));
    m_metrics->declareGauge(QStringLiteral("pmcp_clients_active"),
                            QStringLiteral("Client tokens that are neither revoked nor expired."));
    m_metrics->declareGauge(QStringLiteral("pmcp_uptime_seconds"),
                            QStringLiteral("Seconds since the daemon started."));
    m_metrics->declareGauge(QStringLiteral("pmcp_ssh_key_age_seconds"),
                            QStringLiteral("Seconds since SSH_KEY_PATH's key was made (rotate "
                                           "ssh-key, else the file's modification time)."));
    m_metrics->declareGauge(QStringLiteral("pmcp_api_token_age_seconds"),
                            QStringLiteral("Seconds since rotate api-token made the Proxmox API "
                                           "token in use (absent when it was made elsewhere)."));
    m_metrics->declareGauge(QStringLiteral("pmcp_build_info"),
                            QStringLiteral("Build information; the value is always 1."),
                            {QStringLiteral("version"), QStringLiteral("qt_version")});
    m_metrics->setGauge(QStringLiteral("pmcp_build_info"), 1,
                        {productVersion(), QString::fromLatin1(qVersion())});
}

Result<void> Daemon::registerTools()
{
    auto facts = std::make_shared<ServerInfoTool::Facts>();
    facts->tools = &m_mcp->tools();
    facts->uptime.start();
    if (m_config.boolean(ConfigKey::EnableProxmoxApi))
        facts->enabledBackends.append(QStringLiteral("proxmox_api"));
    if (m_config.boolean(ConfigKey::EnableSsh))
        facts->enabledBackends.append(QStringLiteral("ssh"));
    if (m_config.boolean(ConfigKey::EnableLocalExecution))
        facts->enabledBackends.append(QStringLiteral("local"));
    if (auto added = m_mcp->tools().add(ServerInfoTool::definition(facts)); !added.ok())
        return added;
    if (m_config.boolean(ConfigKey::EnableProxmoxApi)) {
        auto targets = ProxmoxTargets::fromConfig(m_config);
        if (!targets.ok())
            return targets.error();
        m_targets = std::make_unique<ProxmoxTargets>(std::move(targets.value()));
        ProxmoxTools::registerAll(m_mcp->tools(), m_targets.get(), ProxmoxToolOptions{});
        registerProxmoxContext();
    }
    return registerShellTools();
}

void Daemon::registerProxmoxContext()
{
    ProxmoxResources::install(m_mcp->resources(), m_targets.get());
    AdminPrompts::install(m_mcp->prompts());
    m_mcp->setCompleter(ProxmoxCompletions::completer(m_targets.get()));
    // A client that watches the log (logging/setLevel warning or lower) hears of failovers.
    for (const QString &name : m_targets->names()) {
        connect(m_targets->client(name), &ProxmoxClient::callCoalesced, m_mcp,
                [metrics = m_metrics.get(), name] {
                    metrics->increment(QStringLiteral("pmcp_proxmox_requests_coalesced_total"),
                                       {name});
                });
        connect(m_targets->client(name), &ProxmoxClient::failedOver, m_mcp,
                [mcp = m_mcp, name](const QString &from, const QString &to) {
                    mcp->logToSessions(
                        LogLevel::Warning, QStringLiteral("proxmox"),
                        QJsonObject{{QStringLiteral("event"), QStringLiteral("failover")},
                                    {QStringLiteral("target"), name},
                                    {QStringLiteral("from"), from},
                                    {QStringLiteral("to"), to}});
                });
    }
}

void Daemon::announceChanges(const McpServer::ToolCallRecord &record)
{
    const ToolDefinition *tool = m_mcp->tools().find(record.tool);
    if (!m_targets || !tool || tool->annotations.readOnly ||
        record.outcome != QLatin1String("ok") ||
        !m_targets->names().contains(record.facts.target().system))
        return;
    for (const QString &uri : ProxmoxResources::changedBy(record.facts.target()))
        m_mcp->notifyResourceUpdated(uri);
}

void Daemon::setCommandExecutor(std::shared_ptr<CommandExecutor> executor)
{
    m_executor = std::move(executor);
}

Result<void> Daemon::registerShellTools()
{
    if (!m_executor) {
        m_executor = CommandBackend::executorFromConfig(m_config);
        if (m_executor && m_config.boolean(ConfigKey::EnableSsh) &&
            !m_config.boolean(ConfigKey::EnableLocalExecution)) {
            QPointer<Daemon> self(this);
            m_executor =
                std::make_shared<ObservedExecutor>(m_executor, [self](const CommandResult &result) {
                    if (self)
                        self->observeSsh(result);
                });
            m_sshObserved = true;
        }
    }
    if (!m_executor)
        return {};
    auto policy = CommandBackend::policyFromConfig(m_config);
    if (!policy.ok())
        return policy.error();
    qCInfo(lcApp, "shell commands run on %s", qPrintable(m_executor->describe()));
    m_policy = policy.value();
    // With the Proxmox API, a command the core rules confirm meets what its typed tool meets
    // (the guest's protection flag, the dry run's words), and what a line changed is announced
    // to the subscribed clients. The shell's host is taken to be a node of the default target.
    std::shared_ptr<const ShellOperationGuard> guard;
    if (m_targets && !m_targets->isEmpty()) {
        const QString target = m_targets->names().first();
        guard = std::make_shared<const ShellOperationGuard>(m_targets->client(target), target);
    }
    ShellTools::registerAll(
        m_mcp->tools(), m_executor, policy.value(),
        [metrics = m_metrics.get()](const QString &, const PolicyDecision &decision) {
            metrics->increment(
                QStringLiteral("pmcp_commands_total"),
                {decision.allowed ? QStringLiteral("allowed") : QStringLiteral("denied")});
            if (!decision.allowed)
                metrics->increment(QStringLiteral("pmcp_commands_denied_total"), {decision.rule});
        },
        // Judged by the policy in force at the time of the call: a reload replaces it.
        [this](const QString &commandLine) { return m_policy->evaluate(commandLine); }, guard,
        [mcp = m_mcp](const QString &uri) { mcp->notifyResourceUpdated(uri); });
    return {};
}

Result<void> Daemon::openAudit()
{
    const QString stateDir = m_config.string(ConfigKey::StateDir);
    m_audit =
        std::make_unique<AuditLog>(AuditLog::directoryIn(stateDir), AuditLog::keyPathIn(stateDir));
    m_audit->setRetention(AuditRetention(m_config.integer(ConfigKey::AuditMaxBytes),
                                         int(m_config.integer(ConfigKey::AuditKeepDays))));
    if (auto opened = m_audit->open(); !opened.ok())
        return Error{opened.error().code, QStringLiteral("audit log: ") + opened.error().message};
    m_auditCheck.emplace(m_audit->chainCheck());
    m_mcp->setToolAuditor([this](const McpServer::ToolCallRecord &record) {
        announceChanges(record);
        reportToAdmin(record);
        m_usage->called(record.client, QDateTime::currentDateTimeUtc());
        const auto appended = m_audit->append(AuditRecorder::entryFor(record));
        if (appended.ok()) {
            m_metrics->increment(QStringLiteral("pmcp_audit_entries_total"));
            m_auditProblem.clear();
        } else {
            // The call already happened; say loudly that its record is missing.
            m_auditProblem = appended.error().message;
            m_metrics->increment(QStringLiteral("pmcp_audit_write_failures_total"));
            qCCritical(lcApp, "could not record %s by %s in the audit log: %s",
                       qPrintable(record.tool), qPrintable(record.client),
                       qPrintable(m_auditProblem));
        }
    });
    return {};
}

void Daemon::reloadRestoredState(const QStringList &parts)
{
    if (parts.contains(QLatin1String(BackupPart::Clients))) {
        if (const auto reloaded = m_clients->reload(); !reloaded.ok())
            qCWarning(lcApp, "after the restore: %s", qPrintable(reloaded.error().message));
        // The OAuth store notices its restored file by itself; the usage counts start from it.
        m_usage->load();
    }
    if (parts.contains(QLatin1String(BackupPart::Audit))) {
        if (const auto reopened = openAudit(); !reopened.ok()) {
            m_auditProblem = reopened.error().message;
            qCCritical(lcApp, "after the restore: %s", qPrintable(m_auditProblem));
        }
    }
    qCInfo(lcApp, "restored %s from a backup", qPrintable(parts.join(QStringLiteral(", "))));
    // A restored configuration file applies as an edit does: what can change live does.
    if (parts.contains(QLatin1String(BackupPart::Config)) && !m_configFile.isEmpty()) {
        if (const auto reloaded = reload(); !reloaded.ok())
            qCWarning(lcApp, "after the restore: %s", qPrintable(reloaded.error().message));
    }
}

Result<void> Daemon::startBackupSchedule()
{
    const QString text = m_config.string(ConfigKey::BackupSchedule);
    if (text.trimmed().isEmpty())
        return {};
    auto schedule = BackupSchedule::parse(text);
    if (!schedule.ok())
        return schedule.error();
    m_backupScheduler = new BackupScheduler(schedule.value(), m_backups, this);
    m_backupScheduler->start();
    m_health->addProbe([this] {
        const auto [status, detail] = m_backupScheduler->health();
        return HealthCheck{QStringLiteral("backup"), status, detail};
    });
    return {};
}

Result<void> Daemon::startAlerts()
{
    m_alerts->engine().setSource([this] {
        AlertEngine::Snapshot snapshot;
        for (const HealthCheck &check : m_health->run())
            snapshot.checks.append({check.name, check.status, check.detail});
        if (m_proxmoxHealth) {
            for (const QJsonValue &value : m_proxmoxHealth->targets()) {
                const QJsonObject target = value.toObject();
                QStringList offline;
                for (const QJsonValue &node : target[QLatin1String("offlineNodes")].toArray())
                    offline.append(node.toString());
                snapshot.targets.append({target[QLatin1String("name")].toString(),
                                         target[QLatin1String("status")].toString(),
                                         target[QLatin1String("detail")].toString(), offline});
            }
        }
        snapshot.authFailuresTotal =
            m_activity->totalsJson()[QLatin1String("authFailures")].toInteger();
        // Both credentials' age as /health has it (RotationRecord: since `rotate` made them,
        // else the key file's time) against ROTATION_DAYS; both apply live.
        const RotationRecord record(m_current.string(ConfigKey::StateDir));
        const int rotationDays = int(m_current.integer(ConfigKey::RotationDays));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (m_current.boolean(ConfigKey::EnableSsh)) {
            if (const QDateTime created = record.sshKeyCreated(m_current); created.isValid())
                snapshot.credentials.append({QStringLiteral("SSH key"),
                                             RotationRecord::ageDays(created, now), rotationDays});
        }
        if (m_current.boolean(ConfigKey::EnableProxmoxApi)) {
            if (const QDateTime created = record.apiTokenCreated(m_current); created.isValid())
                snapshot.credentials.append({QStringLiteral("Proxmox API token"),
                                             RotationRecord::ageDays(created, now), rotationDays});
        }
        return snapshot;
    });
    const int intervalMs = int(m_config.integer(ConfigKey::AlertCheckIntervalS)) * 1000;
    m_alerts->engine().start(intervalMs);
    // SSH reachability between commands: a login running `true` through the observed executor
    // at each evaluation, so ssh.unreachable is raised and cleared when no command runs.
    if (m_sshObserved) {
        m_sshProbe = new QTimer(this);
        connect(m_sshProbe, &QTimer::timeout, this, &Daemon::probeSsh);
        m_sshProbe->start(intervalMs);
        QTimer::singleShot(0, this, &Daemon::probeSsh);
    }
    return scheduleHealthReport(m_current);
}

void Daemon::probeSsh()
{
    if (!m_executor || !m_sshObserved || m_sshProbeRunning)
        return;
    m_sshProbeRunning = true;
    QPointer<Daemon> self(this);
    // ObservedExecutor tells observeSsh() what became of it: the alert is raised or cleared.
    m_executor->run(QStringLiteral("true"), kSshProbeTimeoutMs, [self](const CommandResult &) {
        if (self)
            self->m_sshProbeRunning = false;
    });
}

Result<void> Daemon::scheduleHealthReport(const Config &config)
{
    delete m_reportScheduler; // waits for a report in progress
    m_reportScheduler = nullptr;
    const QString text = config.string(ConfigKey::HealthReportSchedule);
    if (text.trimmed().isEmpty())
        return {};
    auto schedule = BackupSchedule::parse(text);
    if (!schedule.ok())
        return Error::invalid(QStringLiteral("HEALTH_REPORT_SCHEDULE: ") +
                              schedule.error().message);
    // The report asks this daemon's /health: on the port it really listens on.
    Config reportConfig = config;
    reportConfig.set(ConfigKey::McpPort, QString::number(port()));
    m_reportScheduler = new HealthReportScheduler(
        schedule.value(),
        [reportConfig] {
            return DailyHealthChecks::run(reportConfig, DailyHealthChecks::systemProbes());
        },
        m_alerts, this);
    m_reportScheduler->start();
    return {};
}

void Daemon::observeSsh(const CommandResult &result)
{
    if (!m_alerts)
        return;
    AlertEngine &engine = m_alerts->engine();
    const QString target = m_executor ? m_executor->describe() : QStringLiteral("ssh");
    if (result.status != CommandResult::Status::ConnectionFailure) {
        engine.clear(
            QStringLiteral("ssh.host_key"),
            QStringLiteral("%1 accepted a connection with the expected host key.").arg(target));
        engine.clear(QStringLiteral("ssh.unreachable"),
                     QStringLiteral("%1 runs commands again.").arg(target));
        return;
    }
    // HostKeyVerifier's refusals: a changed key (known_hosts) or a pin that no longer matches.
    if (result.error.contains(QLatin1String("HOST KEY CHANGED")) ||
        result.error.contains(QLatin1String("does not match SSH_HOST_KEY_FINGERPRINT")))
        engine.raise(QStringLiteral("ssh.host_key"), Alert::Severity::Critical,
                     QStringLiteral("The SSH host key of %1 changed").arg(target),
                     result.error +
                         QStringLiteral(" Commands are refused until the key is checked and "
                                        "trusted again (`proxmox-mcpd ssh trust`)."));
    else
        engine.raise(QStringLiteral("ssh.unreachable"), Alert::Severity::Critical,
                     QStringLiteral("SSH to %1 fails").arg(target), result.error);
}

void Daemon::applyToolFilter(const Config &config)
{
    const QStringList allow = config.list(ConfigKey::McpToolsAllow);
    const QStringList deny = config.list(ConfigKey::McpToolsDeny);
    const QStringList categories = config.list(ConfigKey::McpToolCategories);
    const ToolSelection selection(
        ToolSelection::parseProfile(config.string(ConfigKey::McpToolProfile))
            .value_or(ToolSelection::Profile::Core),
        allow, deny, categories);
    if (selection.offersEverything()) {
        if (m_prepared) // a reload from a narrower selection: offer everything again
            m_mcp->tools().setFilter({});
        return;
    }
    for (const QString &name : allow + deny) {
        if (!m_mcp->tools().find(name))
            qCWarning(lcApp, "MCP_TOOLS_ALLOW/DENY: no tool named %s", qPrintable(name));
    }
    // setFilter() tells every session: notifications/tools/list_changed.
    m_mcp->tools().setFilter(
        [selection](const ToolDefinition &tool) { return selection.offers(tool); });
}

void Daemon::setConfigFile(const QString &path, const QProcessEnvironment &environment)
{
    m_configFile = path;
    m_environment = environment;
    m_announcedVersion =
        ConfigEditor(path, m_config.string(ConfigKey::StateDir), environment).currentVersion();
}

Result<ConfigReload> Daemon::reload()
{
    if (m_configFile.isEmpty())
        return Error{ErrorCode::Conflict,
                     QStringLiteral("this daemon was not started from a configuration file")};
    const Config next = Config::load(m_configFile, m_environment);
    if (!next.isValid()) {
        QStringList reasons;
        for (const ConfigProblem &problem : next.problems()) {
            if (problem.severity == ConfigProblem::Severity::Error)
                reasons.append(problem.message());
        }
        return Error::invalid(
            QStringLiteral("%1 is not valid; the daemon keeps its configuration: %2")
                .arg(m_configFile, reasons.join(QStringLiteral("; "))));
    }
    // The rules file is read again on every reload, changed key or not (an edited rules file
    // and SIGHUP); rules that do not load refuse the reload, and the policy in force stays.
    std::shared_ptr<const CommandPolicy> policy;
    if (m_policy) {
        auto rules = CommandBackend::policyFromConfig(next);
        if (!rules.ok())
            return Error::invalid(
                QStringLiteral("%1: the daemon keeps its configuration and command policy")
                    .arg(rules.error().message));
        policy = rules.value();
    }
    QStringList changed;
    for (const ConfigSetting &setting : ConfigSchema::instance().keys()) {
        if (next.string(setting.key) != m_current.string(setting.key))
            changed.append(setting.name);
    }
    if (policy)
        m_policy = policy;
    if (m_prepared)
        applyLive(next, changed);
    m_current = next;
    ConfigReload report;
    ConfigEditor::splitByLiveness(changed, &report.applied, nullptr);
    report.restartNeeded = restartNeeded();
    const QStringList &restartNeeded = report.restartNeeded;
    qCInfo(lcApp, "configuration reloaded from %s: %s applied live%s", qPrintable(m_configFile),
           report.applied.isEmpty() ? "nothing"
                                    : qPrintable(report.applied.join(QStringLiteral(", "))),
           restartNeeded.isEmpty() ? ""
                                   : qPrintable(QStringLiteral("; waiting for a restart: ") +
                                                restartNeeded.join(QStringLiteral(", "))));
    announceReload(changed, restartNeeded);
    return report;
}

QStringList Daemon::restartNeeded() const
{
    QStringList keys;
    for (const ConfigSetting &setting : ConfigSchema::instance().keys()) {
        if (!setting.live && m_current.string(setting.key) != m_config.string(setting.key))
            keys.append(setting.name);
    }
    return keys;
}

void Daemon::applyLive(const Config &next, const QStringList &changed)
{
    const auto changedKey = [&changed](ConfigKey key) {
        return changed.contains(configKeyName(key));
    };
    if (changedKey(ConfigKey::LogLevel))
        Logging::setLevel(next.string(ConfigKey::LogLevel));
    if (changedKey(ConfigKey::McpToolProfile) || changedKey(ConfigKey::McpToolsAllow) ||
        changedKey(ConfigKey::McpToolsDeny) || changedKey(ConfigKey::McpToolCategories))
        applyToolFilter(next);
    if (m_router &&
        (changedKey(ConfigKey::McpAllowedHosts) || changedKey(ConfigKey::McpAllowedOrigins)))
        m_router->setOriginPolicy(OriginPolicy(next.list(ConfigKey::McpAllowedHosts),
                                               next.list(ConfigKey::McpAllowedOrigins)));
    if (m_router &&
        (changedKey(ConfigKey::AdminAllowedNetworks) || changedKey(ConfigKey::TrustedProxies))) {
        // Valid: Config::load checked both lists as CIDR ranges before reload() came here.
        if (const auto applied = applyNetworkSettings(next); !applied.ok())
            qCWarning(lcApp, "%s", qPrintable(applied.error().message));
    }
    if (m_audit && (changedKey(ConfigKey::AuditMaxBytes) || changedKey(ConfigKey::AuditKeepDays)))
        m_audit->setRetention(AuditRetention(next.integer(ConfigKey::AuditMaxBytes),
                                             int(next.integer(ConfigKey::AuditKeepDays))));
    if (m_targets &&
        (changedKey(ConfigKey::ProxmoxTokenName) || changedKey(ConfigKey::ProxmoxTokenValue))) {
        // After `rotate api-token`: the default target's calls from now on use the new token.
        // Only the target of the PROXMOX_* keys, never one of PROXMOX_TARGETS_FILE.
        ProxmoxClient *client = m_targets->client();
        const auto fromKeys = ProxmoxTargets::defaultTarget(next);
        if (client && fromKeys && client->target().usesToken() &&
            client->target().name == fromKeys->name && client->target().user == fromKeys->user)
            client->setToken(next.string(ConfigKey::ProxmoxTokenName),
                             next.string(ConfigKey::ProxmoxTokenValue));
    }
    if (changedKey(ConfigKey::SshKeyPath) || changedKey(ConfigKey::SshKeyPassphrase)) {
        // After `rotate ssh-key`: the next login uses the new key (the SSH executor, whether
        // the alerts observe it or not).
        CommandExecutor *executor = m_executor.get();
        if (auto *observed = dynamic_cast<ObservedExecutor *>(executor))
            executor = observed->inner();
        if (auto *ssh = dynamic_cast<SshExecutor *>(executor))
            ssh->setKey(next.string(ConfigKey::SshKeyPath),
                        next.string(ConfigKey::SshKeyPassphrase));
    }
    applyAlertSettings(next, changed);
    if (m_sessions && changedKey(ConfigKey::McpSessionIdleS))
        m_sessions->setIdleSeconds(int(next.integer(ConfigKey::McpSessionIdleS)));
    if (m_sessions && changedKey(ConfigKey::McpMaxSessionsPerClient))
        m_sessions->setMaxSessionsPerClient(int(next.integer(ConfigKey::McpMaxSessionsPerClient)));
}

void Daemon::applyAlertSettings(const Config &next, const QStringList &changed)
{
    if (!m_alerts)
        return;
    static const QList<ConfigKey> deliveryKeys{
        ConfigKey::AlertSlackWebhook, ConfigKey::AlertDiscordWebhook,
        ConfigKey::AlertWebhookUrl,   ConfigKey::AlertWebhookSecret,
        ConfigKey::AlertSmtpUrl,      ConfigKey::AlertSmtpUser,
        ConfigKey::AlertSmtpPassword, ConfigKey::AlertSmtpCaFile,
        ConfigKey::AlertEmailFrom,    ConfigKey::AlertEmailTo,
        ConfigKey::AlertQueueMax,     ConfigKey::AlertAuthFailures};
    const bool delivery = std::any_of(deliveryKeys.begin(), deliveryKeys.end(), [&](ConfigKey key) {
        return changed.contains(configKeyName(key));
    });
    if (delivery)
        m_alerts->reconfigure(AlertChannel::fromConfig(next),
                              int(next.integer(ConfigKey::AlertQueueMax)),
                              next.integer(ConfigKey::AlertAuthFailures));
    if (changed.contains(configKeyName(ConfigKey::AlertCheckIntervalS))) {
        const int intervalMs = int(next.integer(ConfigKey::AlertCheckIntervalS)) * 1000;
        m_alerts->engine().start(intervalMs);
        if (m_sshProbe)
            m_sshProbe->start(intervalMs);
    }
    if (changed.contains(configKeyName(ConfigKey::HealthReportSchedule))) {
        // Valid: Config::load checked the schedule before reload() came here.
        if (const auto scheduled = scheduleHealthReport(next); !scheduled.ok())
            qCWarning(lcApp, "%s", qPrintable(scheduled.error().message));
    }
}

void Daemon::announceReload(const QStringList &changed, const QStringList &restartNeeded)
{
    // The version ConfigEditor recorded for this file, if any: it says whether this was a
    // change or a rollback (whether made through the admin API or by `config set` and SIGHUP).
    const ConfigEditor editor(m_configFile, m_config.string(ConfigKey::StateDir), m_environment);
    const int version = editor.currentVersion();
    if (changed.isEmpty() && (version == 0 || version == m_announcedVersion))
        return;
    QString type = QLatin1String(EventType::ConfigApplied);
    for (const ConfigVersion &kept : editor.versions().list()) {
        if (kept.number == version && kept.action == QLatin1String("rollback"))
            type = QLatin1String(EventType::ConfigRolledBack);
    }
    m_announcedVersion = version;
    m_events->publish(
        type, {{QStringLiteral("version"),
                version > 0 ? QJsonValue(QString::number(version)) : QJsonValue()},
               {QStringLiteral("keys"), QJsonArray::fromStringList(changed)},
               {QStringLiteral("restartNeeded"), QJsonArray::fromStringList(restartNeeded)}});
}

void Daemon::addHealthProbes()
{
    const QString stateDir = m_config.string(ConfigKey::StateDir);
    m_health->addProbe([this] {
        if (!m_auditProblem.isEmpty())
            return HealthCheck{QStringLiteral("audit"), QStringLiteral("fail"),
                               QStringLiteral("the last tool call could not be recorded: ") +
                                   m_auditProblem};
        // Entries other processes (stdio clients, the CLI) append are checked too; a broken
        // chain degrades the daemon. A bounded slice per probe keeps /health fast on a large log.
        if (m_auditCheck) {
            const auto chain =
                m_auditCheck->advance(AuditChainCheck::Mode::Live, kAuditCheckBytesPerProbe);
            if (!chain.ok)
                return HealthCheck{
                    QStringLiteral("audit"), QStringLiteral("warn"),
                    QStringLiteral("the audit chain breaks at %1 line %2: %3 (`proxmox-mcpd "
                                   "audit verify` shows it)")
                        .arg(chain.firstBadFile)
                        .arg(chain.firstBadLine)
                        .arg(chain.reason)};
        }
        return HealthCheck{QStringLiteral("audit"), QStringLiteral("ok"),
                           AuditLog::directoryIn(m_config.string(ConfigKey::StateDir))};
    });
    m_health->addProbe([stateDir] {
        const QFileInfo info(stateDir);
        if (!info.isDir() || !info.isWritable())
            return HealthCheck{QStringLiteral("state_dir"), QStringLiteral("fail"),
                               QStringLiteral("%1 is not a writable folder").arg(stateDir)};
        return HealthCheck{QStringLiteral("state_dir"), QStringLiteral("ok"), stateDir};
    });
    // One probe per credential; a probe answers one check, so each looks up its own by name.
    for (const QString &name : {QStringLiteral("ssh_key"), QStringLiteral("api_token")}) {
        const bool wanted = name == QLatin1String("ssh_key")
                                ? m_config.boolean(ConfigKey::EnableSsh) &&
                                      !m_config.string(ConfigKey::SshKeyPath).isEmpty()
                                : m_config.boolean(ConfigKey::EnableProxmoxApi) &&
                                      !m_config.string(ConfigKey::ProxmoxTokenName).isEmpty();
        if (!wanted)
            continue;
        m_health->addProbe([this, name] {
            for (const HealthCheck &check : credentialAgeChecks()) {
                if (check.name == name)
                    return check;
            }
            return HealthCheck{name, QStringLiteral("ok"),
                               QStringLiteral("age unknown: made outside proxmox-mcpd")};
        });
    }
    if (m_targets && !m_targets->isEmpty()) {
        m_proxmoxHealth = new ProxmoxHealthProbe(m_targets.get(), 30000, this);
        m_health->addProbe([this] { return m_proxmoxHealth->check(); });
    }
    const bool authRequired = m_config.boolean(ConfigKey::McpRequireAuth);
    m_health->addProbe([this, authRequired] {
        if (!authRequired)
            return HealthCheck{QStringLiteral("clients"), QStringLiteral("warn"),
                               QStringLiteral("authentication is off (loopback only)")};
        const int active = m_clients->activeCount();
        const QDateTime now = m_oauth->now();
        const auto &grants = m_oauth->state().grants;
        const int granted =
            int(std::count_if(grants.cbegin(), grants.cend(),
                              [&now](const OAuthGrant &g) { return g.isActive(now); }));
        if (active == 0 && granted == 0)
            return HealthCheck{
                QStringLiteral("clients"), QStringLiteral("warn"),
                QStringLiteral(
                    "no client token: create one with `proxmox-mcpd clients create NAME`, or let "
                    "a client ask through OAuth and approve it (`proxmox-mcpd clients pending`)")};
        if (granted == 0)
            return HealthCheck{QStringLiteral("clients"), QStringLiteral("ok"),
                               QStringLiteral("%1 active client token(s)").arg(active)};
        return HealthCheck{QStringLiteral("clients"), QStringLiteral("ok"),
                           QStringLiteral("%1 active client token(s), %2 OAuth grant(s)")
                               .arg(active)
                               .arg(granted)};
    });
}

QList<HealthCheck> Daemon::credentialAgeChecks() const
{
    // m_current: the keys of both credentials and ROTATION_DAYS apply live (after `rotate`).
    const RotationRecord record(m_current.string(ConfigKey::StateDir));
    const int rotationDays = int(m_current.integer(ConfigKey::RotationDays));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto aged = [&](const QString &name, const QDateTime &created, const QString &what,
                          const QString &command) {
        const int days = RotationRecord::ageDays(created, now);
        if (days > rotationDays)
            return HealthCheck{name, QStringLiteral("warn"),
                               QStringLiteral("the %1 is %2 days old, more than ROTATION_DAYS "
                                              "(%3): proxmox-mcpd rotate %4")
                                   .arg(what)
                                   .arg(days)
                                   .arg(rotationDays)
                                   .arg(command)};
        return HealthCheck{
            name, QStringLiteral("ok"),
            QStringLiteral("%1 days old (rotate after %2)").arg(days).arg(rotationDays)};
    };
    QList<HealthCheck> checks;
    if (m_current.boolean(ConfigKey::EnableSsh) &&
        !m_current.string(ConfigKey::SshKeyPath).isEmpty()) {
        const QDateTime created = record.sshKeyCreated(m_current);
        checks.append(created.isValid()
                          ? aged(QStringLiteral("ssh_key"), created, QStringLiteral("SSH key"),
                                 QStringLiteral("ssh-key"))
                          : HealthCheck{QStringLiteral("ssh_key"), QStringLiteral("warn"),
                                        QStringLiteral("the SSH key %1 is missing")
                                            .arg(m_current.string(ConfigKey::SshKeyPath))});
    }
    const QDateTime token = record.apiTokenCreated(m_current);
    if (m_current.boolean(ConfigKey::EnableProxmoxApi) && token.isValid())
        checks.append(aged(QStringLiteral("api_token"), token, QStringLiteral("Proxmox API token"),
                           QStringLiteral("api-token")));
    return checks;
}

void Daemon::refreshGauges()
{
    m_metrics->setGauge(QStringLiteral("pmcp_mcp_sessions_open"),
                        m_sessions ? m_sessions->count() : 0);
    m_metrics->setGauge(QStringLiteral("pmcp_clients_active"), m_clients->activeCount());
    m_metrics->setGauge(QStringLiteral("pmcp_uptime_seconds"),
                        double(m_ops ? m_ops->uptimeSeconds() : 0));
    const RotationRecord record(m_current.string(ConfigKey::StateDir));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (const QDateTime key = record.sshKeyCreated(m_current);
        key.isValid() && m_current.boolean(ConfigKey::EnableSsh))
        m_metrics->setGauge(QStringLiteral("pmcp_ssh_key_age_seconds"), double(key.secsTo(now)));
    if (const QDateTime token = record.apiTokenCreated(m_current); token.isValid())
        m_metrics->setGauge(QStringLiteral("pmcp_api_token_age_seconds"),
                            double(token.secsTo(now)));
}

Result<void> Daemon::startHttp()
{
    if (auto prepared = prepare(); !prepared.ok())
        return prepared;
    std::optional<QSslConfiguration> tls;
    const QString cert = m_config.string(ConfigKey::McpTlsCert);
    if (!cert.isEmpty()) {
        auto loaded = loadTls(cert, m_config.string(ConfigKey::McpTlsKey));
        if (!loaded.ok())
            return loaded.error();
        tls = loaded.value();
    }
    const bool authRequired = m_config.boolean(ConfigKey::McpRequireAuth);
    const QString host = m_config.string(ConfigKey::McpHost);
    const QHostAddress address(listenHost(host));
    if (address.isNull())
        return Error::invalid(
            QStringLiteral("MCP_HOST: %1 is not an address to listen on (use an IP address, e.g. "
                           "127.0.0.1 or 0.0.0.0, or localhost)")
                .arg(host));
    if (!authRequired && !address.isLoopback())
        return Error::invalid(
            QStringLiteral("refusing to serve without authentication on a non-loopback address"));

    m_sessions = new SessionManager(m_mcp, int(m_config.integer(ConfigKey::McpSessionIdleS)),
                                    SessionManager::kDefaultMaxSessions,
                                    int(m_config.integer(ConfigKey::McpMaxSessionsPerClient)));
    HttpRouter::Authenticator authenticator;
    if (authRequired) {
        // OAuth access tokens and static client tokens have distinct prefixes: one store looks.
        authenticator = [this](const QByteArray &token) {
            auto identity = OAuthStore::looksLikeAccessToken(token)
                                ? m_oauth->authenticate(token)
                                : m_clients->authenticate(token);
            if (identity)
                m_usage->seen(identity->name, QDateTime::currentDateTimeUtc());
            return identity;
        };
    }
    m_router =
        std::make_unique<HttpRouter>(OriginPolicy(m_config.list(ConfigKey::McpAllowedHosts),
                                                  m_config.list(ConfigKey::McpAllowedOrigins)),
                                     authenticator, m_requestLog.get());
    m_mcpController = std::make_unique<McpHttpController>(m_mcp, m_sessions);
    m_mcpController->registerRoutes(*m_router, mcpPath(), RouteAccess::Token);
    m_oauthWatcher = std::make_unique<OAuthEventWatcher>(m_oauth.get(), m_events);
    if (authRequired) {
        // The daemon is its own authorization server for /api/mcp (docs/CLIENT-ACCESS.md).
        const QString metadata = OAuthController::protectedResourcePath(mcpPath());
        m_router->setResourceMetadataPath(metadata);
        m_mcpController->setResourceMetadataPath(metadata);
        m_oauthController = std::make_unique<OAuthController>(
            m_oauth.get(), OAuthController::Options{mcpPath(), [this] { checkClientAccess(); }});
        m_oauthController->setMetadataFetcher(new ClientMetadataFetcher(this));
        m_oauthController->registerRoutes(*m_router);
    }
    m_clientAccess = std::make_unique<ClientAccessController>(ClientAccessController::Parts{
        m_clients.get(), m_oauth.get(), m_usage.get(), m_events, [this] { checkClientAccess(); }});
    m_clientAccess->registerRoutes(*m_router);
    // Approvals and revocations of the CLI (another process) are announced within a second.
    auto *accessTimer = new QTimer(this);
    connect(accessTimer, &QTimer::timeout, this, [this] {
        checkClientAccess();
        if (++m_ticksSinceUsageFlush >= 5) {
            m_ticksSinceUsageFlush = 0;
            if (const auto flushed = m_usage->flush(); !flushed.ok())
                qCWarning(lcApp, "cannot record client usage: %s",
                          qPrintable(flushed.error().message));
        }
    });
    accessTimer->start(1000);
    auto *historyTimer = new QTimer(this);
    connect(historyTimer, &QTimer::timeout, this, [this] {
        if (const auto saved = m_authFailures->save(); !saved.ok())
            qCWarning(lcApp, "cannot record failed authentications: %s",
                      qPrintable(saved.error().message));
    });
    historyTimer->start(kAuthFailureSaveMs);
    m_ops = std::make_unique<OpsController>(
        OpsController::Options{
            mcpPath(), m_config.boolean(ConfigKey::MetricsPublic), authRequired,
            [mcp = m_mcp] {
                QList<ApiDocs::Tool> tools;
                for (const ToolDefinition *tool : mcp->tools().offered(false))
                    tools.append({tool->name, tool->description, tool->annotations.readOnly});
                return tools;
            },
            [this] { return documentedAdminRoutes(); }},
        m_health.get(), m_metrics.get(), [this] { refreshGauges(); });
    m_ops->registerRoutes(*m_router);
    m_configController = std::make_unique<ConfigController>(ConfigController::Options{
        [this] { return m_configFile; }, m_config.string(ConfigKey::StateDir),
        [this] { return m_environment; }, [this] { return reload(); },
        [this] { return restartNeeded(); }});
    m_configController->registerRoutes(*m_router);
    m_backupController = std::make_unique<BackupController>(m_backups);
    m_backupController->registerRoutes(*m_router);
    m_alerts = new AlertService({m_config.string(ConfigKey::StateDir),
                                 AlertChannel::fromConfig(m_config),
                                 int(m_config.integer(ConfigKey::AlertQueueMax)),
                                 m_config.integer(ConfigKey::AlertAuthFailures),
                                 {}},
                                m_events, this);
    m_alertController = std::make_unique<AlertController>(m_alerts);
    m_alertController->registerRoutes(*m_router);
    m_rotations = new RotationRunner({[this] { return m_current; }, [this] { return m_configFile; },
                                      [this]() -> Result<void> {
                                          const auto reloaded = reload();
                                          if (!reloaded.ok())
                                              return reloaded.error();
                                          return {};
                                      }},
                                     this);
    m_rotationController = std::make_unique<RotationController>(
        m_events, [this] { return m_rotations->status(); },
        [this](const QString &kind, bool dryRun, RotationController::Callbacks callbacks) {
            return m_rotations->start(kind, dryRun, std::move(callbacks));
        });
    m_rotationController->registerRoutes(*m_router);
    if (auto admin = startAdmin(); !admin.ok())
        return admin;

    m_listener = new HttpListener(
        [this](HttpRequest request, std::shared_ptr<HttpReply> reply) {
            m_router->handle(std::move(request), reply);
        },
        m_config.integer(ConfigKey::McpMaxBodyBytes), this);
    connect(m_listener, &HttpListener::rejected, this, [this](int status) {
        m_metrics->increment(QStringLiteral("pmcp_http_rejected_total"), {QString::number(status)});
    });
    const auto port =
        m_listener->listen(address, quint16(m_config.integer(ConfigKey::McpPort)), tls);
    if (!port.ok())
        return port.error();
    if (auto backups = startBackupSchedule(); !backups.ok())
        return backups;
    return startAlerts();
}

Result<void> Daemon::applyNetworkSettings(const Config &config)
{
    if (!m_router)
        return Error::invalid(QStringLiteral("the HTTP server is not running"));
    QString bad;
    const auto networks = NetworkList::parse(config.list(ConfigKey::AdminAllowedNetworks), &bad);
    if (!networks)
        return Error::invalid(
            QStringLiteral("ADMIN_ALLOWED_NETWORKS: %1 is not an address or CIDR range").arg(bad));
    const auto proxies = NetworkList::parse(config.list(ConfigKey::TrustedProxies), &bad);
    if (!proxies)
        return Error::invalid(
            QStringLiteral("TRUSTED_PROXIES: %1 is not an address or CIDR range").arg(bad));
    m_router->setAdminNetworks(*networks);
    m_router->setTrustedProxies(*proxies); // for every route: the source address is one fact
    return {};
}

Result<void> Daemon::startAdmin()
{
    if (auto applied = applyNetworkSettings(m_config); !applied.ok())
        return applied;
    // Admin tokens are checked whether or not MCP authentication is on: the admin API is never
    // open without one.
    m_router->setAdminAuthenticator(
        [this](const QByteArray &token) { return m_adminTokens->authenticate(token); });

    AdminController::Sources sources;
    sources.health = m_health.get();
    sources.activity = m_activity.get();
    sources.events = m_events;
    const QString stateDir = m_config.string(ConfigKey::StateDir);
    sources.auditDirectory = AuditLog::directoryIn(stateDir);
    sources.auditKeyPath = AuditLog::keyPathIn(stateDir);
    sources.targets = [this] {
        return m_proxmoxHealth ? m_proxmoxHealth->targets() : QJsonArray();
    };
    sources.now = [this] {
        return QJsonObject{
            {QStringLiteral("sessionsOpen"), m_sessions ? m_sessions->count() : 0},
            {QStringLiteral("clientsActive"), m_clients->activeCount()},
            {QStringLiteral("adminStreamsOpen"), m_admin ? m_admin->openStreams() : 0}};
    };
    m_admin = std::make_unique<AdminController>(sources);
    m_admin->registerRoutes(*m_router);

    m_healthWatcher =
        new HealthWatcher(m_health.get(), m_events, HealthWatcher::kDefaultIntervalMs, this);
    m_healthWatcher->check(); // the baseline: changes from here on are events
    m_healthWatcher->start();
    return {};
}

QList<ApiDocs::Route> Daemon::documentedAdminRoutes() const
{
    QList<ApiDocs::Route> routes;
    const QList<HttpRouter::RouteInfo> registered = m_router->routes();
    for (const AdminApi::RouteDoc &doc : AdminApi::routeDocs()) {
        for (const HttpRouter::RouteInfo &route : registered) {
            if (route.access == RouteAccess::Admin &&
                route.methods.contains(doc.method.toLatin1()) &&
                AdminApi::serves(route.path, route.prefix, doc.path)) {
                routes.append({doc.method, doc.path, doc.summary});
                break;
            }
        }
    }
    return routes;
}

void Daemon::reportToAdmin(const McpServer::ToolCallRecord &record)
{
    if (record.facts.decision() != AuditFacts::Decision::Denied)
        return;
    // Commands can be long; the tray shows a line, the audit log keeps the whole call.
    constexpr qsizetype kShownCommandChars = 200;
    m_activity->deniedCommand();
    m_events->publish(
        QLatin1String(EventType::CommandDenied),
        {{QStringLiteral("client"), record.client},
         {QStringLiteral("tool"), record.tool},
         {QStringLiteral("rule"), record.facts.rule()},
         {QStringLiteral("command"),
          record.arguments.value(QLatin1String("command")).toString().left(kShownCommandChars)},
         {QStringLiteral("reason"),
          QStringLiteral("the command policy refused it (rule %1)").arg(record.facts.rule())}});
}

Result<void> Daemon::startStdio(bool readOnly)
{
    if (auto prepared = prepare(); !prepared.ok())
        return prepared;
    m_stdio = new StdioTransport(
        m_mcp,
        [](const QByteArray &line) {
            std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
            std::fflush(stdout);
        },
        this);
    m_stdio->setIdentity({QStringLiteral("stdio"), readOnly});
    connect(m_stdio, &StdioTransport::finished, this, &Daemon::finished);
    m_stdio->startReadingStdin();
    return {};
}

void Daemon::checkClientAccess()
{
    if (m_oauthWatcher)
        m_oauthWatcher->check();
}

quint16 Daemon::port() const
{
    return m_listener ? m_listener->port() : 0;
}

QString Daemon::baseUrl() const
{
    const bool tls = !m_config.string(ConfigKey::McpTlsCert).isEmpty();
    QString host = listenHost(m_config.string(ConfigKey::McpHost));
    if (host == QLatin1String("0.0.0.0") || host == QLatin1String("::"))
        host = QStringLiteral("127.0.0.1");
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("%1://%2:%3")
        .arg(tls ? QStringLiteral("https") : QStringLiteral("http"), host)
        .arg(port());
}

} // namespace pmcp
