#include "server/mcp/ToolResult.h"

#include <QJsonDocument>

namespace pmcp {

namespace {
QJsonObject textBlock(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}
} // namespace

ToolResult ToolResult::text(const QString &text)
{
    ToolResult result;
    result.content.append(textBlock(text));
    return result;
}

ToolResult ToolResult::error(const QString &message)
{
    ToolResult result = text(message);
    result.isError = true;
    return result;
}

ToolResult ToolResult::structured(const QJsonObject &data, const QString &rendering)
{
    ToolResult result;
    result.structuredContent = data;
    result.hasStructured = true;
    result.content.append(textBlock(
        rendering.isEmpty() ? QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact))
                            : rendering));
    return result;
}

ToolResult &ToolResult::add(const QJsonObject &block)
{
    content.append(block);
    return *this;
}

QJsonObject ToolResult::toJson() const
{
    QJsonObject json{{QStringLiteral("content"), content}};
    if (hasStructured)
        json.insert(QStringLiteral("structuredContent"), structuredContent);
    if (isError)
        json.insert(QStringLiteral("isError"), true);
    return json;
}

} // namespace pmcp
