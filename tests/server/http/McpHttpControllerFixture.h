#pragma once

#include "server/http/HttpRouter.h"
#include "server/http/McpHttpController.h"
#include "server/mcp/JsonRpc.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/SessionManager.h"
#include "server/mcp/ToolCall.h"
#include "tests/support/FakeHttpReply.h"
#include "tests/support/TestJson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>
#include <optional>

namespace pmcp::testing {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

inline const QByteArray kAccept = "application/json, text/event-stream";

using pmcp::testjson::compact;

inline QJsonObject rpcRequest(int id, const QString &method, const QJsonObject &params = {})
{
    return JsonRpc::request(id, method, params);
}

inline QJsonObject initializeRequest(int id, const QString &version = QStringLiteral("2025-11-25"))
{
    return rpcRequest(id, QStringLiteral("initialize"),
                      {{QStringLiteral("protocolVersion"), version}});
}

// The JSON-RPC message carried by one server-sent event.
inline QJsonObject messageOf(const QByteArray &eventData)
{
    return QJsonDocument::fromJson(eventData).object();
}

// HttpRouter's token check for two clients, "alice-token" and "bob-token".
inline std::optional<ClientIdentity> aliceAndBobTokens(const QByteArray &token)
{
    if (token == "alice-token")
        return ClientIdentity{QStringLiteral("alice"), false};
    if (token == "bob-token")
        return ClientIdentity{QStringLiteral("bob"), false};
    return std::nullopt;
}

// A POST to /mcp through the router, as an HTTP client with this bearer token sends it.
inline std::shared_ptr<FakeHttpReply> routedPost(HttpRouter &router, const QByteArray &token,
                                                 const QJsonObject &message,
                                                 const QByteArray &session)
{
    HttpRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/mcp");
    request.headers = {{"host", "localhost"},
                       {"authorization", "Bearer " + token},
                       {"accept", kAccept},
                       {"content-type", "application/json"}};
    if (!session.isEmpty())
        request.headers.append({"mcp-session-id", session});
    request.body = compact(message);
    auto reply = std::make_shared<FakeHttpReply>();
    router.handle(request, reply);
    return reply;
}

// An McpHttpController over a fresh server and session manager, driven with FakeHttpReply.
class McpHttpControllerFixture {
protected:
    void setUp()
    {
        m_server = std::make_unique<McpServer>(
            ServerIdentity{QStringLiteral("proxmox-mcp"), {}, QStringLiteral("0.1.0"), {}});
        m_sessions = std::make_unique<SessionManager>(m_server.get(), 3600);
        m_controller = std::make_unique<McpHttpController>(m_server.get(), m_sessions.get());
        m_pendingCall.reset();
    }

    void tearDown()
    {
        m_pendingCall.reset();
        m_controller.reset();
        m_sessions.reset();
        m_server.reset();
    }

    std::shared_ptr<FakeHttpReply> call(const QByteArray &method, const QByteArray &body,
                                        Headers headers,
                                        std::optional<QString> clientName = QStringLiteral("alice"))
    {
        HttpRequest request;
        request.method = method;
        request.path = QStringLiteral("/mcp");
        request.headers = std::move(headers);
        request.body = body;
        request.peer = QHostAddress::LocalHost;
        if (clientName)
            request.client = ClientIdentity{*clientName, false};
        auto reply = std::make_shared<FakeHttpReply>();
        m_controller->handle(request, reply);
        return reply;
    }

    std::shared_ptr<FakeHttpReply> post(const QJsonObject &message, const QByteArray &sessionId,
                                        Headers extra = {},
                                        std::optional<QString> clientName = QStringLiteral("alice"))
    {
        Headers headers{{"accept", kAccept}, {"content-type", "application/json"}};
        if (!sessionId.isEmpty())
            headers.append({"mcp-session-id", sessionId});
        headers.append(extra);
        return call("POST", compact(message), headers, std::move(clientName));
    }

    std::shared_ptr<FakeHttpReply> get(const QByteArray &sessionId,
                                       const QByteArray &lastEventId = {},
                                       std::optional<QString> clientName = QStringLiteral("alice"))
    {
        Headers headers{{"accept", "text/event-stream"}, {"mcp-session-id", sessionId}};
        if (!lastEventId.isEmpty())
            headers.append({"last-event-id", lastEventId});
        return call("GET", {}, headers, std::move(clientName));
    }

    // initialize + notifications/initialized; returns the session id.
    QByteArray openSession(const QString &version = QStringLiteral("2025-11-25"),
                           std::optional<QString> clientName = QStringLiteral("alice"))
    {
        const auto init =
            post(rpcRequest(1, QStringLiteral("initialize"),
                            {{QStringLiteral("protocolVersion"), version},
                             {QStringLiteral("capabilities"), QJsonObject{}},
                             {QStringLiteral("clientInfo"),
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("t")},
                                          {QStringLiteral("version"), QStringLiteral("1")}}}}),
                 {}, {}, clientName);
        if (init->status() != 200)
            return {};
        const QByteArray id = init->header("Mcp-Session-Id");
        const auto initialized =
            post(JsonRpc::notification(QStringLiteral("notifications/initialized"), {}), id,
                 {{"mcp-protocol-version", version.toLatin1()}}, clientName);
        if (initialized->status() != 202)
            return {};
        return id;
    }

    static void verifyError(const FakeHttpReply &reply, int status, int code)
    {
        QVERIFY(reply.answered());
        QCOMPARE(reply.status(), status);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject body = reply.json();
        QCOMPARE(body.value(QLatin1String("jsonrpc")).toString(), QStringLiteral("2.0"));
        QVERIFY(body.contains(QLatin1String("id")));
        QCOMPARE(body.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(),
                 code);
        QVERIFY(!body.value(QLatin1String("error"))
                     .toObject()
                     .value(QLatin1String("message"))
                     .toString()
                     .isEmpty());
    }

    // A tool whose calls stay pending in m_pendingCall until the test finishes them.
    void addTool(const QString &name)
    {
        ToolDefinition tool;
        tool.name = name;
        tool.description = QStringLiteral("A test tool.");
        tool.inputSchema = ToolDefinition::emptyInputSchema();
        tool.handler = [this](const std::shared_ptr<ToolCall> &toolCall) {
            m_pendingCall = toolCall;
        };
        QVERIFY(m_server->tools().add(std::move(tool)).ok());
    }

    std::unique_ptr<McpServer> m_server;
    std::unique_ptr<SessionManager> m_sessions;
    std::unique_ptr<McpHttpController> m_controller;
    std::shared_ptr<ToolCall> m_pendingCall;
};

} // namespace pmcp::testing
