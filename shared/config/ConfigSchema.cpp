#include "shared/config/ConfigSchema.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

namespace pmcp {

namespace {

QString quoted(const QString &value)
{
    return QStringLiteral("\"%1\"").arg(value);
}

bool hasControlCharacter(const QString &value)
{
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

bool isHostLabel(const QString &label)
{
    if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
        return false;
    for (const QChar c : label) {
        if (!(c.isDigit() && c.unicode() < 128) && !(c.unicode() < 128 && c.isLetter()) &&
            c != u'-')
            return false;
    }
    return true;
}

QString checkProxmoxUser(const QString &value)
{
    static const QRegularExpression userId(QStringLiteral("^[^\\s@:/!]+@[A-Za-z][A-Za-z0-9._-]+$"));
    if (userId.match(value).hasMatch())
        return {};
    QString reason = QStringLiteral("%1 is not a Proxmox user id (user@realm, e.g. root@pam)")
                         .arg(quoted(value));
    if (value.contains(u'!'))
        reason += QStringLiteral("; the token name belongs in PROXMOX_TOKEN_NAME");
    return reason;
}

QString checkTokenName(const QString &value)
{
    static const QRegularExpression tokenName(QStringLiteral("^[A-Za-z][A-Za-z0-9._-]+$"));
    if (tokenName.match(value).hasMatch())
        return {};
    if (value.contains(u'!'))
        return QStringLiteral(
                   "%1 is a full token id; give only the name after \"!\" (e.g. claude-mcp)")
            .arg(quoted(value));
    return QStringLiteral("%1 is not a Proxmox API token name (a letter, then letters, digits, "
                          "\".\", \"-\" or \"_\")")
        .arg(quoted(value));
}

// Proxmox generates token secrets as UUIDs; anything else (a placeholder such as "xxxxxxxx",
// the token id, a password) cannot authenticate. The reason never quotes the secret.
QString checkTokenSecret(const QString &value)
{
    static const QRegularExpression uuid(QStringLiteral(
        "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"));
    if (uuid.match(value).hasMatch())
        return {};
    return QStringLiteral("is not a Proxmox API token secret (a 36-character UUID, shown once "
                          "when the token is created)");
}

// The name of a systemd credential: a file name in $CREDENTIALS_DIRECTORY.
QString checkCredentialName(const QString &value)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$"));
    if (name.match(value).hasMatch())
        return {};
    return QStringLiteral("%1 is not a credential name (letters, digits, \".\", \"-\" and "
                          "\"_\", as in LoadCredential=NAME)")
        .arg(quoted(value));
}

QString checkEachItem(const QString &value, QString (*check)(const QString &))
{
    for (const QString &item : value.split(u',')) {
        const QString trimmed = item.trimmed();
        if (trimmed.isEmpty())
            continue;
        const QString reason = check(trimmed);
        if (!reason.isEmpty())
            return reason;
    }
    return {};
}

ConfigSetting key(ConfigKey id, const char *name, ConfigType type, const char *defaultValue,
                  const char *group, const char *description)
{
    ConfigSetting k;
    k.key = id;
    k.name = QString::fromLatin1(name);
    k.type = type;
    k.defaultValue = QString::fromLatin1(defaultValue);
    k.group = QString::fromLatin1(group);
    k.description = QString::fromUtf8(description);
    return k;
}

ConfigSetting ranged(ConfigSetting k, qint64 minimum, qint64 maximum)
{
    k.minimum = minimum;
    k.maximum = maximum;
    return k;
}

ConfigSetting secret(ConfigSetting k)
{
    k.secret = true;
    return k;
}

ConfigSetting checked(ConfigSetting k, std::function<QString(const QString &)> check)
{
    k.check = std::move(check);
    return k;
}

QString checkBackupSchedule(const QString &value)
{
    // The same grammar as BackupSchedule::parse (server/backup), which TestBackupSchedule checks.
    static const QRegularExpression schedule(QStringLiteral(
        "^(daily|weekly (mon|tue|wed|thu|fri|sat|sun)) ([01][0-9]|2[0-3]):[0-5][0-9]$"));
    if (schedule.match(value.trimmed().toLower()).hasMatch())
        return {};
    return QStringLiteral("expected \"daily HH:MM\" or \"weekly DAY HH:MM\" (DAY: mon, tue, wed, "
                          "thu, fri, sat or sun), e.g. \"daily 02:00\"");
}

// A webhook is an http(s) URL with a host.
QString checkWebhookUrl(const QString &value)
{
    const QUrl url(value.trimmed(), QUrl::StrictMode);
    if (url.isValid() && !url.host().isEmpty() &&
        (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")))
        return {};
    return QStringLiteral("expected an http:// or https:// URL with a host");
}

QString checkSmtpUrl(const QString &value)
{
    const QUrl url(value.trimmed(), QUrl::StrictMode);
    if (url.isValid() && !url.host().isEmpty() && url.path().isEmpty() &&
        (url.scheme() == QLatin1String("smtp") || url.scheme() == QLatin1String("smtps")))
        return {};
    return QStringLiteral("expected smtp://HOST[:PORT] (STARTTLS) or smtps://HOST[:PORT]");
}

QString checkMailAddress(const QString &value)
{
    static const QRegularExpression address(QStringLiteral("^[^@\\s<>,]+@[^@\\s<>,]+$"));
    if (address.match(value.trimmed()).hasMatch())
        return {};
    return QStringLiteral("expected an e-mail address (name@example.com)");
}

} // namespace

ConfigSchema::ConfigSchema()
{
    using T = ConfigType;
    using K = ConfigKey;
    const char *logging = "Logging";
    const char *server = "MCP server";
    const char *state = "State";
    const char *alerts = "Alerts";
    const char *api = "Proxmox API";
    const char *ssh = "SSH";
    const char *features = "Features";

    ConfigSetting logLevel = key(K::LogLevel, "LOG_LEVEL", T::Enum, "INFO", logging,
                                 "How much the daemon logs: DEBUG, INFO, WARN or ERROR. At INFO, "
                                 "the default, each HTTP request line and each refused token "
                                 "is logged.");
    logLevel.choices = {QStringLiteral("INFO"), QStringLiteral("DEBUG"), QStringLiteral("WARN"),
                        QStringLiteral("ERROR")};
    logLevel.aliases.insert(QStringLiteral("WARNING"), QStringLiteral("WARN"));
    ConfigSetting toolProfile =
        key(K::McpToolProfile, "MCP_TOOL_PROFILE", T::Enum, "core", server,
            "Which tools a client sees: core (daily administration, 24 tools, about 15 KB of tool "
            "list) or full (every tool). MCP_TOOLS_ALLOW or MCP_TOOL_CATEGORIES replace it.");
    toolProfile.choices = {QStringLiteral("core"), QStringLiteral("full")};

    m_keys = {
        logLevel,

        key(K::McpHost, "MCP_HOST", T::Host, "127.0.0.1", server,
            "Address the MCP server listens on; 0.0.0.0 or :: listens on every interface."),
        ranged(key(K::McpPort, "MCP_PORT", T::Port, "8080", server,
                   "TCP port the MCP server listens on (0 lets the system pick a free port)."),
               0, 65535),
        key(K::McpTlsCert, "MCP_TLS_CERT", T::Path, "", server,
            "PEM certificate (chain) for HTTPS; set together with MCP_TLS_KEY, empty serves "
            "plain HTTP."),
        key(K::McpTlsKey, "MCP_TLS_KEY", T::Path, "", server,
            "PEM private key matching MCP_TLS_CERT; the file must be readable by the daemon."),
        checked(key(K::McpAllowedOrigins, "MCP_ALLOWED_ORIGINS", T::List, "", server,
                    "Extra browser origins allowed to call the server, comma-separated (e.g. "
                    "https://admin.example.com)."),
                [](const QString &v) { return checkEachItem(v, &ConfigSchema::checkOrigin); }),
        checked(key(K::McpAllowedHosts, "MCP_ALLOWED_HOSTS", T::List, "", server,
                    "Extra Host header names accepted besides the loopback names, comma-separated "
                    "(for a reverse proxy or a public name)."),
                [](const QString &v) { return checkEachItem(v, &ConfigSchema::checkHost); }),
        ranged(key(K::McpMaxBodyBytes, "MCP_MAX_BODY_BYTES", T::Integer, "4194304", server,
                   "Largest request body accepted, in bytes; bigger requests are refused."),
               1024, 1073741824),
        ranged(key(K::McpSessionIdleS, "MCP_SESSION_IDLE_S", T::Integer, "1800", server,
                   "Seconds after which an idle MCP session is closed."),
               10, 604800),
        ranged(key(K::McpMaxSessionsPerClient, "MCP_MAX_SESSIONS_PER_CLIENT", T::Integer, "32",
                   server,
                   "Open MCP sessions one client (token) may hold at once; past it, initialize "
                   "gets 429 until one closes or expires. All clients together hold at most "
                   "1000."),
               1, 1000),
        key(K::McpRequireAuth, "MCP_REQUIRE_AUTH", T::Bool, "true", server,
            "Require a client bearer token on every MCP request (only loopback may turn this "
            "off)."),
        key(K::MetricsPublic, "METRICS_PUBLIC", T::Bool, "false", server,
            "Serve /metrics to anyone who can reach the server, without a token."),
        checked(key(K::AdminAllowedNetworks, "ADMIN_ALLOWED_NETWORKS", T::List, "", server,
                    "Networks the admin API (/api/admin/) answers, comma-separated addresses or "
                    "CIDR ranges (e.g. 127.0.0.1/32,10.0.0.0/8); others get 403 before any token "
                    "is checked. Empty: any address (an admin token is still required)."),
                [](const QString &v) { return checkEachItem(v, &ConfigSchema::checkNetwork); }),
        checked(key(K::TrustedProxies, "TRUSTED_PROXIES", T::List, "", server,
                    "Reverse proxies whose X-Forwarded-For header is believed, comma-separated "
                    "addresses or CIDR ranges; from any other peer the header is ignored. The "
                    "source address decides ADMIN_ALLOWED_NETWORKS and the slowing down of "
                    "failed logins. Empty: the header is never believed."),
                [](const QString &v) { return checkEachItem(v, &ConfigSchema::checkNetwork); }),
        toolProfile,
        key(K::McpToolsAllow, "MCP_TOOLS_ALLOW", T::List, "", server,
            "Offer only these tools (names, comma-separated), whatever the profile; empty: the "
            "profile decides."),
        key(K::McpToolsDeny, "MCP_TOOLS_DENY", T::List, "", server,
            "Never offer these tools (names, comma-separated), even if allowed otherwise."),
        key(K::McpToolCategories, "MCP_TOOL_CATEGORIES", T::List, "", server,
            "Offer only tools of these categories: server, legacy, api, nodes, cluster, qemu, lxc, "
            "qemu-agent, snapshots, backups, storage, tasks, access, shell (all their tools, "
            "whatever the profile); empty: the profile decides."),

        key(K::StateDir, "STATE_DIR", T::Path, "/var/lib/proxmox-mcp", state,
            "Folder where the daemon keeps its state: client tokens, audit log, backups and keys."),
        ranged(key(K::AuditMaxBytes, "AUDIT_MAX_BYTES", T::Integer, "1073741824", state,
                   "Most bytes the audit log's files may hold together; past it the oldest files "
                   "are removed (the chain stays verifiable from an anchor). 0 keeps everything."),
               0, qint64(1) << 50),
        ranged(key(K::AuditKeepDays, "AUDIT_KEEP_DAYS", T::Integer, "0", state,
                   "Days an audit file is kept after its last entry; older files are removed. 0 "
                   "keeps them whatever their age."),
               0, 36500),
        key(K::BackupDir, "BACKUP_DIR", T::Path, "", state,
            "Folder for backups of the daemon's state (empty: STATE_DIR/backups)."),
        ranged(key(K::BackupKeep, "BACKUP_KEEP", T::Integer, "14", state,
                   "Backups kept in BACKUP_DIR; after each new one the oldest beyond this count "
                   "are removed. 0 keeps any number."),
               0, 100000),
        ranged(key(K::BackupKeepDays, "BACKUP_KEEP_DAYS", T::Integer, "0", state,
                   "Days a backup is kept; older ones are removed after each new one (the newest "
                   "always stays). 0 keeps them whatever their age."),
               0, 36500),
        checked(key(K::BackupSchedule, "BACKUP_SCHEDULE", T::String, "", state,
                    "When the daemon backs up its state by itself: \"daily HH:MM\" or \"weekly "
                    "DAY HH:MM\" (DAY: mon … sun), local time; a run missed while the daemon was "
                    "down runs at its next start. Empty: no scheduled backups."),
                &checkBackupSchedule),
        ranged(
            key(K::RotationDays, "ROTATION_DAYS", T::Integer, "90", state,
                "Days after which the SSH key and the API token are due for rotation "
                "(`proxmox-mcpd rotate`, docs/ROTATION.md): older ones are a warning in /health, "
                "the admin status and the daily health report."),
            1, 36500),

        key(K::EnableProxmoxApi, "ENABLE_PROXMOX_API", T::Bool, "true", api,
            "Offer the tools that use the Proxmox VE REST API."),
        checked(key(K::ProxmoxHost, "PROXMOX_HOST", T::List, "", api,
                    "Host names or IP addresses of the cluster's nodes to reach the API on, "
                    "comma-separated; when one is unreachable the next is used."),
                [](const QString &v) { return checkEachItem(v, &ConfigSchema::checkHost); }),
        key(K::ProxmoxPort, "PROXMOX_PORT", T::Port, "8006", api,
            "TCP port of the Proxmox VE API."),
        checked(key(K::ProxmoxUser, "PROXMOX_USER", T::String, "root@pam", api,
                    "Proxmox user that owns the API token, as user@realm."),
                &checkProxmoxUser),
        checked(key(K::ProxmoxTokenName, "PROXMOX_TOKEN_NAME", T::String, "", api,
                    "Name of the API token (the part after \"!\" in the token id)."),
                &checkTokenName),
        checked(
            secret(key(K::ProxmoxTokenValue, "PROXMOX_TOKEN_VALUE", T::String, "", api,
                       "Secret of the API token (a UUID shown once when the token is created).")),
            &checkTokenSecret),
        checked(key(K::ProxmoxTokenCredential, "PROXMOX_TOKEN_CREDENTIAL", T::String, "", api,
                    "Name of the systemd credential that holds PROXMOX_TOKEN_VALUE (the unit "
                    "loads proxmox-mcp.proxmox-token from /etc/credstore/ with LoadCredential=). "
                    "Under the unit the secret is read from $CREDENTIALS_DIRECTORY/NAME; other "
                    "processes (the CLI, stdio) use PROXMOX_TOKEN_VALUE as set."),
                &checkCredentialName),
        secret(key(K::ProxmoxPassword, "PROXMOX_PASSWORD", T::String, "", api,
                   "Password of PROXMOX_USER, for ticket login instead of an API token (then the "
                   "token keys stay empty); a token is preferred.")),
        key(K::ProxmoxVerifySsl, "PROXMOX_VERIFY_SSL", T::Bool, "true", api,
            "Verify the API's TLS certificate; turning this off lets anyone on the path "
            "impersonate the server."),
        key(K::ProxmoxCaFile, "PROXMOX_CA_FILE", T::Path, "", api,
            "PEM file with the CA that signed the Proxmox certificate, for self-signed clusters."),
        key(K::ProxmoxFingerprint, "PROXMOX_FINGERPRINT", T::Fingerprint, "", api,
            "SHA-256 fingerprint of the Proxmox certificate to pin instead of trusting a CA."),
        ranged(key(K::ProxmoxTimeoutS, "PROXMOX_TIMEOUT_S", T::Integer, "30", api,
                   "Seconds to wait for a Proxmox API reply before giving up."),
               1, 3600),
        ranged(key(K::ProxmoxMaxConnections, "PROXMOX_MAX_CONNECTIONS", T::Integer, "16", api,
                   "Requests in flight at once to each Proxmox target (HTTPS connections per "
                   "node); more wait their turn. Above 6 the client spreads them over several "
                   "connection pools."),
               1, 256),
        key(K::ProxmoxCoalesceReads, "PROXMOX_COALESCE_READS", T::Bool, "true", api,
            "Identical concurrent GET requests to one target (same path, parameters and "
            "credentials) share one Proxmox request; writes are never shared."),
        key(K::ProxmoxTargetsFile, "PROXMOX_TARGETS_FILE", T::Path, "", api,
            "JSON file naming further Proxmox clusters the tools may address by name "
            "({\"targets\": [{\"name\", \"hosts\", \"user\", \"token_name\", "
            "\"token_value\", ...}]})."),

        key(K::EnableSsh, "ENABLE_SSH", T::Bool, "true", ssh,
            "Offer the tools that run commands on the Proxmox host over SSH."),
        key(K::SshHost, "SSH_HOST", T::Host, "", ssh,
            "Host name or IP address of the Proxmox host to SSH to."),
        key(K::SshPort, "SSH_PORT", T::Port, "22", ssh, "TCP port of the SSH server."),
        key(K::SshUser, "SSH_USER", T::String, "claude-user", ssh,
            "User name to log in as over SSH."),
        key(K::SshKeyPath, "SSH_KEY_PATH", T::Path, "", ssh,
            "Private key file used to log in over SSH."),
        checked(key(K::SshKeyCredential, "SSH_KEY_CREDENTIAL", T::String, "", ssh,
                    "Name of the systemd credential that holds the SSH private key (the unit "
                    "loads proxmox-mcp.ssh-key from /etc/credstore/ with LoadCredential=). Under "
                    "the unit SSH_KEY_PATH becomes $CREDENTIALS_DIRECTORY/NAME; other processes "
                    "(the CLI, stdio) use SSH_KEY_PATH as set."),
                &checkCredentialName),
        secret(key(K::SshKeyPassphrase, "SSH_KEY_PASSPHRASE", T::String, "", ssh,
                   "Passphrase of the SSH private key, if it has one.")),
        secret(key(K::SshPassword, "SSH_PASSWORD", T::String, "", ssh,
                   "Password to log in with when no SSH key is configured.")),
        key(K::SshKnownHosts, "SSH_KNOWN_HOSTS", T::Path, "", ssh,
            "known_hosts file used to check the host key (empty: STATE_DIR/known_hosts)."),
        key(K::SshHostKeyFingerprint, "SSH_HOST_KEY_FINGERPRINT", T::Fingerprint, "", ssh,
            "SHA-256 fingerprint of the host key to pin (as printed by ssh-keygen -l)."),
        ranged(key(K::SshTimeoutS, "SSH_TIMEOUT_S", T::Integer, "30", ssh,
                   "Seconds a command over SSH may run before it is stopped."),
               1, 86400),
        key(K::SshAuthorizedKeys, "SSH_AUTHORIZED_KEYS", T::String, ".ssh/authorized_keys", ssh,
            "SSH_USER's authorized_keys file on the host, which `rotate ssh-key` changes "
            "(relative to SSH_USER's home unless absolute)."),

        secret(checked(key(K::AlertSlackWebhook, "ALERT_SLACK_WEBHOOK", T::String, "", alerts,
                           "Slack incoming-webhook URL the alerts are posted to (docs/ALERTS.md); "
                           "empty: no Slack channel."),
                       &checkWebhookUrl)),
        secret(checked(key(K::AlertDiscordWebhook, "ALERT_DISCORD_WEBHOOK", T::String, "", alerts,
                           "Discord webhook URL the alerts are posted to; empty: no Discord "
                           "channel."),
                       &checkWebhookUrl)),
        checked(key(K::AlertWebhookUrl, "ALERT_WEBHOOK_URL", T::String, "", alerts,
                    "URL the alerts are posted to as JSON of the documented schema "
                    "(proxmox-mcp.alert/1, docs/ALERTS.md); empty: no generic webhook."),
                &checkWebhookUrl),
        secret(key(K::AlertWebhookSecret, "ALERT_WEBHOOK_SECRET", T::String, "", alerts,
                   "Key of the HMAC-SHA256 signature of each generic webhook post "
                   "(X-Proxmox-MCP-Signature); empty: posts are not signed.")),
        checked(key(K::AlertSmtpUrl, "ALERT_SMTP_URL", T::String, "", alerts,
                    "Mail server for e-mail alerts: smtp://HOST:PORT (STARTTLS required) or "
                    "smtps://HOST:PORT (TLS from the start); empty: no e-mail channel."),
                &checkSmtpUrl),
        key(K::AlertSmtpUser, "ALERT_SMTP_USER", T::String, "", alerts,
            "User name to authenticate to the mail server with (empty: no authentication)."),
        secret(key(K::AlertSmtpPassword, "ALERT_SMTP_PASSWORD", T::String, "", alerts,
                   "Password for ALERT_SMTP_USER.")),
        key(K::AlertSmtpCaFile, "ALERT_SMTP_CA_FILE", T::Path, "", alerts,
            "CA certificates (PEM) the mail server's certificate is checked against (empty: "
            "the system's)."),
        checked(key(K::AlertEmailFrom, "ALERT_EMAIL_FROM", T::String, "", alerts,
                    "Sender address of e-mail alerts (required with ALERT_SMTP_URL)."),
                &checkMailAddress),
        checked(key(K::AlertEmailTo, "ALERT_EMAIL_TO", T::List, "", alerts,
                    "Recipients of e-mail alerts, comma-separated (required with "
                    "ALERT_SMTP_URL)."),
                [](const QString &v) { return checkEachItem(v, &checkMailAddress); }),
        ranged(key(K::AlertQueueMax, "ALERT_QUEUE_MAX", T::Integer, "500", alerts,
                   "Deliveries kept for retry (in STATE_DIR/alerts/, across restarts); when "
                   "full the oldest is dropped."),
               10, 100000),
        ranged(key(K::AlertAuthFailures, "ALERT_AUTH_FAILURES", T::Integer, "20", alerts,
                   "Refused bearer tokens within 5 minutes that raise an alert (0: no such "
                   "alert)."),
               0, 1000000),
        ranged(key(K::AlertCheckIntervalS, "ALERT_CHECK_INTERVAL_S", T::Integer, "60", alerts,
                   "Seconds between two evaluations of the alert conditions (events are "
                   "looked at as they come)."),
               5, 86400),
        checked(key(K::HealthReportSchedule, "HEALTH_REPORT_SCHEDULE", T::String, "", alerts,
                    "When the daemon sends the daily health report (`health-report`) to the "
                    "alert channels: \"daily HH:MM\" or \"weekly DAY HH:MM\", local time. "
                    "Empty: not sent."),
                &checkBackupSchedule),

        key(K::CommandPolicyFile, "COMMAND_POLICY_FILE", T::Path, "", features,
            "Rules file for execute_command (see docs/POLICY.md); empty uses the built-in "
            "rules. `proxmox-mcpd policy show` prints them as a starting point."),
        key(K::EnableDangerousCommands, "ENABLE_DANGEROUS_COMMANDS", T::Bool, "false", features,
            "Relax execute_command's policy: only the core deny rules stay (root@pam, cluster "
            "destruction, host shutdown and reboot, disk wiping); see docs/POLICY.md."),
        key(K::EnableLocalExecution, "ENABLE_LOCAL_EXECUTION", T::Bool, "false", features,
            "Run execute_command on the machine the daemon runs on instead of over SSH (same "
            "policy)."),
        key(K::EnableMonitoring, "ENABLE_MONITORING", T::Bool, "false", features,
            "Offer the monitoring tools and metrics for Prometheus and Grafana."),
    };

    // setting() indexes by ConfigKey: entry i must be ConfigKey(i), every key exactly once. A
    // table that breaks this is a programming error, caught by the first test that reads it.
    if (m_keys.size() != configKeyCount)
        qFatal("ConfigSchema: %lld entries for %d ConfigKey values",
               static_cast<long long>(m_keys.size()), configKeyCount);
    for (int i = 0; i < configKeyCount; ++i) {
        if (static_cast<int>(m_keys.at(i).key) != i)
            qFatal("ConfigSchema: entry %d (%s) is not ConfigKey %d", i,
                   qPrintable(m_keys.at(i).name), i);
    }

    // What Daemon::reload() applies to the running objects without dropping a session or a call
    // (docs/CONFIGURATION.md, "Changing the configuration"); any other key waits for a restart.
    for (const ConfigKey liveKey :
         {K::LogLevel, K::McpAllowedOrigins, K::McpAllowedHosts, K::McpSessionIdleS,
          K::McpMaxSessionsPerClient, K::McpToolProfile, K::McpToolsAllow, K::McpToolsDeny,
          K::McpToolCategories, K::AuditMaxBytes, K::AuditKeepDays, K::CommandPolicyFile,
          K::EnableDangerousCommands, K::AdminAllowedNetworks, K::TrustedProxies})
        m_keys[static_cast<int>(liveKey)].live = true;
    // What `rotate` switches, and its period (docs/ROTATION.md): read on each login, call, check.
    for (const ConfigKey liveKey : {K::SshKeyPath, K::SshKeyPassphrase, K::ProxmoxTokenName,
                                    K::ProxmoxTokenValue, K::RotationDays})
        m_keys[static_cast<int>(liveKey)].live = true;
    // The alerts' channels, queue, thresholds and report schedule (docs/ALERTS.md).
    for (const ConfigKey liveKey :
         {K::AlertSlackWebhook, K::AlertDiscordWebhook, K::AlertWebhookUrl, K::AlertWebhookSecret,
          K::AlertSmtpUrl, K::AlertSmtpUser, K::AlertSmtpPassword, K::AlertSmtpCaFile,
          K::AlertEmailFrom, K::AlertEmailTo, K::AlertQueueMax, K::AlertAuthFailures,
          K::AlertCheckIntervalS, K::HealthReportSchedule})
        m_keys[static_cast<int>(liveKey)].live = true;
}

const ConfigSchema &ConfigSchema::instance()
{
    static const ConfigSchema schema;
    return schema;
}

QString configKeyName(ConfigKey key)
{
    return ConfigSchema::instance().setting(key).name;
}

std::optional<ConfigKey> configKeyFromName(const QString &name)
{
    const ConfigSetting *setting = ConfigSchema::instance().find(name);
    return setting ? std::optional<ConfigKey>(setting->key) : std::nullopt;
}

const ConfigSetting *ConfigSchema::find(const QString &name) const
{
    for (const ConfigSetting &k : m_keys) {
        if (k.name == name)
            return &k;
    }
    return nullptr;
}

QStringList ConfigSchema::groups() const
{
    QStringList result;
    for (const ConfigSetting &k : m_keys) {
        if (!result.contains(k.group))
            result.append(k.group);
    }
    return result;
}

const QStringList &ConfigSchema::legacyKeys()
{
    static const QStringList keys = {QStringLiteral("IMAGE_TAG"), QStringLiteral("SSH_TARGET"),
                                     QStringLiteral("GRAFANA_PASSWORD")};
    return keys;
}

bool ConfigSchema::parseBool(const QString &value, bool *ok)
{
    static const QStringList yes = {QStringLiteral("true"), QStringLiteral("yes"),
                                    QStringLiteral("y"), QStringLiteral("1"), QStringLiteral("on")};
    static const QStringList no = {QStringLiteral("false"), QStringLiteral("no"),
                                   QStringLiteral("n"), QStringLiteral("0"), QStringLiteral("off")};
    const QString lower = value.trimmed().toLower();
    const bool isYes = yes.contains(lower);
    if (ok)
        *ok = isYes || no.contains(lower);
    return isYes;
}

QString ConfigSchema::typeName(ConfigType type)
{
    switch (type) {
    case ConfigType::String:
        return QStringLiteral("string");
    case ConfigType::Bool:
        return QStringLiteral("bool");
    case ConfigType::Integer:
        return QStringLiteral("integer");
    case ConfigType::Port:
        return QStringLiteral("port");
    case ConfigType::Path:
        return QStringLiteral("path");
    case ConfigType::Host:
        return QStringLiteral("host");
    case ConfigType::Enum:
        return QStringLiteral("enum");
    case ConfigType::List:
        return QStringLiteral("list");
    case ConfigType::Fingerprint:
        return QStringLiteral("fingerprint");
    }
    return QStringLiteral("string");
}

QString ConfigSchema::checkNetwork(const QString &value)
{
    if (value.contains(u'/') ? !QHostAddress::parseSubnet(value).first.isNull()
                             : !QHostAddress(value).isNull())
        return {};
    return QStringLiteral("%1 is not an IP address or a network in CIDR form (e.g. 10.0.0.0/8)")
        .arg(quoted(value));
}

QString ConfigSchema::checkHost(const QString &value)
{
    const QString expected =
        QStringLiteral("%1 is not a host name or IP address (give the name only, without scheme, "
                       "port or path)")
            .arg(quoted(value));
    QHostAddress address;
    if (value.startsWith(u'[') && value.endsWith(u']')) {
        return address.setAddress(value.mid(1, value.size() - 2)) &&
                       address.protocol() == QAbstractSocket::IPv6Protocol
                   ? QString()
                   : expected;
    }
    if (address.setAddress(value))
        return {};
    QString name = value;
    if (name.endsWith(u'.'))
        name.chop(1);
    if (name.isEmpty() || name.size() > 253)
        return expected;
    const QStringList labels = name.split(u'.');
    for (const QString &label : labels) {
        if (!isHostLabel(label))
            return expected;
    }
    // A numeric last label is a mistyped IPv4 address, not a name ("192.168.1.300").
    bool numeric = false;
    labels.last().toLongLong(&numeric);
    return numeric ? expected : QString();
}

QString ConfigSchema::checkFingerprint(const QString &value)
{
    const QString expected =
        QStringLiteral("%1 is not a SHA-256 fingerprint (SHA256:<base64> or 32 "
                       "hex bytes, colon-separated or not)")
            .arg(quoted(value));
    const QString prefix = QStringLiteral("SHA256:");
    if (value.startsWith(prefix, Qt::CaseInsensitive)) {
        const QString encoded = value.mid(prefix.size());
        for (const QChar c : encoded) {
            if (c.unicode() >= 128)
                return expected;
        }
        const auto decoded = QByteArray::fromBase64Encoding(
            encoded.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        return decoded && decoded.decoded.size() == 32 ? QString() : expected;
    }
    // 64 hex digits without colons, as some tools print it.
    QStringList bytes = value.split(u':');
    if (bytes.size() == 1 && value.size() == 64) {
        bytes.clear();
        for (int i = 0; i < value.size(); i += 2)
            bytes.append(value.mid(i, 2));
    }
    if (bytes.size() != 32)
        return expected;
    for (const QString &byte : bytes) {
        bool ok = false;
        if (byte.size() != 2 || (byte.toInt(&ok, 16), !ok) || byte.startsWith(u'+') ||
            byte.startsWith(u'-'))
            return expected;
    }
    return {};
}

QString ConfigSchema::checkOrigin(const QString &value)
{
    const QString expected =
        QStringLiteral("%1 is not a browser origin (scheme://host[:port], e.g. "
                       "https://admin.example.com, without a path)")
            .arg(quoted(value));
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid() ||
        (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https")))
        return expected;
    if (url.host().isEmpty() || !url.path().isEmpty() || url.hasQuery() || url.hasFragment() ||
        !url.userInfo().isEmpty())
        return expected;
    const QString host = url.host();
    return checkHost(host.contains(u':') ? u'[' + host + u']' : host).isEmpty() ? QString()
                                                                                : expected;
}

QString ConfigSchema::canonical(const ConfigSetting &key, const QString &value) const
{
    if (key.type != ConfigType::Enum)
        return value;
    const QString trimmed = value.trimmed();
    for (const QString &choice : key.choices) {
        if (choice.compare(trimmed, Qt::CaseInsensitive) == 0)
            return choice;
    }
    const auto alias = key.aliases.constFind(trimmed.toUpper());
    return alias != key.aliases.constEnd() ? alias.value() : value;
}

QString ConfigSchema::validate(const ConfigSetting &key, const QString &value) const
{
    if (value.isEmpty()) {
        if (key.isOptional())
            return {};
        return QStringLiteral("must not be empty (remove the line to use the default, %1)")
            .arg(key.defaultValue);
    }
    if (hasControlCharacter(value))
        return QStringLiteral("contains a control character (such as a line break or tab)");
    // Secrets are never quoted back: problems end up in logs and on screens.
    const QString shown = key.secret ? QStringLiteral("the value") : quoted(value);

    QString reason;
    switch (key.type) {
    case ConfigType::String:
    case ConfigType::Path:
    case ConfigType::List:
        break;
    case ConfigType::Bool: {
        bool ok = false;
        parseBool(value, &ok);
        if (!ok)
            reason =
                QStringLiteral("%1 is not a boolean (true/false, yes/no, on/off, 1/0)").arg(shown);
        break;
    }
    case ConfigType::Integer: {
        bool ok = false;
        const qint64 number = value.trimmed().toLongLong(&ok);
        const bool bounded = key.minimum != 0 || key.maximum != 0;
        if (!ok || (bounded && (number < key.minimum || number > key.maximum))) {
            reason = bounded ? QStringLiteral("%1 is not a whole number between %2 and %3")
                                   .arg(shown)
                                   .arg(key.minimum)
                                   .arg(key.maximum)
                             : QStringLiteral("%1 is not a whole number").arg(shown);
        }
        break;
    }
    case ConfigType::Port: {
        const bool custom = key.minimum != 0 || key.maximum != 0;
        const qint64 minimum = custom ? key.minimum : 1;
        const qint64 maximum = custom ? key.maximum : 65535;
        bool ok = false;
        const qint64 number = value.trimmed().toLongLong(&ok);
        if (!ok || number < minimum || number > maximum) {
            // MCP_PORT's 0 is for tests; the reason names the range an administrator wants.
            reason = QStringLiteral("%1 is not a port number (1-%2)").arg(shown).arg(maximum);
        }
        break;
    }
    case ConfigType::Host:
        reason = checkHost(value);
        break;
    case ConfigType::Enum:
        if (canonical(key, value) == value && !key.choices.contains(value))
            reason = QStringLiteral("%1 is not one of %2")
                         .arg(shown, key.choices.join(QStringLiteral(", ")));
        break;
    case ConfigType::Fingerprint:
        reason = checkFingerprint(value);
        break;
    }
    if (reason.isEmpty() && key.check)
        reason = key.check(value);
    if (key.secret && reason.contains(quoted(value)))
        return QStringLiteral("is not valid"); // a check quoted the secret: say less
    return reason;
}

} // namespace pmcp
