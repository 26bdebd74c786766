#include "server/mcp/RequestContext.h"

#include "server/mcp/McpChannel.h"
#include "server/mcp/McpSession.h"

namespace pmcp {

RequestContext::RequestContext(McpSession *session, JsonRpcMessage message,
                               std::shared_ptr<McpChannel> channel)
    : m_session(session)
    , m_message(std::move(message))
    , m_channel(std::move(channel))
{
    m_timer.start();
}

std::optional<QJsonValue> RequestContext::progressToken() const
{
    const QJsonValue token = m_message.params.value(QLatin1String("_meta"))
                                 .toObject()
                                 .value(QLatin1String("progressToken"));
    if (token.isString() || token.isDouble())
        return token;
    return std::nullopt;
}

void RequestContext::respond(const QJsonObject &result)
{
    finishWith(JsonRpc::result(m_message.id, m_envelope ? m_envelope(result) : result),
               m_toolError ? QStringLiteral("tool_error") : QStringLiteral("ok"));
}

void RequestContext::fail(const RpcError &error)
{
    finishWith(JsonRpc::error(m_message.id, error), QStringLiteral("error"));
}

void RequestContext::finishWith(const QJsonObject &message, const QString &outcome)
{
    if (m_done)
        return;
    m_done = true;
    if (m_session)
        m_session->removeInFlight(m_message.id);
    if (m_cancelled) {
        m_channel->abandon(); // a cancelled request gets no response
    } else {
        m_finalMessage = message;
        m_channel->finish(message);
    }
    if (m_onDone)
        m_onDone(*this, m_cancelled ? QStringLiteral("cancelled") : outcome);
}

void RequestContext::notify(const QString &method, const QJsonObject &params)
{
    if (m_done || (m_cancelled && !m_lastWords))
        return;
    m_channel->send(JsonRpc::notification(method, params));
}

void RequestContext::progress(double progress, std::optional<double> total, const QString &message)
{
    const auto token = progressToken();
    // The specification wants strictly increasing progress and nothing after the response.
    if (!token || progress <= m_lastProgress)
        return;
    m_lastProgress = progress;
    QJsonObject params{{QStringLiteral("progressToken"), *token},
                       {QStringLiteral("progress"), progress}};
    if (total)
        params.insert(QStringLiteral("total"), *total);
    if (!message.isEmpty())
        params.insert(QStringLiteral("message"), message);
    notify(QStringLiteral("notifications/progress"), params);
}

void RequestContext::log(LogLevel level, const QString &logger, const QJsonValue &data)
{
    if (!m_session || !m_session->wantsLogs() || level < m_session->logLevel())
        return;
    QJsonObject params{{QStringLiteral("level"), logLevelName(level)},
                       {QStringLiteral("data"), data}};
    if (!logger.isEmpty())
        params.insert(QStringLiteral("logger"), logger);
    notify(QStringLiteral("notifications/message"), params);
}

void RequestContext::request(const QString &method, const QJsonObject &params,
                             std::function<void(Result<QJsonObject>)> callback, int timeoutMs)
{
    if (!m_session || m_done || m_cancelled) {
        callback(Error{ErrorCode::Cancelled, QStringLiteral("the request has ended")});
        return;
    }
    // The 2026-07-28 revision has no server-to-client requests: a client is asked through an
    // input-required result, which this server does not offer yet.
    if (m_session->isStateless()) {
        callback(Error{ErrorCode::Unsupported,
                       QStringLiteral("%1 cannot be sent to a %2 client: that revision has no "
                                      "server-to-client requests")
                           .arg(method, m_session->protocolVersion())});
        return;
    }
    // If the client never answers, tell it the request is withdrawn (notifications/cancelled).
    auto channel = m_channel;
    auto requestId = std::make_shared<QJsonValue>();
    const QJsonValue id = m_session->registerOutgoing(
        [channel, requestId, callback = std::move(callback)](Result<QJsonObject> answer) {
            if (!answer.ok() && answer.error().code == ErrorCode::Timeout && channel->isOpen())
                channel->send(
                    JsonRpc::notification(QStringLiteral("notifications/cancelled"),
                                          {{QStringLiteral("requestId"), *requestId},
                                           {QStringLiteral("reason"), answer.error().message}}));
            callback(std::move(answer));
        },
        timeoutMs);
    *requestId = id;
    m_channel->send(JsonRpc::request(id, method, params));
}

void RequestContext::closeStream()
{
    if (!m_done)
        m_channel->closeStream();
}

void RequestContext::cancel(const QString &reason)
{
    Q_UNUSED(reason)
    if (m_done || m_cancelled)
        return;
    m_cancelled = true;
    // The handler may say in a last notification what keeps running (e.g. a Proxmox task).
    m_lastWords = true;
    if (m_onCancel)
        m_onCancel();
    m_lastWords = false;
    // Handlers that ignore cancellation still end the request here, without a response.
    finishWith({}, QStringLiteral("cancelled"));
}

} // namespace pmcp
