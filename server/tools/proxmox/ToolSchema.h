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
    // Client-side filters (any of node, type, status, name, vmid), fields projection and limit.
    ToolSchema &listControls(const QStringList &filters);
    ToolSchema &wait(bool defaultWait);
    ToolSchema &confirmation();

    QJsonObject build() const;
    bool has(const QString &name) const { return m_properties.contains(name); }
    QStringList names() const { return m_properties.keys(); }

    // {items: [...], count, total}
    static QJsonObject listOutput(const QJsonObject &itemProperties = {});
    // A Proxmox object as it comes, with the named properties required.
    static QJsonObject objectOutput(const QStringList &required = {},
                                    const QJsonObject &properties = {});
    // What a tool that changes state returns: the task (UPID, exit status, log tail), a dry-run
    // plan, or the reply of a synchronous call.
    static QJsonObject actionOutput();
    static QJsonObject typed(const QString &type, const QString &description = {});

private:
    QJsonObject m_properties;
    QJsonArray m_required;
};

} // namespace pmcp
