#pragma once

#include "server/mcp/ToolResult.h"

#include <QJsonObject>

#include <memory>

namespace pmcp {

class ProxmoxClient;
class ToolCall;
struct TaskOutcome;

// Follows a task a tool started until it ends or the wait times out, sends its new log lines as
// MCP progress notifications, and finishes the call with the exit status (and the log tail
// when it failed).
class TaskWaiter final {
public:
    static void follow(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client,
                       const QString &upid, int timeoutS, const QJsonObject &extra = {});
    static ToolResult resultOf(const TaskOutcome &outcome, const QJsonObject &extra = {});
    // What a tool returns when it does not wait: the UPID and where to follow it.
    static ToolResult started(const QString &upid, const QJsonObject &extra = {});
    // The last progress message of a cancelled wait: the task that goes on, how to stop it.
    static QString stillRunning(const QString &upid);
};

} // namespace pmcp
