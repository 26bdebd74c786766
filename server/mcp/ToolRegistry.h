#pragma once

#include "shared/core/Result.h"
#include "server/mcp/ToolDefinition.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>

#include <functional>

namespace pmcp {

// The tools a server offers, in registration order; emits changed() for list_changed.
class ToolRegistry final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ToolRegistry)
public:
    using Filter = std::function<bool(const ToolDefinition &)>;

    explicit ToolRegistry(QObject *parent = nullptr);

    // Refuses a bad name, a duplicate, a missing description or a schema that is not an object.
    Result<void> add(ToolDefinition tool);
    bool remove(const QString &name);
    const ToolDefinition *find(const QString &name) const;
    // Which tools are offered at all (configuration allow/deny lists).
    void setFilter(Filter filter);
    bool isOffered(const ToolDefinition &tool, bool readOnlyClient) const;
    QList<const ToolDefinition *> offered(bool readOnlyClient) const;
    int size() const { return int(m_tools.size()); }

    static bool isValidName(const QString &name);

signals:
    void changed();

private:
    std::vector<std::unique_ptr<ToolDefinition>> m_tools;
    QHash<QString, ToolDefinition *> m_byName;
    Filter m_filter;
};

} // namespace pmcp
