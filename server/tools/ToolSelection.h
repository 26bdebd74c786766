#pragma once

#include <QStringList>

#include <optional>

namespace pmcp {

struct ToolDefinition;

// Which tools a deployment offers (MCP_TOOL_PROFILE, MCP_TOOLS_ALLOW, MCP_TOOLS_DENY,
// MCP_TOOL_CATEGORIES), as a pure value. The core profile, the default, is the daily
// administration of a cluster (coreTools); full is every tool. An explicit choice (an allow
// list or categories) replaces the profile; the deny list always has the last word.
class ToolSelection final {
public:
    enum class Profile { Core, Full };

    ToolSelection() = default;
    ToolSelection(Profile profile, QStringList allow, QStringList deny, QStringList categories);

    bool offers(const ToolDefinition &tool) const;
    Profile profile() const { return m_profile; }
    // True when every tool is offered (profile full and no lists): no filter is needed.
    bool offersEverything() const;

    // "core" or "full", any case; nullopt for anything else.
    static std::optional<Profile> parseProfile(const QString &text);
    static QString profileName(Profile profile);
    // The tools of the core profile: reading the cluster, guests and their configuration,
    // power actions, snapshots, backups, storage, tasks and logs, and the original tools.
    static const QStringList &coreTools();

private:
    Profile m_profile = Profile::Core;
    QStringList m_allow;
    QStringList m_deny;
    QStringList m_categories;
};

} // namespace pmcp
