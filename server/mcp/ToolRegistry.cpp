#include "server/mcp/ToolRegistry.h"

#include "server/mcp/JsonSchemaValidator.h"

#include <QRegularExpression>

namespace pmcp {

ToolRegistry::ToolRegistry(QObject *parent)
    : QObject(parent)
{}

bool ToolRegistry::isValidName(const QString &name)
{
    // \z, not $: $ would also match before a trailing newline.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_.-]{1,128}\\z"));
    return pattern.match(name).hasMatch();
}

Result<void> ToolRegistry::add(ToolDefinition tool)
{
    if (!isValidName(tool.name))
        return Error::invalid(QStringLiteral("invalid tool name \"%1\"").arg(tool.name));
    if (m_byName.contains(tool.name))
        return Error{ErrorCode::Conflict, QStringLiteral("tool %1 exists").arg(tool.name)};
    if (tool.description.isEmpty())
        return Error::invalid(QStringLiteral("tool %1 has no description").arg(tool.name));
    if (!tool.handler)
        return Error::invalid(QStringLiteral("tool %1 has no handler").arg(tool.name));
    if (const QString problem = JsonSchemaValidator::checkSchema(tool.inputSchema);
        !problem.isEmpty())
        return Error::invalid(QStringLiteral("tool %1: input schema: %2").arg(tool.name, problem));
    if (!tool.outputSchema.isEmpty()) {
        if (const QString problem = JsonSchemaValidator::checkSchema(tool.outputSchema);
            !problem.isEmpty())
            return Error::invalid(
                QStringLiteral("tool %1: output schema: %2").arg(tool.name, problem));
    }
    auto owned = std::make_unique<ToolDefinition>(std::move(tool));
    m_byName.insert(owned->name, owned.get());
    m_tools.push_back(std::move(owned));
    emit changed();
    return {};
}

bool ToolRegistry::remove(const QString &name)
{
    ToolDefinition *tool = m_byName.take(name);
    if (!tool)
        return false;
    std::erase_if(m_tools, [tool](const auto &owned) { return owned.get() == tool; });
    emit changed();
    return true;
}

const ToolDefinition *ToolRegistry::find(const QString &name) const
{
    return m_byName.value(name, nullptr);
}

void ToolRegistry::setFilter(Filter filter)
{
    m_filter = std::move(filter);
    emit changed();
}

bool ToolRegistry::isOffered(const ToolDefinition &tool, bool readOnlyClient) const
{
    if (readOnlyClient && !tool.annotations.readOnly)
        return false;
    return !m_filter || m_filter(tool);
}

QList<const ToolDefinition *> ToolRegistry::offered(bool readOnlyClient) const
{
    QList<const ToolDefinition *> result;
    result.reserve(qsizetype(m_tools.size()));
    for (const auto &tool : m_tools) {
        if (isOffered(*tool, readOnlyClient))
            result.append(tool.get());
    }
    return result;
}

} // namespace pmcp
