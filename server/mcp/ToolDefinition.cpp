#include "server/mcp/ToolDefinition.h"

namespace pmcp {

QJsonObject ToolDefinition::descriptor() const
{
    QJsonObject json{{QStringLiteral("name"), name},
                     {QStringLiteral("description"), description},
                     {QStringLiteral("inputSchema"), inputSchema}};
    if (!title.isEmpty())
        json.insert(QStringLiteral("title"), title);
    if (!outputSchema.isEmpty())
        json.insert(QStringLiteral("outputSchema"), outputSchema);
    QJsonObject hints{{QStringLiteral("readOnlyHint"), annotations.readOnly},
                      {QStringLiteral("destructiveHint"), annotations.destructive},
                      {QStringLiteral("idempotentHint"), annotations.idempotent},
                      {QStringLiteral("openWorldHint"), annotations.openWorld}};
    if (!title.isEmpty())
        hints.insert(QStringLiteral("title"), title);
    json.insert(QStringLiteral("annotations"), hints);
    return json;
}

QJsonObject ToolDefinition::emptyInputSchema()
{
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("additionalProperties"), false}};
}

} // namespace pmcp
