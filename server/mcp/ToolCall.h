#pragma once

#include "shared/core/Result.h"
#include "server/mcp/AuditFacts.h"
#include "server/mcp/LogLevel.h"
#include "server/mcp/ToolResult.h"

#include <QJsonObject>

#include <functional>
#include <memory>

namespace pmcp {

class RequestContext;
struct ToolDefinition;

// One invocation of a tool, handed to its handler: the arguments (already validated against
// the input schema) and the ways to report progress, log, ask the user, and finish.
class ToolCall final {
public:
    ToolCall(std::shared_ptr<RequestContext> context, const ToolDefinition &tool,
             QJsonObject arguments);

    const QJsonObject &arguments() const { return m_arguments; }
    QString toolName() const { return m_toolName; }
    QString clientName() const;
    bool isReadOnlyClient() const;

    void progress(double progress, std::optional<double> total = std::nullopt,
                  const QString &message = {});
    void log(LogLevel level, const QJsonValue &data);
    bool clientSupports(const QString &capability) const;
    // elicitation/create: the user's answer {action, content?}, or an error.
    void elicit(const QString &message, const QJsonObject &requestedSchema,
                std::function<void(Result<QJsonObject>)> callback);
    // sampling/createMessage with the given params.
    void sample(const QJsonObject &params, std::function<void(Result<QJsonObject>)> callback);

    // Ends the call with -32021 (2026-07-28): the tool cannot work without a client capability
    // the request did not declare; required names it as capabilities, e.g. {"sampling": {}}.
    void refuseMissingCapability(const QJsonObject &required);

    // Closes the client's SSE stream mid-call; the client reconnects to get the rest.
    void closeStream();
    bool isCancelled() const;
    void onCancel(std::function<void()> callback);
    // Ends the call; checks structured content against the output schema first.
    void finish(const ToolResult &result);
    bool isFinished() const { return m_finished; }
    // What the audit log records about this call besides name and arguments; the handler fills
    // it (policy decision, task, target) before it finishes.
    AuditFacts &facts();
    const AuditFacts &facts() const;

private:
    std::shared_ptr<RequestContext> m_context;
    QString m_toolName;
    QJsonObject m_outputSchema;
    QJsonObject m_arguments;
    bool m_finished = false;
};

} // namespace pmcp
