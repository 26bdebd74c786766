#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace pmcp {

// Builds the JSON Schemas of the Proxmox tools: common arguments (target, node, vmid, list
// filters, task waiting, confirmation) and the output shapes (list, object, action).
class ToolSchema final {
public:
    ToolSchema &property(const QString &name, const QJsonObject &schema, bool required = false);
    ToolSchema &string(const QString &name, const QString &description, bool required = false);
    ToolSchema &integer(const QString &name, const QString &description, bool required = false,
                        std::optional<int> minimum = std::nullopt);
    ToolSchema &boolean(const QString &name, const QString &description,
                        std::optional<bool> defaultValue = std::nullopt);
    ToolSchema &choice(const QString &name, const QStringList &values, const QString &description,
                       bool required = false, const QString &defaultValue = {});
    ToolSchema &object(const QString &name, const QString &description, bool required = false);
    ToolSchema &stringList(const QString &name, const QString &description, bool required = false);

    ToolSchema &target();
    ToolSchema &node(bool required = true);
    ToolSchema &vmid(bool required = true);
    ToolSchema &guestType();
    // Client-side filters (any of node, type, status, name, vmid), a limit, and, accepted but
    // not listed, offset (a page's last line names it) and the fields projection (listed only
    // with listFields, where the rows are wide).
    ToolSchema &listControls(const QStringList &filters, bool listFields = false);
    // wait, and timeout_s (accepted, not listed: task_wait is the tool for long waits).
    ToolSchema &wait(bool defaultWait);
    ToolSchema &confirmation();

    QJsonObject build() const;
    // Arguments build() accepts that the catalogue leaves out to stay small (see
    // ToolDefinition::hiddenArguments).
    QStringList unlisted() const { return m_unlisted; }
    // Lists an argument that a shared control leaves out (e.g. fields where rows are wide).
    ToolSchema &listed(const QString &name);
    // Leaves an accepted argument out of the listing (e.g. limit where lines says it).
    ToolSchema &unlist(const QString &name);
    bool has(const QString &name) const { return m_properties.contains(name); }
    QStringList names() const { return m_properties.keys(); }

    // {items: [...], count, total}
    static QJsonObject listOutput(const QJsonObject &itemProperties = {});
    // A Proxmox object as it comes, with the named properties required.
    static QJsonObject objectOutput(const QStringList &required = {},
                                    const QJsonObject &properties = {});
    static QJsonObject typed(const QString &type, const QString &description = {});

private:
    QJsonObject m_properties;
    QJsonArray m_required;
    QStringList m_unlisted;
};

} // namespace pmcp
