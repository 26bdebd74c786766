#include "server/mcp/ToolDefinition.h"

#include <QJsonArray>

namespace pmcp {

QJsonObject ToolDefinition::descriptor(bool titleInAnnotations) const
{
    QJsonObject json{{QStringLiteral("name"), name},
                     {QStringLiteral("description"), description},
                     {QStringLiteral("inputSchema"), listedInputSchema()}};
    if (!title.isEmpty())
        json.insert(QStringLiteral("title"), title);
    if (!outputSchema.isEmpty())
        json.insert(QStringLiteral("outputSchema"), outputSchema);
    const ToolAnnotations defaults;
    QJsonObject hints;
    if (annotations.readOnly != defaults.readOnly)
        hints.insert(QStringLiteral("readOnlyHint"), annotations.readOnly);
    if (!annotations.readOnly) {
        if (annotations.destructive != defaults.destructive)
            hints.insert(QStringLiteral("destructiveHint"), annotations.destructive);
        if (annotations.idempotent != defaults.idempotent)
            hints.insert(QStringLiteral("idempotentHint"), annotations.idempotent);
    }
    if (annotations.openWorld != defaults.openWorld)
        hints.insert(QStringLiteral("openWorldHint"), annotations.openWorld);
    if (titleInAnnotations && !title.isEmpty())
        hints.insert(QStringLiteral("title"), title);
    if (!hints.isEmpty())
        json.insert(QStringLiteral("annotations"), hints);
    return json;
}

QJsonObject ToolDefinition::listedInputSchema() const
{
    if (hiddenArguments.isEmpty() || !inputSchema.contains(QLatin1String("properties")))
        return inputSchema;
    QJsonObject schema = inputSchema;
    // "Nothing else" would be untrue of a schema that leaves accepted arguments out (a client
    // that checks locally would refuse them); the server still refuses unknown ones.
    schema.remove(QStringLiteral("additionalProperties"));
    QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    QJsonArray required = schema.value(QLatin1String("required")).toArray();
    for (const QString &name : hiddenArguments) {
        properties.remove(name);
        for (qsizetype i = required.size() - 1; i >= 0; --i) {
            if (required.at(i).toString() == name)
                required.removeAt(i);
        }
    }
    schema.insert(QStringLiteral("properties"), properties);
    if (required.isEmpty())
        schema.remove(QStringLiteral("required"));
    else
        schema.insert(QStringLiteral("required"), required);
    return schema;
}

QJsonObject ToolDefinition::withCurrentNames(QJsonObject arguments) const
{
    for (auto it = argumentAliases.begin(); it != argumentAliases.end(); ++it) {
        if (!arguments.contains(it.key()))
            continue;
        const QJsonValue value = arguments.take(it.key());
        if (!arguments.contains(it.value()))
            arguments.insert(it.value(), value);
    }
    return arguments;
}

QJsonObject ToolDefinition::emptyInputSchema()
{
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("additionalProperties"), false}};
}

} // namespace pmcp
