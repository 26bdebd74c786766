#pragma once

#include "server/mcp/ToolResult.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <memory>

namespace pmcp {

class ToolCall;

// MCP tool annotations: hints for clients, not guarantees (defaults as in the specification).
struct ToolAnnotations final {
    bool readOnly = false;
    bool destructive = true;
    bool idempotent = false;
    bool openWorld = true;
};

using ToolHandler = std::function<void(const std::shared_ptr<ToolCall> &call)>;

// A tool as registered: its MCP descriptor and the handler that runs it.
struct ToolDefinition final {
    QString name;
    QString title;
    QString description;
    QString category;
    QJsonObject inputSchema;
    QJsonObject outputSchema; // empty: the tool returns no structured content
    ToolAnnotations annotations;
    ToolHandler handler;

    QJsonObject descriptor() const;
    static QJsonObject emptyInputSchema();
};

} // namespace pmcp
