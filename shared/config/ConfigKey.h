#pragma once

#include <QString>

#include <optional>

namespace pmcp {

// One value per setting of the schema, in the schema's order (ConfigSchema checks that every
// value has exactly one entry there), so code reads configuration without spelling key names.
enum class ConfigKey {
    LogLevel,

    McpHost,
    McpPort,
    McpTlsCert,
    McpTlsKey,
    McpAllowedOrigins,
    McpAllowedHosts,
    McpMaxBodyBytes,
    McpSessionIdleS,
    McpMaxSessionsPerClient,
    McpRequireAuth,
    MetricsPublic,
    AdminAllowedNetworks,
    TrustedProxies,
    McpToolProfile,
    McpToolsAllow,
    McpToolsDeny,
    McpToolCategories,

    StateDir,
    AuditMaxBytes,
    AuditKeepDays,
    BackupDir,
    BackupKeep,
    BackupKeepDays,
    BackupSchedule,
    RotationDays,

    EnableProxmoxApi,
    ProxmoxHost,
    ProxmoxPort,
    ProxmoxUser,
    ProxmoxTokenName,
    ProxmoxTokenValue,
    ProxmoxTokenCredential,
    ProxmoxPassword,
    ProxmoxVerifySsl,
    ProxmoxCaFile,
    ProxmoxFingerprint,
    ProxmoxTimeoutS,
    ProxmoxMaxConnections,
    ProxmoxCoalesceReads,
    ProxmoxTargetsFile,

    EnableSsh,
    SshHost,
    SshPort,
    SshUser,
    SshKeyPath,
    SshKeyCredential,
    SshKeyPassphrase,
    SshPassword,
    SshKnownHosts,
    SshHostKeyFingerprint,
    SshTimeoutS,
    SshAuthorizedKeys,

    AlertSlackWebhook,
    AlertDiscordWebhook,
    AlertWebhookUrl,
    AlertWebhookSecret,
    AlertSmtpUrl,
    AlertSmtpUser,
    AlertSmtpPassword,
    AlertSmtpCaFile,
    AlertEmailFrom,
    AlertEmailTo,
    AlertQueueMax,
    AlertAuthFailures,
    AlertCheckIntervalS,
    HealthReportSchedule,

    CommandPolicyFile,
    EnableDangerousCommands,
    EnableLocalExecution,
    EnableMonitoring, // keep last: configKeyCount counts up to here
};

inline constexpr int configKeyCount = static_cast<int>(ConfigKey::EnableMonitoring) + 1;

// The key's .env and environment-variable spelling ("STATE_DIR"), from the schema.
QString configKeyName(ConfigKey key);
// The key a .env spelling names; nullopt for a name the schema does not know (names are
// case-sensitive, legacy keys are unknown).
std::optional<ConfigKey> configKeyFromName(const QString &name);

} // namespace pmcp
