#pragma once

#include "server/mcp/ToolResult.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

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
    // What arguments are checked against (every accepted argument, hidden ones included).
    QJsonObject inputSchema;
    QJsonObject outputSchema; // empty: the tool returns no structured content
    // Accepted and checked but left out of the listed schema (e.g. "target" when there is only
    // one Proxmox target): they cost every client tokens and tell the model nothing.
    QStringList hiddenArguments;
    // Old argument names still accepted, each with the name it stands for (old -> new); the
    // server renames them before checking the arguments.
    QHash<QString, QString> argumentAliases;
    ToolAnnotations annotations;
    ToolHandler handler;

    // The tool as tools/list shows it. Hints equal to the specification's defaults are left out
    // (clients assume them), and so are destructiveHint and idempotentHint of a read-only tool
    // (meaningless for it). The title goes into the annotations too for clients of 2025-03-26,
    // whose tools have no title of their own.
    QJsonObject descriptor(bool titleInAnnotations = false) const;
    // The input schema as listed: without the hidden arguments (and then without
    // additionalProperties: false, which would refuse them).
    QJsonObject listedInputSchema() const;
    // The arguments with old names renamed to the current ones (a current name wins).
    QJsonObject withCurrentNames(QJsonObject arguments) const;
    static QJsonObject emptyInputSchema();
};

} // namespace pmcp
