#pragma once

#include "server/audit/AuditLog.h"
#include "server/mcp/McpServer.h"

namespace pmcp {

// Turns a finished tools/call into an audit entry: who, what (arguments with secrets masked),
// the policy decision, how long, how it ended, and the Proxmox task it started.
class AuditRecorder final {
public:
    static AuditEntry entryFor(const McpServer::ToolCallRecord &record);
    static QJsonObject maskSecrets(const QJsonObject &arguments);
};

} // namespace pmcp
