#pragma once

#include "server/mcp/JsonRpc.h"
#include "server/mcp/McpChannel.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <memory>

namespace pmcp::test {

// An McpChannel that keeps what the engine sends on it, for the tests to read.
class RecordingChannel final : public McpChannel {
public:
    void send(const QJsonObject &message) override { sent.append(message); }
    void finish(const QJsonObject &message) override
    {
        ++finishCount;
        response = message;
    }
    void abandon() override { ++abandonCount; }
    bool isOpen() const override { return open; }
    void closeStream() override { ++closeStreamCount; }

    bool isFinished() const { return finishCount > 0; }
    QJsonObject result() const { return response.value(QLatin1String("result")).toObject(); }
    QJsonObject error() const { return response.value(QLatin1String("error")).toObject(); }
    int errorCode() const { return error().value(QLatin1String("code")).toInt(); }
    QString errorMessage() const { return error().value(QLatin1String("message")).toString(); }
    // The sent messages with this method (notifications or server-to-client requests).
    QList<QJsonObject> sentWithMethod(const QString &method) const
    {
        QList<QJsonObject> matching;
        for (const QJsonObject &message : sent) {
            if (message.value(QLatin1String("method")).toString() == method)
                matching.append(message);
        }
        return matching;
    }

    QList<QJsonObject> sent;
    QJsonObject response;
    int finishCount = 0;
    int abandonCount = 0;
    int closeStreamCount = 0;
    bool open = true;
};

inline JsonRpcMessage requestMessage(const QJsonValue &id, const QString &method,
                                     const QJsonObject &params = {})
{
    return JsonRpcMessage::classify(JsonRpc::request(id, method, params));
}

inline JsonRpcMessage notificationMessage(const QString &method, const QJsonObject &params = {})
{
    return JsonRpcMessage::classify(JsonRpc::notification(method, params));
}

// Sends one request to the engine; the returned channel holds the answer once there is one.
inline std::shared_ptr<RecordingChannel> sendRequest(McpServer &server, McpSession *session,
                                                     const QJsonValue &id, const QString &method,
                                                     const QJsonObject &params = {})
{
    auto channel = std::make_shared<RecordingChannel>();
    server.handle(session, requestMessage(id, method, params), channel);
    return channel;
}

// initialize followed by notifications/initialized; returns the initialize result.
inline QJsonObject initializeSession(McpServer &server, McpSession *session,
                                     const QJsonObject &capabilities = {},
                                     const QString &version = McpServer::latestVersion())
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

inline QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace pmcp::test
