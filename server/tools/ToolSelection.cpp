#include "server/tools/ToolSelection.h"

#include "server/mcp/ToolDefinition.h"

namespace pmcp {

ToolSelection::ToolSelection(Profile profile, QStringList allow, QStringList deny,
                             QStringList categories)
    : m_profile(profile)
    , m_allow(std::move(allow))
    , m_deny(std::move(deny))
    , m_categories(std::move(categories))
{}

const QStringList &ToolSelection::coreTools()
{
    // About a third of the catalogue, a quarter of its bytes: what a daily check and the
    // common changes need. Power actions go through vm_action (start, stop, shutdown, reboot,
    // suspend, resume for both guest types); the rest is one MCP_TOOL_PROFILE=full away.
    static const QStringList names{
        // The server and the original tools.
        QStringLiteral("server_info"), QStringLiteral("proxmox_api"), QStringLiteral("list_vms"),
        QStringLiteral("vm_status"), QStringLiteral("vm_action"), QStringLiteral("node_status"),
        QStringLiteral("execute_command"),
        // Seeing the cluster and its logs.
        QStringLiteral("cluster_resources"), QStringLiteral("cluster_log"),
        QStringLiteral("node_syslog"), QStringLiteral("access_permissions"),
        // Guests' configuration, snapshots and backups.
        QStringLiteral("qemu_config"), QStringLiteral("lxc_config"),
        QStringLiteral("snapshot_list"), QStringLiteral("snapshot_create"),
        QStringLiteral("snapshot_rollback"), QStringLiteral("backup_create"),
        QStringLiteral("backup_list"), QStringLiteral("storage_list"),
        // Following and stopping what was started.
        QStringLiteral("task_list"), QStringLiteral("task_status"), QStringLiteral("task_log"),
        QStringLiteral("task_wait"), QStringLiteral("task_stop")};
    return names;
}

bool ToolSelection::offers(const ToolDefinition &tool) const
{
    if (m_deny.contains(tool.name))
        return false;
    if (!m_allow.isEmpty() || !m_categories.isEmpty()) {
        if (!m_allow.isEmpty() && !m_allow.contains(tool.name))
            return false;
        return m_categories.isEmpty() || m_categories.contains(tool.category);
    }
    return m_profile == Profile::Full || coreTools().contains(tool.name);
}

bool ToolSelection::offersEverything() const
{
    return m_profile == Profile::Full && m_allow.isEmpty() && m_deny.isEmpty() &&
           m_categories.isEmpty();
}

std::optional<ToolSelection::Profile> ToolSelection::parseProfile(const QString &text)
{
    const QString name = text.trimmed().toLower();
    if (name == QLatin1String("core"))
        return Profile::Core;
    if (name == QLatin1String("full"))
        return Profile::Full;
    return std::nullopt;
}

QString ToolSelection::profileName(Profile profile)
{
    return profile == Profile::Core ? QStringLiteral("core") : QStringLiteral("full");
}

} // namespace pmcp
