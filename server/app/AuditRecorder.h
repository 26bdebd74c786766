#pragma once

#include "server/audit/AuditLog.h"
#include "server/mcp/McpServer.h"

namespace pmcp {

// Turns a finished tools/call into an audit entry: who, what, how long and how it ended, from
// the engine's record, and the policy decision, task and target from the facts the tool
// attached to its call. It knows no tool by name and reads nothing from the result.
class AuditRecorder final {
public:
    static AuditEntry entryFor(const McpServer::ToolCallRecord &record);
};

} // namespace pmcp
