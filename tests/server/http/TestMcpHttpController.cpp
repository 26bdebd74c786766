#include "server/http/McpHttpController.h"

#include "McpHttpControllerFixture.h"
#include "server/http/SseChannel.h"
#include "server/mcp/JsonRpc.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "server/mcp/SessionManager.h"
#include "server/mcp/StatelessEnvelope.h"
#include "server/mcp/ToolCall.h"

#include <QJsonArray>
#include <QSet>
#include <QJsonDocument>
#include <QTest>

using namespace pmcp;
using namespace pmcp::testing;

class TestMcpHttpController final : public QObject, private McpHttpControllerFixture {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void toolOutsideTheGrantIs403InsufficientScope();

    void initializeAnnouncesSession();
    void wrongAcceptIs406_data();
    void wrongAcceptIs406();
    void wrongContentTypeIs415_data();
    void wrongContentTypeIs415();
    void malformedJsonIs400ParseError();
    void batchIs400();
    void batchAnsweredAsArrayFor20250326();
    void batchRefusedForLaterVersions();
    void emptyBatchAndInitializeInBatch();
    void invalidMessageIs400_data();
    void invalidMessageIs400();
    void missingSessionIdIs400();
    void unknownSessionIs404();
    void sessionOfAnotherClientIs404();
    void protocolVersionHeader_data();
    void protocolVersionHeader();
    void notificationAndResponseAre202();
    void requestIsAnsweredAsJson();
    void deleteEndsSession();
    void otherMethodIs405();
    void tooManySessionsIs503();
    void tooManySessionsOfOneClientIs429();
    void getNeedsEventStreamAndSession();
    void getStreamReceivesBroadcast();
    void getStreamWithoutPrimingForOlderVersion();
    void getWithLastEventIdResumesStandaloneStream();
    void getWithLastEventIdResumesClosedPostStream();
    void lastEventIdOfAnotherSessionDoesNotResume();
    void routesThroughRouter();

    // 2026-07-28, served statelessly beside the sessions.
    void statelessRequestOpensNoSession();
    void statelessRefusals_data();
    void statelessRefusals();
    void statelessDiscover();
    void statelessParamHeaders_data();
    void statelessParamHeaders();
    void statelessProgressStreamsWithoutEventIds();
    void statelessClientClosingCancels();
    void bothErasAtOnce();
    void statelessToolOutsideTheGrantIs403();

private:
    std::shared_ptr<FakeHttpReply> statelessPost(int id, const QString &method, QJsonObject params,
                                                 Headers headers = {},
                                                 const QJsonObject &capabilities = {});
};

namespace {

const QByteArray kModern = "2026-07-28";

QJsonObject modernMeta(const QString &version = QString::fromLatin1(kModern),
                       const QJsonObject &capabilities = {})
{
    return {{QStringLiteral("io.modelcontextprotocol/protocolVersion"), version},
            {QStringLiteral("io.modelcontextprotocol/clientCapabilities"), capabilities}};
}

} // namespace

// A 2026-07-28 POST: _meta in params, MCP-Protocol-Version, Mcp-Method and (for the methods
// that have one) Mcp-Name as a client sends them; headers given replace those of the same name.
std::shared_ptr<FakeHttpReply> TestMcpHttpController::statelessPost(int id, const QString &method,
                                                                    QJsonObject params,
                                                                    Headers headers,
                                                                    const QJsonObject &capabilities)
{
    if (!params.contains(QLatin1String("_meta")))
        params.insert(QStringLiteral("_meta"),
                      modernMeta(QString::fromLatin1(kModern), capabilities));
    Headers all{{"mcp-protocol-version", kModern}, {"mcp-method", method.toLatin1()}};
    if (method == QLatin1String("tools/call") || method == QLatin1String("prompts/get"))
        all.append({"mcp-name", params.value(QLatin1String("name")).toString().toUtf8()});
    for (const auto &header : headers) {
        all.removeIf([&header](const auto &entry) { return entry.first == header.first; });
        if (!header.second.isNull())
            all.append(header);
    }
    return post(rpcRequest(id, method, params), {}, all);
}

void TestMcpHttpController::init()
{
    setUp();
}

void TestMcpHttpController::cleanup()
{
    tearDown();
}

void TestMcpHttpController::initializeAnnouncesSession()
{
    const auto reply = post(initializeRequest(1), {});
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->header("Content-Type"), QByteArray("application/json"));
    const QByteArray id = reply->header("Mcp-Session-Id");
    QCOMPARE(id.size(), 32);
    for (const char c : id)
        QVERIFY(c > 0x20 && c < 0x7f); // visible ASCII, as the specification requires
    McpSession *session = m_sessions->find(QString::fromLatin1(id));
    QVERIFY(session);
    QCOMPARE(session->clientName(), QStringLiteral("alice"));
    QCOMPARE(session->protocolVersion(), QStringLiteral("2025-11-25"));
    const QJsonObject result = reply->json().value(QLatin1String("result")).toObject();
    QCOMPARE(result.value(QLatin1String("protocolVersion")).toString(),
             QStringLiteral("2025-11-25"));
    QCOMPARE(reply->json().value(QLatin1String("id")).toInt(), 1);

    // A second initialize opens a second session with another id.
    const auto other =
        post(initializeRequest(1, QStringLiteral("2025-06-18")), {}, {}, QStringLiteral("bob"));
    QCOMPARE(other->status(), 200);
    QVERIFY(other->header("Mcp-Session-Id") != id);
    QCOMPARE(m_sessions->count(), 2);

    // Read-only identity is recorded on the session.
    HttpRequest request;
    request.method = "POST";
    request.headers = {{"accept", kAccept}, {"content-type", "application/json"}};
    request.body = compact(initializeRequest(1));
    request.client = ClientIdentity{QStringLiteral("viewer"), true};
    auto readOnly = std::make_shared<FakeHttpReply>();
    m_controller->handle(request, readOnly);
    McpSession *viewer = m_sessions->find(QString::fromLatin1(readOnly->header("Mcp-Session-Id")));
    QVERIFY(viewer);
    QVERIFY(viewer->isReadOnlyClient());
}

void TestMcpHttpController::wrongAcceptIs406_data()
{
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<bool>("sendHeader");
    QTest::addColumn<int>("status");

    QTest::newRow("absent") << QByteArray() << false << 406;
    QTest::newRow("only JSON") << QByteArray("application/json") << true << 406;
    QTest::newRow("only SSE") << QByteArray("text/event-stream") << true << 406;
    QTest::newRow("text/html") << QByteArray("text/html") << true << 406;
    QTest::newRow("both") << kAccept << true << 200;
    QTest::newRow("both, other order and case")
        << QByteArray("Text/Event-Stream;q=0.9, APPLICATION/JSON") << true << 200;
    QTest::newRow("*/*") << QByteArray("*/*") << true << 200;
}

void TestMcpHttpController::wrongAcceptIs406()
{
    QFETCH(QByteArray, accept);
    QFETCH(bool, sendHeader);
    QFETCH(int, status);

    Headers headers{{"content-type", "application/json"}};
    if (sendHeader)
        headers.append({"accept", accept});
    const auto reply = call("POST", compact(initializeRequest(1)), headers);
    if (status == 406) {
        verifyError(*reply, 406, rpc::kInvalidRequest);
        QCOMPARE(m_sessions->count(), 0);
    } else {
        QCOMPARE(reply->status(), 200);
        QCOMPARE(m_sessions->count(), 1);
    }
}

void TestMcpHttpController::wrongContentTypeIs415_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");

    QTest::newRow("absent") << QByteArray() << 415;
    QTest::newRow("text/plain") << QByteArray("text/plain") << 415;
    QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded") << 415;
    QTest::newRow("json-seq") << QByteArray("application/json-seq") << 415;
    QTest::newRow("json") << QByteArray("application/json") << 200;
    QTest::newRow("json with charset") << QByteArray("application/json; charset=utf-8") << 200;
    QTest::newRow("json upper case") << QByteArray("Application/JSON") << 200;
}

void TestMcpHttpController::wrongContentTypeIs415()
{
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);

    Headers headers{{"accept", kAccept}};
    if (!contentType.isEmpty())
        headers.append({"content-type", contentType});
    const auto reply = call("POST", compact(initializeRequest(1)), headers);
    if (status == 415)
        verifyError(*reply, 415, rpc::kInvalidRequest);
    else
        QCOMPARE(reply->status(), 200);
}

void TestMcpHttpController::malformedJsonIs400ParseError()
{
    for (const QByteArray &body :
         {QByteArray("{\"jsonrpc\":\"2.0\","), QByteArray(), QByteArray("not json"),
          QByteArray("{\"a\":1}}"), QByteArray("1,2"), QByteArray("  ")}) {
        const auto reply =
            call("POST", body, {{"accept", kAccept}, {"content-type", "application/json"}});
        verifyError(*reply, 400, rpc::kParseError);
        QVERIFY(reply->json().value(QLatin1String("id")).isNull());
    }
    QCOMPARE(m_sessions->count(), 0);
}

void TestMcpHttpController::batchIs400()
{
    const QJsonArray batch{initializeRequest(1), rpcRequest(2, QStringLiteral("ping"))};
    const auto reply = call("POST", QJsonDocument(batch).toJson(QJsonDocument::Compact),
                            {{"accept", kAccept}, {"content-type", "application/json"}});
    verifyError(*reply, 400, rpc::kInvalidRequest);
    QCOMPARE(m_sessions->count(), 0);
}

namespace {

QByteArray batchBody(const QJsonArray &batch)
{
    return QJsonDocument(batch).toJson(QJsonDocument::Compact);
}

QJsonObject callTool(int id, const QString &name)
{
    return rpcRequest(id, QStringLiteral("tools/call"), {{QStringLiteral("name"), name}});
}

} // namespace

void TestMcpHttpController::batchAnsweredAsArrayFor20250326()
{
    ToolDefinition tool;
    tool.name = QStringLiteral("now");
    tool.description = QStringLiteral("Answers at once.");
    tool.inputSchema = ToolDefinition::emptyInputSchema();
    tool.handler = [](const std::shared_ptr<ToolCall> &toolCall) {
        toolCall->finish(ToolResult::text(QStringLiteral("done")));
    };
    QVERIFY(m_server->tools().add(std::move(tool)).ok());
    const QByteArray session = openSession(QStringLiteral("2025-03-26"));
    QVERIFY(!session.isEmpty());
    const Headers headers{
        {"accept", kAccept}, {"content-type", "application/json"}, {"mcp-session-id", session}};

    const QJsonArray batch{callTool(7, QStringLiteral("now")),
                           JsonRpc::notification(QStringLiteral("notifications/progress"), {}),
                           callTool(8, QStringLiteral("now"))};
    const auto reply = call("POST", batchBody(batch), headers);
    QCOMPARE(reply->status(), 200);
    const QJsonArray responses = QJsonDocument::fromJson(reply->body()).array();
    QCOMPARE(responses.size(), 2);
    QSet<int> ids;
    for (const QJsonValue &response : responses) {
        QVERIFY(response.toObject().contains(QLatin1String("result")));
        ids.insert(response.toObject().value(QLatin1String("id")).toInt());
    }
    QCOMPARE(ids, (QSet<int>{7, 8}));

    const QJsonArray notifications{
        JsonRpc::notification(QStringLiteral("notifications/progress"), {})};
    const auto quiet = call("POST", batchBody(notifications), headers);
    QCOMPARE(quiet->status(), 202);
    QVERIFY(quiet->body().isEmpty());
}

void TestMcpHttpController::batchRefusedForLaterVersions()
{
    for (const QString &version : {QStringLiteral("2025-06-18"), QStringLiteral("2025-11-25")}) {
        const QByteArray session = openSession(version);
        QVERIFY(!session.isEmpty());
        const auto reply = call("POST", batchBody({rpcRequest(2, QStringLiteral("ping"))}),
                                {{"accept", kAccept},
                                 {"content-type", "application/json"},
                                 {"mcp-session-id", session}});
        verifyError(*reply, 400, rpc::kInvalidRequest);
        QVERIFY(reply->json()
                    .value(QLatin1String("error"))
                    .toObject()
                    .value(QLatin1String("message"))
                    .toString()
                    .contains(version));
    }
}

void TestMcpHttpController::emptyBatchAndInitializeInBatch()
{
    const QByteArray session = openSession(QStringLiteral("2025-03-26"));
    QVERIFY(!session.isEmpty());
    const Headers headers{
        {"accept", kAccept}, {"content-type", "application/json"}, {"mcp-session-id", session}};
    verifyError(*call("POST", "[]", headers), 400, rpc::kInvalidRequest);

    const auto reply = call("POST",
                            batchBody({initializeRequest(3, QStringLiteral("2025-03-26")),
                                       rpcRequest(4, QStringLiteral("ping"))}),
                            headers);
    QCOMPARE(reply->status(), 200);
    const QJsonArray responses = QJsonDocument::fromJson(reply->body()).array();
    QCOMPARE(responses.size(), 2);
    QCOMPARE(responses.at(0).toObject().value(QLatin1String("id")), QJsonValue(3));
    QCOMPARE(responses.at(0)
                 .toObject()
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("code"))
                 .toInt(),
             rpc::kInvalidRequest);
    QCOMPARE(responses.at(1).toObject(), JsonRpc::result(4, {}));
    QCOMPARE(m_sessions->count(), 1);
}

void TestMcpHttpController::invalidMessageIs400_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonValue>("id");

    QTest::newRow("scalar") << QByteArray("42") << QJsonValue();
    QTest::newRow("string") << QByteArray("\"ping\"") << QJsonValue();
    QTest::newRow("null") << QByteArray(" null\n") << QJsonValue();
    QTest::newRow("no jsonrpc") << QByteArray(R"({"id":3,"method":"ping"})") << QJsonValue(3);
    QTest::newRow("jsonrpc 1.0") << QByteArray(R"({"jsonrpc":"1.0","id":"a","method":"ping"})")
                                 << QJsonValue(QStringLiteral("a"));
    QTest::newRow("empty method") << QByteArray(R"({"jsonrpc":"2.0","id":4,"method":""})")
                                  << QJsonValue(4);
    QTest::newRow("params array") << QByteArray(
                                         R"({"jsonrpc":"2.0","id":5,"method":"ping","params":[]})")
                                  << QJsonValue(5);
    QTest::newRow("object id") << QByteArray(R"({"jsonrpc":"2.0","id":{},"method":"ping"})")
                               << QJsonValue();
    QTest::newRow("fractional id")
        << QByteArray(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})") << QJsonValue();
    QTest::newRow("neither method nor id") << QByteArray(R"({"jsonrpc":"2.0"})") << QJsonValue();
    QTest::newRow("response without result")
        << QByteArray(R"({"jsonrpc":"2.0","id":6})") << QJsonValue(6);
}

void TestMcpHttpController::invalidMessageIs400()
{
    QFETCH(QByteArray, body);
    QFETCH(QJsonValue, id);
    const QByteArray session = openSession();
    QVERIFY(!session.isEmpty());
    const auto reply = call(
        "POST", body,
        {{"accept", kAccept}, {"content-type", "application/json"}, {"mcp-session-id", session}});
    verifyError(*reply, 400, rpc::kInvalidRequest);
    QCOMPARE(reply->json().value(QLatin1String("id")), id.isUndefined() ? QJsonValue() : id);
}

void TestMcpHttpController::missingSessionIdIs400()
{
    QVERIFY(!openSession().isEmpty());
    const auto ping = post(rpcRequest(2, QStringLiteral("ping")), {});
    verifyError(*ping, 400, rpc::kInvalidRequest);
    const auto notification =
        post(JsonRpc::notification(QStringLiteral("notifications/initialized"), {}), {});
    verifyError(*notification, 400, rpc::kInvalidRequest);
    const auto stream = call("GET", {}, {{"accept", "text/event-stream"}});
    verifyError(*stream, 400, rpc::kInvalidRequest);
    const auto deletion = call("DELETE", {}, {});
    verifyError(*deletion, 400, rpc::kInvalidRequest);
    QCOMPARE(m_sessions->count(), 1);
}

void TestMcpHttpController::unknownSessionIs404()
{
    QVERIFY(!openSession().isEmpty());
    const QByteArray unknown = SessionManager::newSessionId().toLatin1();
    verifyError(*post(rpcRequest(2, QStringLiteral("ping")), unknown), 404, rpc::kInvalidRequest);
    verifyError(*get(unknown), 404, rpc::kInvalidRequest);
    verifyError(*call("DELETE", {}, {{"mcp-session-id", unknown}}), 404, rpc::kInvalidRequest);
    QCOMPARE(m_sessions->count(), 1);
}

void TestMcpHttpController::sessionOfAnotherClientIs404()
{
    const QByteArray session = openSession();
    QVERIFY(!session.isEmpty());
    QCOMPARE(post(rpcRequest(2, QStringLiteral("ping")), session)->status(), 200);

    // Same answer as for a session that does not exist: no probing of other clients' ids.
    verifyError(
        *post(rpcRequest(2, QStringLiteral("ping")), session, {}, QStringLiteral("mallory")), 404,
        rpc::kInvalidRequest);
    verifyError(*post(rpcRequest(2, QStringLiteral("ping")), session, {}, std::nullopt), 404,
                rpc::kInvalidRequest);
    verifyError(*get(session, {}, QStringLiteral("mallory")), 404, rpc::kInvalidRequest);
    verifyError(*call("DELETE", {}, {{"mcp-session-id", session}}, QStringLiteral("mallory")), 404,
                rpc::kInvalidRequest);
    QVERIFY(m_sessions->find(QString::fromLatin1(session)));
    QCOMPARE(post(rpcRequest(3, QStringLiteral("ping")), session)->status(), 200);
}

void TestMcpHttpController::protocolVersionHeader_data()
{
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<int>("status");

    QTest::newRow("negotiated 2025-11-25") << QByteArray("2025-11-25") << 200;
    QTest::newRow("other supported 2025-06-18") << QByteArray("2025-06-18") << 200;
    QTest::newRow("other supported 2025-03-26") << QByteArray("2025-03-26") << 200;
    QTest::newRow("unsupported 2024-11-05") << QByteArray("2024-11-05") << 400;
    QTest::newRow("future 2099-01-01") << QByteArray("2099-01-01") << 400;
    QTest::newRow("garbage") << QByteArray("latest") << 400;
}

void TestMcpHttpController::protocolVersionHeader()
{
    QFETCH(QByteArray, version);
    QFETCH(int, status);

    const QByteArray session = openSession(QStringLiteral("2025-11-25"));
    QVERIFY(!session.isEmpty());
    const auto reply =
        post(rpcRequest(7, QStringLiteral("ping")), session, {{"mcp-protocol-version", version}});
    if (status == 400) {
        verifyError(*reply, 400, rpc::kInvalidRequest);
        QVERIFY(reply->json()
                    .value(QLatin1String("error"))
                    .toObject()
                    .value(QLatin1String("message"))
                    .toString()
                    .contains(QString::fromLatin1(version)));
        // Checked before anything else, for GET and DELETE too.
        verifyError(*call("GET", {},
                          {{"accept", "text/event-stream"},
                           {"mcp-session-id", session},
                           {"mcp-protocol-version", version}}),
                    400, rpc::kInvalidRequest);
        verifyError(
            *call("DELETE", {}, {{"mcp-session-id", session}, {"mcp-protocol-version", version}}),
            400, rpc::kInvalidRequest);
        QVERIFY(m_sessions->find(QString::fromLatin1(session)));
    } else {
        QCOMPARE(reply->status(), 200);
        QCOMPARE(reply->json().value(QLatin1String("id")).toInt(), 7);
        QVERIFY(reply->json().contains(QLatin1String("result")));
    }
}

void TestMcpHttpController::notificationAndResponseAre202()
{
    const QByteArray session = openSession();
    QVERIFY(!session.isEmpty());
    QVERIFY(m_sessions->find(QString::fromLatin1(session))->isInitialized());

    const auto notification = post(
        JsonRpc::notification(QStringLiteral("notifications/roots/list_changed"), {}), session);
    QCOMPARE(notification->status(), 202);
    QVERIFY(notification->sent->body.isEmpty());
    QVERIFY(!notification->streaming);

    // A client's answer to a server request (unknown id here) is accepted the same way.
    const auto response = post(JsonRpc::result(QStringLiteral("srv-99"), {}), session);
    QCOMPARE(response->status(), 202);
    const auto error = post(
        {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
         {QStringLiteral("id"), QStringLiteral("srv-98")},
         {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), -1},
                                               {QStringLiteral("message"), QStringLiteral("no")}}}},
        session);
    QCOMPARE(error->status(), 202);
}

void TestMcpHttpController::requestIsAnsweredAsJson()
{
    const QByteArray session = openSession();
    addTool(QStringLiteral("t1"));
    const auto list = post(rpcRequest(2, QStringLiteral("tools/list")), session);
    QCOMPARE(list->status(), 200);
    QCOMPARE(list->header("Content-Type"), QByteArray("application/json"));
    QVERIFY(!list->hasHeader("Mcp-Session-Id")); // only initialize announces it
    const QJsonArray tools = list->json()
                                 .value(QLatin1String("result"))
                                 .toObject()
                                 .value(QLatin1String("tools"))
                                 .toArray();
    QCOMPARE(tools.size(), 1);
    QCOMPARE(tools.at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("t1"));

    const auto unknown = post(rpcRequest(3, QStringLiteral("no/such")), session);
    QCOMPARE(unknown->status(), 200); // a JSON-RPC error travels in a 200
    QCOMPARE(unknown->json()
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("code"))
                 .toInt(),
             rpc::kMethodNotFound);
}

void TestMcpHttpController::deleteEndsSession()
{
    const QByteArray session = openSession();
    const QByteArray other = openSession();
    QCOMPARE(m_sessions->count(), 2);
    const auto stream = get(session);
    QVERIFY(stream->streaming);

    const auto deletion = call("DELETE", {}, {{"mcp-session-id", session}});
    QCOMPARE(deletion->status(), 200);
    QCOMPARE(m_sessions->count(), 1);
    QVERIFY(!m_sessions->find(QString::fromLatin1(session)));
    QVERIFY(stream->ended); // its open stream ends with it

    verifyError(*post(rpcRequest(2, QStringLiteral("ping")), session), 404, rpc::kInvalidRequest);
    verifyError(*get(session), 404, rpc::kInvalidRequest);
    verifyError(*call("DELETE", {}, {{"mcp-session-id", session}}), 404, rpc::kInvalidRequest);
    QCOMPARE(post(rpcRequest(2, QStringLiteral("ping")), other)->status(), 200);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

void TestMcpHttpController::otherMethodIs405()
{
    const auto reply = call("PUT", "{}", {{"content-type", "application/json"}});
    QCOMPARE(reply->status(), 405);
    QCOMPARE(reply->header("Allow"), QByteArray("GET, POST, DELETE"));
}

void TestMcpHttpController::tooManySessionsIs503()
{
    m_controller.reset();
    m_sessions = std::make_unique<SessionManager>(m_server.get(), 3600, 1);
    m_controller = std::make_unique<McpHttpController>(m_server.get(), m_sessions.get());
    QVERIFY(!openSession().isEmpty());
    const auto reply = post(initializeRequest(9), {});
    verifyError(*reply, 503, rpc::kInternalError);
    QCOMPARE(reply->json().value(QLatin1String("id")).toInt(), 9);
    QVERIFY(reply->json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QLatin1String("1, the limit for all clients")));
    QVERIFY(!reply->hasHeader("Mcp-Session-Id"));
}

void TestMcpHttpController::tooManySessionsOfOneClientIs429()
{
    m_controller.reset();
    m_sessions = std::make_unique<SessionManager>(m_server.get(), 3600, 10, 1);
    m_controller = std::make_unique<McpHttpController>(m_server.get(), m_sessions.get());
    QVERIFY(!openSession().isEmpty());
    const auto reply = post(initializeRequest(7), {});
    verifyError(*reply, 429, rpc::kInternalError);
    QCOMPARE(reply->json().value(QLatin1String("id")).toInt(), 7);
    const QString message = reply->json()
                                .value(QLatin1String("error"))
                                .toObject()
                                .value(QLatin1String("message"))
                                .toString();
    QVERIFY2(message.contains(QLatin1String("'alice'")) &&
                 message.contains(QLatin1String("MCP_MAX_SESSIONS_PER_CLIENT")),
             qPrintable(message));
    QVERIFY(!reply->hasHeader("Mcp-Session-Id"));

    // Another client still gets a session.
    const auto other = post(initializeRequest(8), {}, {}, QStringLiteral("bob"));
    QCOMPARE(other->status(), 200);
    QVERIFY(other->hasHeader("Mcp-Session-Id"));
    QCOMPARE(m_sessions->countFor(QStringLiteral("bob")), 1);
}

void TestMcpHttpController::getNeedsEventStreamAndSession()
{
    const QByteArray session = openSession();
    verifyError(*call("GET", {}, {{"mcp-session-id", session}}), 406, rpc::kInvalidRequest);
    verifyError(*call("GET", {}, {{"accept", "application/json"}, {"mcp-session-id", session}}),
                406, rpc::kInvalidRequest);
    QCOMPARE(m_sessions->find(QString::fromLatin1(session))->openStandaloneChannels(), 0);
}

void TestMcpHttpController::getStreamReceivesBroadcast()
{
    const QByteArray session = openSession();
    const auto stream = get(session);
    QVERIFY(stream->streaming);
    QVERIFY(!stream->answered());
    QCOMPARE(stream->streamStatus, 200);
    QCOMPARE(stream->header("Content-Type"), QByteArray("text/event-stream"));
    QVERIFY(!stream->hasHeader("Mcp-Session-Id"));
    QCOMPARE(m_sessions->find(QString::fromLatin1(session))->openStandaloneChannels(), 1);

    // 2025-11-25 was negotiated: a priming event first.
    auto events = parseSse(stream->streamed());
    QCOMPARE(events.size(), 1);
    QVERIFY(events.at(0).id.endsWith("-0"));
    QVERIFY(events.at(0).data.isEmpty());

    addTool(QStringLiteral("new_tool"));
    events = parseSse(stream->streamed());
    QCOMPARE(events.size(), 2);
    const QJsonObject message = messageOf(events.at(1).data);
    QCOMPARE(message.value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/tools/list_changed"));
    QVERIFY(!message.contains(QLatin1String("id")));
    const auto [streamId, number] = SseChannel::parseEventId(events.at(1).id);
    QCOMPARE(number, qint64(1));
    QCOMPARE(SseChannel::parseEventId(events.at(0).id).first, streamId);
    QVERIFY(!stream->ended);
}

void TestMcpHttpController::getStreamWithoutPrimingForOlderVersion()
{
    const QByteArray session = openSession(QStringLiteral("2025-06-18"));
    QVERIFY(!session.isEmpty());
    const auto stream = get(session);
    QVERIFY(stream->streaming);
    QVERIFY(stream->chunks.isEmpty());
    addTool(QStringLiteral("new_tool"));
    QCOMPARE(parseSse(stream->streamed()).size(), 1);
}

void TestMcpHttpController::getWithLastEventIdResumesStandaloneStream()
{
    const QByteArray session = openSession();
    const auto first = get(session);
    addTool(QStringLiteral("a"));
    const auto events = parseSse(first->streamed());
    QCOMPARE(events.size(), 2);
    const QByteArray primingId = events.at(0).id;
    const QByteArray changedId = events.at(1).id;

    // The connection breaks; the client comes back with the priming event's id.
    first->disconnect();
    const auto second = get(session, primingId);
    QVERIFY(second->streaming);
    const auto replayed = parseSse(second->streamed());
    QCOMPARE(replayed.size(), 1); // no second priming event
    QCOMPARE(replayed.at(0).id, changedId);
    QCOMPARE(messageOf(replayed.at(0).data).value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/tools/list_changed"));
    QVERIFY(!second->ended);

    // And the resumed stream goes on receiving.
    addTool(QStringLiteral("b"));
    QCOMPARE(parseSse(second->streamed()).size(), 2);

    // An id we never issued opens a fresh stream instead.
    const auto fresh = get(session, "evt-xyz");
    QVERIFY(fresh->streaming);
    const auto freshEvents = parseSse(fresh->streamed());
    QCOMPARE(freshEvents.size(), 1);
    QVERIFY(freshEvents.at(0).id.endsWith("-0"));
    QVERIFY(SseChannel::parseEventId(freshEvents.at(0).id).first !=
            SseChannel::parseEventId(changedId).first);
}

void TestMcpHttpController::getWithLastEventIdResumesClosedPostStream()
{
    const QByteArray session = openSession();
    addTool(QStringLiteral("slow"));
    const auto post1 = post(rpcRequest(5, QStringLiteral("tools/call"),
                                       {{QStringLiteral("name"), QStringLiteral("slow")},
                                        {QStringLiteral("arguments"), QJsonObject{}}}),
                            session);
    QVERIFY(m_pendingCall);
    QVERIFY(!post1->answered());
    QVERIFY(!post1->streaming);

    // The tool logs, then closes the stream (SEP-1699 polling), then finishes.
    m_pendingCall->log(LogLevel::Warning, QStringLiteral("step 1"));
    m_pendingCall->closeStream();
    QVERIFY(post1->ended);
    const auto before = parseSse(post1->streamed());
    QCOMPARE(before.size(), 2); // priming + log
    QVERIFY(before.at(0).id.endsWith("-0"));
    m_pendingCall->log(LogLevel::Warning, QStringLiteral("step 2"));
    m_pendingCall->finish(ToolResult::text(QStringLiteral("done")));

    const auto resumed = get(session, before.at(1).id);
    QVERIFY(resumed->streaming);
    const auto after = parseSse(resumed->streamed());
    QCOMPARE(after.size(), 2);
    QCOMPARE(messageOf(after.at(0).data).value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/message"));
    const QJsonObject final = messageOf(after.at(1).data);
    QCOMPARE(final.value(QLatin1String("id")).toInt(), 5);
    QVERIFY(final.contains(QLatin1String("result")));
    QVERIFY(resumed->ended);
    // Not registered as a standalone stream.
    QCOMPARE(m_sessions->find(QString::fromLatin1(session))->openStandaloneChannels(), 0);
}

void TestMcpHttpController::lastEventIdOfAnotherSessionDoesNotResume()
{
    const QByteArray alice = openSession();
    const QByteArray other = openSession();
    const auto first = get(alice);
    addTool(QStringLiteral("a"));
    const QByteArray primingId = parseSse(first->streamed()).at(0).id;
    first->disconnect();

    // Stream ids are per session: the other session gets a new stream, not alice's events.
    const auto second = get(other, primingId);
    QVERIFY(second->streaming);
    const auto events = parseSse(second->streamed());
    QCOMPARE(events.size(), 1);
    QVERIFY(events.at(0).id.endsWith("-0"));
    QVERIFY(!second->streamed().contains("list_changed"));
}

void TestMcpHttpController::routesThroughRouter()
{
    HttpRouter router(OriginPolicy({}, {}), aliceAndBobTokens, nullptr);
    m_controller->registerRoutes(router, QStringLiteral("/mcp"), RouteAccess::Token);
    const auto init = routedPost(router, "alice-token", initializeRequest(1), {});
    QCOMPARE(init->status(), 200);
    const QByteArray session = init->header("Mcp-Session-Id");
    QCOMPARE(m_sessions->find(QString::fromLatin1(session))->clientName(), QStringLiteral("alice"));
    QCOMPARE(
        routedPost(router, "alice-token", rpcRequest(2, QStringLiteral("ping")), session)->status(),
        200);
    QCOMPARE(
        routedPost(router, "bob-token", rpcRequest(2, QStringLiteral("ping")), session)->status(),
        404);
    QCOMPARE(routedPost(router, "nobody", rpcRequest(2, QStringLiteral("ping")), session)->status(),
             401);
}

void TestMcpHttpController::toolOutsideTheGrantIs403InsufficientScope()
{
    for (const auto &[name, readOnly] :
         {std::pair{QStringLiteral("look"), true}, std::pair{QStringLiteral("change"), false}}) {
        ToolDefinition tool;
        tool.name = name;
        tool.description = QStringLiteral("A test tool.");
        tool.annotations.readOnly = readOnly;
        tool.inputSchema = ToolDefinition::emptyInputSchema();
        tool.handler = [](const std::shared_ptr<ToolCall> &toolCall) {
            toolCall->finish(ToolResult::text(QStringLiteral("done")));
        };
        QVERIFY(m_server->tools().add(std::move(tool)).ok());
    }
    m_controller->setResourceMetadataPath(
        QStringLiteral("/.well-known/oauth-protected-resource/mcp"));
    const auto send = [this](const ClientIdentity &identity, const QJsonObject &message,
                             const QByteArray &session) {
        HttpRequest request;
        request.method = "POST";
        request.path = QStringLiteral("/mcp");
        request.headers = {
            {"host", "127.0.0.1:8080"}, {"accept", kAccept}, {"content-type", "application/json"}};
        if (!session.isEmpty())
            request.headers.append({"mcp-session-id", session});
        request.body = compact(message);
        request.client = identity;
        auto reply = std::make_shared<FakeHttpReply>();
        m_controller->handle(request, reply);
        return reply;
    };
    ClientIdentity viewer{QStringLiteral("viewer"), true};
    viewer.kind = QStringLiteral("oauth");
    ClientIdentity picker{QStringLiteral("picker"), false};
    picker.kind = QStringLiteral("oauth");
    picker.tools = QStringList{QStringLiteral("look")};
    // A static read-only token cannot be widened by authorizing again: the engine's error.
    ClientIdentity script{QStringLiteral("script"), true};
    script.kind = QStringLiteral("token");
    {
        const QByteArray session = send(script, initializeRequest(1), {})->header("Mcp-Session-Id");
        const auto refused = send(script, callTool(3, QStringLiteral("change")), session);
        QCOMPARE(refused->status(), 200);
        QVERIFY(!refused->hasHeader("www-authenticate"));
        QVERIFY(refused->body().contains("is read-only"));
    }
    for (const ClientIdentity &identity : {viewer, picker}) {
        const auto init = send(identity, initializeRequest(1), {});
        const QByteArray session = init->header("Mcp-Session-Id");
        QVERIFY(!session.isEmpty());
        const auto allowed = send(identity, callTool(2, QStringLiteral("look")), session);
        QCOMPARE(allowed->status(), 200);
        const auto refused = send(identity, callTool(3, QStringLiteral("change")), session);
        QCOMPARE(refused->status(), 403);
        const QByteArray scope = identity.readOnly ? "full" : "tools:change";
        QCOMPARE(refused->header("www-authenticate"),
                 "Bearer error=\"insufficient_scope\", scope=\"" + scope +
                     "\", resource_metadata=\"http://127.0.0.1:8080/.well-known/"
                     "oauth-protected-resource/mcp\"");
        QCOMPARE(refused->json().value(QLatin1String("id")).toInt(), 3);
        // tools/list shows the grant's tools only.
        const auto listed =
            send(identity, rpcRequest(4, QStringLiteral("tools/list"), {}), session);
        QVERIFY(listed->body().contains("\"look\""));
        QVERIFY(!listed->body().contains("\"change\""));
    }
}

void TestMcpHttpController::statelessRequestOpensNoSession()
{
    addTool(QStringLiteral("look"));
    const auto reply = statelessPost(7, QStringLiteral("tools/list"), {});
    QCOMPARE(reply->status(), 200);
    QVERIFY(!reply->hasHeader("Mcp-Session-Id"));
    QCOMPARE(m_sessions->count(), 0);
    const QJsonObject body = reply->json();
    QCOMPARE(body.value(QLatin1String("id")).toInt(), 7);
    const QJsonObject result = body.value(QLatin1String("result")).toObject();
    QCOMPARE(result.value(QLatin1String("resultType")).toString(), QStringLiteral("complete"));
    QCOMPARE(result.value(QLatin1String("tools")).toArray().size(), 1);
    QVERIFY(result.value(QLatin1String("ttlMs")).isDouble());
    QCOMPARE(result.value(QLatin1String("cacheScope")).toString(), QStringLiteral("public"));
    QCOMPARE(result.value(QLatin1String("_meta"))
                 .toObject()
                 .value(QLatin1String("io.modelcontextprotocol/serverInfo"))
                 .toObject()
                 .value(QLatin1String("name"))
                 .toString(),
             QStringLiteral("proxmox-mcp"));
    // The call went through the one tools/call implementation, with the request's identity.
    const auto called = statelessPost(8, QStringLiteral("tools/call"),
                                      {{QStringLiteral("name"), QStringLiteral("look")},
                                       {QStringLiteral("arguments"), QJsonObject{}}});
    QVERIFY(m_pendingCall);
    QCOMPARE(m_pendingCall->clientName(), QStringLiteral("alice"));
    m_pendingCall->finish(ToolResult::text(QStringLiteral("seen")));
    QCOMPARE(called->status(), 200);
    const QJsonObject callResult = called->json().value(QLatin1String("result")).toObject();
    QCOMPARE(callResult.value(QLatin1String("resultType")).toString(), QStringLiteral("complete"));
    QVERIFY(!callResult.contains(QLatin1String("ttlMs")));
    QCOMPARE(m_sessions->count(), 0);
}

void TestMcpHttpController::statelessRefusals_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    const QJsonObject none;
    const QJsonObject call{{QStringLiteral("name"), QStringLiteral("look")},
                           {QStringLiteral("arguments"), QJsonObject{}}};
    QTest::newRow("header without _meta")
        << "tools/list" << QJsonObject{{QStringLiteral("_meta"), QJsonObject{}}} << Headers{} << 400
        << -32602;
    QTest::newRow("unsupported version")
        << "server/discover"
        << QJsonObject{{QStringLiteral("_meta"), modernMeta(QStringLiteral("v999.0.0"))}}
        << Headers{{"mcp-protocol-version", "v999.0.0"}} << 400 << -32022;
    QTest::newRow("header and _meta disagree")
        << "server/discover"
        << QJsonObject{{QStringLiteral("_meta"), modernMeta(QStringLiteral("v999.0.0"))}}
        << Headers{} << 400 << -32020;
    QTest::newRow("no version header")
        << "tools/list" << none << Headers{{"mcp-protocol-version", QByteArray()}} << 400 << -32020;
    QTest::newRow("Mcp-Method wrong case")
        << "tools/list" << none << Headers{{"mcp-method", "TOOLS/LIST"}} << 400 << -32020;
    QTest::newRow("Mcp-Name missing")
        << "tools/call" << call << Headers{{"mcp-name", QByteArray()}} << 400 << -32020;
    QTest::newRow("Mcp-Name of another tool")
        << "tools/call" << call << Headers{{"mcp-name", "other"}} << 400 << -32020;
    QTest::newRow("removed method ping") << "ping" << none << Headers{} << 404 << -32601;
    QTest::newRow("removed method initialize")
        << "initialize" << none << Headers{} << 404 << -32601;
    QTest::newRow("unknown method") << "unknown/method" << none << Headers{} << 404 << -32601;
    QTest::newRow("unknown tool is a handler error")
        << "tools/call"
        << QJsonObject{{QStringLiteral("name"), QStringLiteral("nope")},
                       {QStringLiteral("arguments"), QJsonObject{}}}
        << Headers{} << 200 << -32602;
}

void TestMcpHttpController::statelessRefusals()
{
    QFETCH(QString, method);
    QFETCH(QJsonObject, params);
    QFETCH(Headers, headers);
    QFETCH(int, status);
    QFETCH(int, code);
    addTool(QStringLiteral("look"));
    const auto reply = statelessPost(41, method, params, headers);
    QCOMPARE(reply->status(), status);
    const QJsonObject body = reply->json();
    // Errors of the 2026 wire echo the request id, never null.
    QCOMPARE(body.value(QLatin1String("id")).toInt(), 41);
    QCOMPARE(body.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(),
             code);
    QVERIFY(!body.value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("message"))
                 .toString()
                 .isEmpty());
    QVERIFY(!m_pendingCall);
    QCOMPARE(m_sessions->count(), 0);
}

void TestMcpHttpController::statelessDiscover()
{
    const auto reply = statelessPost(1, QStringLiteral("server/discover"), {});
    QCOMPARE(reply->status(), 200);
    const QJsonObject result = reply->json().value(QLatin1String("result")).toObject();
    QCOMPARE(result.value(QLatin1String("supportedVersions")).toArray(),
             QJsonArray{QStringLiteral("2026-07-28")});
    QVERIFY(
        result.value(QLatin1String("capabilities")).toObject().contains(QLatin1String("tools")));
    QCOMPARE(result.value(QLatin1String("ttlMs")).toInt(), StatelessEnvelope::kDiscoverTtlMs);
    QCOMPARE(result.value(QLatin1String("cacheScope")).toString(), QStringLiteral("public"));
    QCOMPARE(result.value(QLatin1String("resultType")).toString(), QStringLiteral("complete"));
    // An unsupported version is answered with the same list.
    const auto refused =
        statelessPost(2, QStringLiteral("server/discover"),
                      {{QStringLiteral("_meta"), modernMeta(QStringLiteral("2025-11-25"))}},
                      {{"mcp-protocol-version", "2025-11-25"}});
    QCOMPARE(refused->status(), 400);
    const QJsonObject data = refused->json()
                                 .value(QLatin1String("error"))
                                 .toObject()
                                 .value(QLatin1String("data"))
                                 .toObject();
    QCOMPARE(data.value(QLatin1String("supported")).toArray(),
             result.value(QLatin1String("supportedVersions")).toArray());
    QCOMPARE(data.value(QLatin1String("requested")).toString(), QStringLiteral("2025-11-25"));
    // Without the envelope it is an unknown method of a 2025 client, as before.
    const auto legacy = post(rpcRequest(3, QStringLiteral("server/discover")), {});
    QCOMPARE(legacy->status(), 400);
    QVERIFY(legacy->body().contains("Mcp-Session-Id"));
}

void TestMcpHttpController::statelessParamHeaders_data()
{
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<bool>("accepted");
    const QJsonObject region{{QStringLiteral("region"), QStringLiteral("Hello")}};
    QTest::newRow("literal") << region << Headers{{"mcp-param-region", "Hello"}} << true;
    QTest::newRow("unwrapped value is literal")
        << region << Headers{{"mcp-param-region", "=?base64?SGVsbG8=?=&"}} << false;
    QTest::newRow("base64 exact") << region << Headers{{"mcp-param-region", "=?base64?SGVsbG8=?="}}
                                  << true;
    QTest::newRow("bad padding") << region << Headers{{"mcp-param-region", "=?base64?SGVsbG8?="}}
                                 << false;
    QTest::newRow("omitted") << region << Headers{} << false;
    QTest::newRow("other value") << region << Headers{{"mcp-param-region", "World"}} << false;
    QTest::newRow("no argument, no header") << QJsonObject{} << Headers{} << true;
    QTest::newRow("integer compared numerically")
        << QJsonObject{{QStringLiteral("region"), QStringLiteral("x")},
                       {QStringLiteral("count"), 42}}
        << Headers{{"mcp-param-region", "x"}, {"mcp-param-count", "42.0"}} << true;
    QTest::newRow("integer differs")
        << QJsonObject{{QStringLiteral("region"), QStringLiteral("x")},
                       {QStringLiteral("count"), 42}}
        << Headers{{"mcp-param-region", "x"}, {"mcp-param-count", "41"}} << false;
}

void TestMcpHttpController::statelessParamHeaders()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(Headers, headers);
    QFETCH(bool, accepted);
    ToolDefinition tool;
    tool.name = QStringLiteral("routed");
    tool.description = QStringLiteral("A tool with routing headers.");
    tool.inputSchema = testjson::parseObject(
        R"({"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"},)"
        R"("count":{"type":"integer","x-mcp-header":"Count"}}})");
    tool.handler = [](const std::shared_ptr<ToolCall> &call) {
        call->finish(ToolResult::text(QStringLiteral("routed")));
    };
    QVERIFY(m_server->tools().add(std::move(tool)).ok());
    const auto reply = statelessPost(5, QStringLiteral("tools/call"),
                                     {{QStringLiteral("name"), QStringLiteral("routed")},
                                      {QStringLiteral("arguments"), arguments}},
                                     headers);
    if (accepted) {
        QCOMPARE(reply->status(), 200);
        QVERIFY(reply->json().contains(QLatin1String("result")));
    } else {
        QCOMPARE(reply->status(), 400);
        QCOMPARE(reply->json().value(QLatin1String("id")).toInt(), 5);
        QCOMPARE(reply->json()
                     .value(QLatin1String("error"))
                     .toObject()
                     .value(QLatin1String("code"))
                     .toInt(),
                 -32020);
    }
}

void TestMcpHttpController::statelessProgressStreamsWithoutEventIds()
{
    addTool(QStringLiteral("look"));
    QJsonObject meta = modernMeta();
    meta.insert(QStringLiteral("progressToken"), QStringLiteral("p1"));
    const auto reply = statelessPost(9, QStringLiteral("tools/call"),
                                     {{QStringLiteral("name"), QStringLiteral("look")},
                                      {QStringLiteral("arguments"), QJsonObject{}},
                                      {QStringLiteral("_meta"), meta}});
    QVERIFY(m_pendingCall);
    m_pendingCall->progress(1, 2);
    m_pendingCall->log(LogLevel::Error, QStringLiteral("not asked for"));
    m_pendingCall->finish(ToolResult::text(QStringLiteral("done")));
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->header("Content-Type"), QByteArray("text/event-stream"));
    const auto events = parseSse(reply->streamed());
    QCOMPARE(events.size(), 2);
    for (const auto &event : events)
        QVERIFY(event.id.isEmpty()); // nothing to resume on this wire
    QCOMPARE(messageOf(events[0].data).value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/progress"));
    QCOMPARE(messageOf(events[1].data).value(QLatin1String("id")).toInt(), 9);
}

void TestMcpHttpController::statelessClientClosingCancels()
{
    addTool(QStringLiteral("look"));
    const auto reply = statelessPost(3, QStringLiteral("tools/call"),
                                     {{QStringLiteral("name"), QStringLiteral("look")},
                                      {QStringLiteral("arguments"), QJsonObject{}}});
    QVERIFY(m_pendingCall);
    QVERIFY(!m_pendingCall->isCancelled());
    reply->disconnect();
    QVERIFY(m_pendingCall->isCancelled());
}

void TestMcpHttpController::bothErasAtOnce()
{
    addTool(QStringLiteral("look"));
    const QByteArray session = openSession();
    QVERIFY(!session.isEmpty());
    const auto modern = statelessPost(2, QStringLiteral("tools/list"), {});
    QCOMPARE(modern->status(), 200);
    // A session id on a modern request is ignored, and the session is untouched.
    const auto withSession =
        statelessPost(3, QStringLiteral("tools/list"), {}, {{"mcp-session-id", session}});
    QCOMPARE(withSession->status(), 200);
    const auto legacy = post(rpcRequest(4, QStringLiteral("tools/list")), session,
                             {{"mcp-protocol-version", "2025-11-25"}});
    QCOMPARE(legacy->status(), 200);
    const QJsonObject legacyResult = legacy->json().value(QLatin1String("result")).toObject();
    QVERIFY(!legacyResult.contains(QLatin1String("resultType")));
    QVERIFY(!legacyResult.contains(QLatin1String("ttlMs")));
    QCOMPARE(m_sessions->count(), 1);
}

void TestMcpHttpController::statelessToolOutsideTheGrantIs403()
{
    ToolDefinition tool;
    tool.name = QStringLiteral("change");
    tool.description = QStringLiteral("A changing tool.");
    tool.inputSchema = ToolDefinition::emptyInputSchema();
    tool.handler = [](const std::shared_ptr<ToolCall> &toolCall) {
        toolCall->finish(ToolResult::text(QStringLiteral("changed")));
    };
    QVERIFY(m_server->tools().add(std::move(tool)).ok());
    m_controller->setResourceMetadataPath(
        QStringLiteral("/.well-known/oauth-protected-resource/mcp"));
    const auto send = [this](const ClientIdentity &identity) {
        QJsonObject params{{QStringLiteral("name"), QStringLiteral("change")},
                           {QStringLiteral("arguments"), QJsonObject{}},
                           {QStringLiteral("_meta"), modernMeta()}};
        HttpRequest request;
        request.method = "POST";
        request.path = QStringLiteral("/mcp");
        request.headers = {{"host", "127.0.0.1:8080"},           {"accept", kAccept},
                           {"content-type", "application/json"}, {"mcp-protocol-version", kModern},
                           {"mcp-method", "tools/call"},         {"mcp-name", "change"}};
        request.body = compact(rpcRequest(12, QStringLiteral("tools/call"), params));
        request.client = identity;
        auto reply = std::make_shared<FakeHttpReply>();
        m_controller->handle(request, reply);
        return reply;
    };
    ClientIdentity viewer{QStringLiteral("viewer"), true};
    viewer.kind = QStringLiteral("oauth");
    const auto refused = send(viewer);
    QCOMPARE(refused->status(), 403);
    QVERIFY(refused->header("www-authenticate").contains("error=\"insufficient_scope\""));
    QCOMPARE(refused->json().value(QLatin1String("id")).toInt(), 12);
    ClientIdentity full{QStringLiteral("full"), false};
    full.kind = QStringLiteral("oauth");
    const auto allowed = send(full);
    QCOMPARE(allowed->status(), 200);
    QVERIFY(allowed->body().contains("changed"));
}

QTEST_GUILESS_MAIN(TestMcpHttpController)
#include "TestMcpHttpController.moc"
