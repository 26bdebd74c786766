#pragma once

#include "server/audit/AuditChainCheck.h"
#include "server/exec/CommandExecutor.h"
#include "server/mcp/McpServer.h"
#include "server/ops/ApiDocs.h"
#include "server/ops/HealthReport.h"
#include "shared/config/Config.h"
#include "shared/config/ConfigEditor.h"
#include "shared/core/Result.h"

#include <QObject>
#include <QProcessEnvironment>

#include <memory>
#include <optional>

class QTimer;

namespace pmcp {

class ActivitySeries;
class AdminController;
class AdminTokenStore;
class AlertController;
class AlertService;
class AuditLog;
class AuthFailureHistory;
class BackupController;
class BackupScheduler;
class BackupService;
class ClientAccessController;
class ClientUsage;
class ClientStore;
class CommandExecutor;
class CommandPolicy;
class ConfigController;
class EventBus;
class HealthReport;
class HealthReportScheduler;
class HealthWatcher;
class HttpListener;
class HttpRouter;
class McpHttpController;
class McpServer;
class HttpMetrics;
class OAuthController;
class OAuthEventWatcher;
class OAuthStore;
class MetricsRegistry;
class OpsController;
class ProxmoxHealthProbe;
class ProxmoxTargets;
class RequestLog;
class RotationController;
class RotationRunner;
class SessionManager;
class StdioTransport;

// The daemon put together from its configuration: the MCP engine with its tools, the client
// tokens, metrics and health, and a transport (HTTP or stdio).
class Daemon final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Daemon)
public:
    explicit Daemon(Config config, QObject *parent = nullptr);
    ~Daemon() override;

    // Serves MCP over HTTP(S) at MCP_HOST:MCP_PORT.
    Result<void> startHttp();
    // Serves MCP on stdin/stdout; finished() when stdin ends.
    Result<void> startStdio(bool readOnly);

    // The executor for the shell tools instead of the configured SSH/local one (the demo's
    // simulated shell). Call before starting.
    void setCommandExecutor(std::shared_ptr<CommandExecutor> executor);

    // ADMIN_ALLOWED_NETWORKS and TRUSTED_PROXIES of config, in force from the next request (a
    // configuration reload may call it; startHttp does). Nothing changes when either is invalid.
    Result<void> applyNetworkSettings(const Config &config);
    // The file the configuration was read from (with this environment over it): reload() reads
    // it again, the admin API's configuration routes change it, backups include it and a restore
    // writes it back there. Call before starting.
    void setConfigFile(const QString &path, const QProcessEnvironment &environment =
                                                QProcessEnvironment::systemEnvironment());
    QString configFile() const { return m_configFile; }
    // Re-reads the configuration file and applies what changed to the running daemon without
    // ending a session or a call in flight: the keys ConfigSchema marks live (tool selection,
    // allowed hosts and origins, log level, audit retention, session limits, the command policy
    // and its rules file, read again each time). The others are
    // reported as needing a restart. Publishes config.applied or config.rolled_back (after a
    // rollback by ConfigEditor). Refused, changing nothing, when the file is not valid.
    Result<ConfigReload> reload();

    quint16 port() const;
    QString baseUrl() const;
    static QString mcpPath() { return QStringLiteral("/api/mcp"); }

    // The configuration the daemon started with; currentConfig() is the file as last reloaded.
    const Config &config() const { return m_config; }
    const Config &currentConfig() const { return m_current; }
    McpServer &mcp() { return *m_mcp; }
    MetricsRegistry &metrics() { return *m_metrics; }
    ClientStore &clients() { return *m_clients; }
    AdminTokenStore &adminTokens() { return *m_adminTokens; }
    // The OAuth authorization server's state (STATE_DIR/oauth/); exists once started.
    OAuthStore &oauth() { return *m_oauth; }
    ClientUsage &usage() { return *m_usage; }
    // Looks at the OAuth store now for changes to announce (it also does every second).
    void checkClientAccess();
    // What the admin event stream carries (docs/ADMIN-API.md); exists from construction.
    EventBus &events() { return *m_events; }
    SessionManager *sessions() const { return m_sessions; }
    // Backups through the admin API and BACKUP_SCHEDULE; exists once started.
    BackupService *backups() const { return m_backups; }
    BackupScheduler *backupScheduler() const { return m_backupScheduler; }
    // Alerts (docs/ALERTS.md): the engine, the channels and the queue; exists once started.
    AlertService *alerts() const { return m_alerts; }
    HealthReportScheduler *healthReportScheduler() const { return m_reportScheduler; }
    // Rotations through the admin API (docs/ROTATION.md); exists once started over HTTP.
    RotationRunner *rotations() const { return m_rotations; }
    // The HTTP routes, once startHttp() succeeded; tests enumerate the admin routes from it.
    HttpRouter *router() const { return m_router.get(); }
    AdminController *admin() const { return m_admin.get(); }

signals:
    void finished();

private:
    // How much of the audit log one health probe verifies (about 3,000 entries): the first
    // probes catch up on a large log in slices instead of stalling the event loop.
    static constexpr qint64 kAuditCheckBytesPerProbe = 1024 * 1024;

    Result<void> prepare();
    Result<void> registerTools();
    void applyToolFilter(const Config &config);
    // Applies the live keys among changed from next to the running objects.
    void applyLive(const Config &next, const QStringList &changed);
    // Keys whose value in the file differs from the one the daemon started with, not live.
    QStringList restartNeeded() const;
    void announceReload(const QStringList &changed, const QStringList &restartNeeded);
    Result<void> registerShellTools();
    // Resources, prompts, completions and failover logs of the Proxmox targets.
    void registerProxmoxContext();
    // notifications/resources/updated for what a finished call changed.
    void announceChanges(const McpServer::ToolCallRecord &record);
    Result<void> openAudit();
    // After a restore through the admin API: re-read the client tokens and reopen the audit
    // log (its files and key were replaced).
    void reloadRestoredState(const QStringList &parts);
    Result<void> startBackupSchedule();
    // The alert engine over the health checks, targets, refused tokens and credential ages;
    // the channels of the configuration; the admin routes; HEALTH_REPORT_SCHEDULE.
    Result<void> startAlerts();
    // What the SSH executor saw of a command: the ssh.unreachable and ssh.host_key conditions.
    void observeSsh(const CommandResult &result);
    // A login running `true` at each alert evaluation (through the observed executor).
    void probeSsh();
    // HEALTH_REPORT_SCHEDULE of config, replacing the schedule in force.
    Result<void> scheduleHealthReport(const Config &config);
    // The ALERT_* keys and HEALTH_REPORT_SCHEDULE among changed, applied to the running alerts.
    void applyAlertSettings(const Config &next, const QStringList &changed);
    void declareMetrics();
    void addHealthProbes();
    void refreshGauges();
    // /health's ssh_key and api_token checks: the credentials' age against ROTATION_DAYS
    // (docs/ROTATION.md); a token made outside the daemon has no known age and no check here.
    QList<HealthCheck> credentialAgeChecks() const;
    // The admin API (docs/ADMIN-API.md) on the router: tokens, networks, routes, health events.
    Result<void> startAdmin();
    // What the admin API hears of a finished tool call (command.denied).
    void reportToAdmin(const McpServer::ToolCallRecord &record);
    // The contract's admin routes (AdminApi::routeDocs) that are registered, for /docs.
    QList<ApiDocs::Route> documentedAdminRoutes() const;

    Config m_config;
    Config m_current; // the configuration file as last (re)loaded; live keys in effect
    QString m_configFile;
    QProcessEnvironment m_environment;
    int m_announcedVersion = 0;   // the configuration version last published as an event
    EventBus *m_events = nullptr; // a child: lives as long as the daemon
    std::unique_ptr<MetricsRegistry> m_metrics;
    std::unique_ptr<HttpMetrics> m_httpMetrics; // the request log passes the router's reports on
    std::unique_ptr<RequestLog> m_requestLog;   // the router reports into it
    std::unique_ptr<ClientStore> m_clients;
    std::unique_ptr<AdminTokenStore> m_adminTokens;
    std::unique_ptr<OAuthStore> m_oauth;
    std::unique_ptr<ClientUsage> m_usage;
    std::unique_ptr<OAuthEventWatcher> m_oauthWatcher;
    std::unique_ptr<OAuthController> m_oauthController;
    std::unique_ptr<ClientAccessController> m_clientAccess;
    int m_ticksSinceUsageFlush = 0;
    std::unique_ptr<HealthReport> m_health;
    std::unique_ptr<ProxmoxTargets> m_targets;
    std::unique_ptr<AuditLog> m_audit;
    QString m_auditProblem;
    std::optional<AuditChainCheck> m_auditCheck; // verifies new entries at each health probe
    std::shared_ptr<CommandExecutor> m_executor;
    std::shared_ptr<const CommandPolicy> m_policy; // what the shell tools judge by; reloadable
    ProxmoxHealthProbe *m_proxmoxHealth = nullptr;
    McpServer *m_mcp = nullptr;
    SessionManager *m_sessions = nullptr;
    std::unique_ptr<HttpRouter> m_router;
    std::unique_ptr<McpHttpController> m_mcpController;
    std::unique_ptr<OpsController> m_ops;
    std::unique_ptr<ConfigController> m_configController;
    BackupService *m_backups = nullptr; // children
    BackupScheduler *m_backupScheduler = nullptr;
    std::unique_ptr<BackupController> m_backupController;
    AlertService *m_alerts = nullptr; // children
    HealthReportScheduler *m_reportScheduler = nullptr;
    QTimer *m_sshProbe = nullptr; // a child
    bool m_sshObserved = false;   // m_executor is the SSH executor, observed for the alerts
    bool m_sshProbeRunning = false;
    static constexpr int kSshProbeTimeoutMs = 15000;
    std::unique_ptr<AlertController> m_alertController;
    RotationRunner *m_rotations = nullptr; // a child
    std::unique_ptr<RotationController> m_rotationController;
    std::unique_ptr<ActivitySeries> m_activity;         // the admin status's last hour
    std::unique_ptr<AuthFailureHistory> m_authFailures; // the last 24 h, STATE_DIR
    static constexpr int kAuthFailureSaveMs = 60 * 1000;
    std::unique_ptr<AdminController> m_admin;
    HealthWatcher *m_healthWatcher = nullptr;
    HttpListener *m_listener = nullptr;
    StdioTransport *m_stdio = nullptr;
    bool m_prepared = false;
};

} // namespace pmcp
