#pragma once

#include "server/mcp/JsonRpc.h"
#include "server/mcp/McpChannel.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "tests/support/TestJson.h"

#include <QJsonObject>
#include <QList>

#include <functional>
#include <memory>

namespace pmcp::test {

using pmcp::testjson::compact;

// An McpChannel that keeps what the engine sends on it, for the tests (and benchmarks) to read.
class RecordingChannel final : public McpChannel {
public:
    RecordingChannel() = default;
    // onFinish runs with each final response, after it has been recorded.
    explicit RecordingChannel(std::function<void(const QJsonObject &)> onFinish);

    void send(const QJsonObject &message) override { sent.append(message); }
    void finish(const QJsonObject &message) override;
    void abandon() override { ++abandonCount; }
    bool isOpen() const override { return open; }
    void closeStream() override { ++closeStreamCount; }

    bool isFinished() const { return finishCount > 0; }
    QJsonObject result() const;
    QJsonObject error() const;
    int errorCode() const;
    QString errorMessage() const;
    // The sent messages with this method (notifications or server-to-client requests).
    QList<QJsonObject> sentWithMethod(const QString &method) const;

    QList<QJsonObject> sent;
    QJsonObject response;
    int finishCount = 0;
    int abandonCount = 0;
    int closeStreamCount = 0;
    bool open = true;

private:
    std::function<void(const QJsonObject &)> m_onFinish;
};

JsonRpcMessage requestMessage(const QJsonValue &id, const QString &method,
                              const QJsonObject &params = {});
JsonRpcMessage notificationMessage(const QString &method, const QJsonObject &params = {});

// Sends one request to the engine; the returned channel holds the answer once there is one.
std::shared_ptr<RecordingChannel> sendRequest(McpServer &server, McpSession *session,
                                              const QJsonValue &id, const QString &method,
                                              const QJsonObject &params = {});

// initialize followed by notifications/initialized; returns the initialize result.
QJsonObject initializeSession(McpServer &server, McpSession *session,
                              const QJsonObject &capabilities = {},
                              const QString &version = McpServer::latestVersion());

} // namespace pmcp::test
