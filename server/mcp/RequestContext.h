#pragma once

#include "shared/core/Result.h"
#include "server/mcp/AuditFacts.h"
#include "server/mcp/JsonRpc.h"
#include "server/mcp/LogLevel.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace pmcp {

class McpChannel;
class McpSession;

// One client request being worked on: where its answer, progress and logs go, and whether it
// was cancelled. Handlers keep it (shared) while they work asynchronously.
class RequestContext final : public std::enable_shared_from_this<RequestContext> {
public:
    using DoneHook = std::function<void(const RequestContext &, const QString &outcome)>;
    using ResultEnvelope = std::function<QJsonObject(const QJsonObject &result)>;

    RequestContext(McpSession *session, JsonRpcMessage message,
                   std::shared_ptr<McpChannel> channel);

    QJsonValue id() const { return m_message.id; }
    const QString &method() const { return m_message.method; }
    const QJsonObject &params() const { return m_message.params; }
    McpSession *session() const { return m_session.data(); }
    std::optional<QJsonValue> progressToken() const;
    qint64 elapsedMs() const { return m_timer.elapsed(); }

    void respond(const QJsonObject &result);
    void fail(const RpcError &error);
    bool isDone() const { return m_done; }

    // Messages tied to this request travel on its own channel.
    void notify(const QString &method, const QJsonObject &params);
    void progress(double progress, std::optional<double> total = std::nullopt,
                  const QString &message = {});
    void log(LogLevel level, const QString &logger, const QJsonValue &data);
    // A request to the client (sampling, elicitation); the answer comes back on another POST.
    void request(const QString &method, const QJsonObject &params,
                 std::function<void(Result<QJsonObject>)> callback, int timeoutMs = 600000);

    void closeStream();
    bool isCancelled() const { return m_cancelled; }
    void cancel(const QString &reason);
    void onCancel(std::function<void()> callback) { m_onCancel = std::move(callback); }
    // Called once when the request ends (metrics, audit): outcome is ok, error or cancelled.
    void onDone(DoneHook hook) { m_onDone = std::move(hook); }
    // Wraps every result before it is sent (the 2026-07-28 envelope); errors are not wrapped.
    void setResultEnvelope(ResultEnvelope envelope) { m_envelope = std::move(envelope); }
    // Tools record what they were (for metrics): e.g. the tool name and an isError result.
    void setLabel(const QString &label) { m_label = label; }
    QString label() const { return m_label; }
    // The response sent (empty when the request was cancelled), for auditing.
    const QJsonObject &finalMessage() const { return m_finalMessage; }
    void markToolError() { m_toolError = true; }
    // What the tool told the audit about this call (see ToolCall::facts).
    AuditFacts &auditFacts() { return m_auditFacts; }
    const AuditFacts &auditFacts() const { return m_auditFacts; }

private:
    void finishWith(const QJsonObject &message, const QString &outcome);

    QPointer<McpSession> m_session;
    JsonRpcMessage m_message;
    std::shared_ptr<McpChannel> m_channel;
    QElapsedTimer m_timer;
    double m_lastProgress = -1;
    bool m_done = false;
    bool m_cancelled = false;
    bool m_lastWords = false; // the cancel callback runs: it may still notify (what goes on)
    bool m_toolError = false;
    QString m_label;
    std::function<void()> m_onCancel;
    DoneHook m_onDone;
    ResultEnvelope m_envelope;
    QJsonObject m_finalMessage;
    AuditFacts m_auditFacts;
};

} // namespace pmcp
