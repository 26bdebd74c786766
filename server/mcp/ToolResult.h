#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace pmcp {

// What a tool returns: content blocks, optional structured content, and whether it failed.
struct ToolResult final {
    QJsonArray content;
    QJsonObject structuredContent;
    bool hasStructured = false;
    bool isError = false;

    static ToolResult text(const QString &text);
    static ToolResult error(const QString &message);
    // Structured data with a compact text rendering (the JSON itself when none is given).
    static ToolResult structured(const QJsonObject &data, const QString &rendering = {});
    ToolResult &add(const QJsonObject &block);
    QJsonObject toJson() const;
};

} // namespace pmcp
