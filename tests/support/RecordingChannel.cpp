#include "tests/support/RecordingChannel.h"

#include <utility>

namespace pmcp::test {

RecordingChannel::RecordingChannel(std::function<void(const QJsonObject &)> onFinish)
    : m_onFinish(std::move(onFinish))
{}

void RecordingChannel::finish(const QJsonObject &message)
{
    ++finishCount;
    response = message;
    if (m_onFinish)
        m_onFinish(message);
}

QJsonObject RecordingChannel::result() const
{
    return response.value(QLatin1String("result")).toObject();
}

QJsonObject RecordingChannel::error() const
{
    return response.value(QLatin1String("error")).toObject();
}

int RecordingChannel::errorCode() const
{
    return error().value(QLatin1String("code")).toInt();
}

QString RecordingChannel::errorMessage() const
{
    return error().value(QLatin1String("message")).toString();
}

QList<QJsonObject> RecordingChannel::sentWithMethod(const QString &method) const
{
    QList<QJsonObject> matching;
    for (const QJsonObject &message : sent) {
        if (message.value(QLatin1String("method")).toString() == method)
            matching.append(message);
    }
    return matching;
}

JsonRpcMessage requestMessage(const QJsonValue &id, const QString &method,
                              const QJsonObject &params)
{
    return JsonRpcMessage::classify(JsonRpc::request(id, method, params));
}

JsonRpcMessage notificationMessage(const QString &method, const QJsonObject &params)
{
    return JsonRpcMessage::classify(JsonRpc::notification(method, params));
}

std::shared_ptr<RecordingChannel> sendRequest(McpServer &server, McpSession *session,
                                              const QJsonValue &id, const QString &method,
                                              const QJsonObject &params)
{
    auto channel = std::make_shared<RecordingChannel>();
    server.handle(session, requestMessage(id, method, params), channel);
    return channel;
}

QJsonObject initializeSession(McpServer &server, McpSession *session,
                              const QJsonObject &capabilities, const QString &version)
{
    const auto channel =
        sendRequest(server, session, QStringLiteral("init"), QStringLiteral("initialize"),
                    {{QStringLiteral("protocolVersion"), version},
                     {QStringLiteral("capabilities"), capabilities},
                     {QStringLiteral("clientInfo"),
                      QJsonObject{{QStringLiteral("name"), QStringLiteral("test-client")},
                                  {QStringLiteral("version"), QStringLiteral("1.0")}}}});
    server.handle(session, notificationMessage(QStringLiteral("notifications/initialized")), {});
    return channel->result();
}

} // namespace pmcp::test
