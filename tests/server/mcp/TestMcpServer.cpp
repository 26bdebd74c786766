#include "server/mcp/McpServer.h"

#include "server/mcp/Pagination.h"
#include "server/mcp/ProtocolEra.h"
#include "server/mcp/RequestContext.h"
#include "server/mcp/StatelessEnvelope.h"
#include "server/mcp/ToolCall.h"
#include "tests/support/RecordingChannel.h"
#include "McpServerFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

class TestMcpServer final : public QObject {
    Q_OBJECT

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void initialize_data();
    void initialize();
    void initializeNeedsAProtocolVersion_data();
    void initializeNeedsAProtocolVersion();
    void capabilities();
    void requestsBeforeInitialize_data();
    void requestsBeforeInitialize();
    void initializedNotificationAloneOpensNothing();
    void ping();
    void unknownMethod_data();
    void unknownMethod();
    void toolsListPagination();
    void toolsListBadCursor_data();
    void toolsListBadCursor();
    void pageSizeZeroStillAdvances();
    void toolsCall();
    void toolsCallUnknownTool_data();
    void toolsCallUnknownTool();
    void argumentsMustBeAnObject_data();
    void argumentsMustBeAnObject();
    void schemaViolationIsAToolResult();
    void readOnlySession();
    void handlerThrowing();
    void setLevel_data();
    void setLevel();
    void cancelInFlightTool();
    void cancelIgnoresOtherIds_data();
    void cancelIgnoresOtherIds();
    void cancelIgnoresInitialize();
    void clientResponseResolvesServerRequest();
    void clientErrorResolvesServerRequest();
    void strayResponsesAreIgnored();
    void completion();
    void asyncResourceRead();
    void logToSessionsEmitsANotification();
    void resources();
    void prompts();
    void listChangedBroadcast();
    void callObserver();
    void toolAuditorSeesEveryToolCall();
    void toolAuditorGetsTheFactsTheToolSet();

    // 2026-07-28: the same dispatch without a session.
    void statelessDiscover();
    void statelessCallHasTheRequestsIdentityAndNoSessionLeft();
    void statelessLogsOnlyWithLogLevel_data();
    void statelessLogsOnlyWithLogLevel();
    void statelessResourceNotFoundIsInvalidParams();
    void statelessAsksNoServerToClientRequests();
    void statelessNotificationNeedsNoChannel();
    void statelessListenDeliversWhatWasAskedOnly();
    void endingStatelessRequestsAnswersListensAndCancelsTheRest();

private:
    // One 2026-07-28 request as ProtocolEra lets it through; extraMeta joins its _meta.
    std::shared_ptr<RecordingChannel> stateless(McpServer &server, const QString &method,
                                                QJsonObject params = {},
                                                const QJsonObject &extraMeta = {},
                                                const ClientIdentity &client = {},
                                                bool *ended = nullptr);
};

std::shared_ptr<RecordingChannel>
TestMcpServer::stateless(McpServer &server, const QString &method, QJsonObject params,
                         const QJsonObject &extraMeta, const ClientIdentity &client, bool *ended)
{
    QJsonObject meta{
        {QStringLiteral("io.modelcontextprotocol/protocolVersion"), QStringLiteral("2026-07-28")},
        {QStringLiteral("io.modelcontextprotocol/clientCapabilities"), QJsonObject{}}};
    for (auto it = extraMeta.begin(); it != extraMeta.end(); ++it)
        meta.insert(it.key(), it.value());
    params.insert(QStringLiteral("_meta"), meta);
    const QJsonObject body = JsonRpc::request(99, method, params);
    const EraDecision era = ProtocolEra::classify({{}, body, {}});
    if (!era.isModern())
        qFatal("not a modern request: %s", qPrintable(era.message));
    auto channel = std::make_shared<RecordingChannel>();
    server.handleStateless(era, client, JsonRpcMessage::classify(body), channel, [ended] {
        if (ended)
            *ended = true;
    });
    return channel;
}

void TestMcpServer::initialize_data()
{
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QString>("negotiated");
    QTest::newRow("2025-11-25") << QStringLiteral("2025-11-25") << QStringLiteral("2025-11-25");
    QTest::newRow("2025-06-18") << QStringLiteral("2025-06-18") << QStringLiteral("2025-06-18");
    QTest::newRow("2025-03-26") << QStringLiteral("2025-03-26") << QStringLiteral("2025-03-26");
    QTest::newRow("older unsupported")
        << QStringLiteral("2024-11-05") << QStringLiteral("2025-11-25");
    QTest::newRow("future") << QStringLiteral("2099-01-01") << QStringLiteral("2025-11-25");
    QTest::newRow("garbage") << QStringLiteral("latest") << QStringLiteral("2025-11-25");
}

void TestMcpServer::initialize()
{
    QFETCH(QString, requested);
    QFETCH(QString, negotiated);
    McpServerFixture f;
    QCOMPARE(McpServer::latestVersion(), QStringLiteral("2025-11-25"));
    const QJsonObject clientInfo{{QStringLiteral("name"), QStringLiteral("inspector")},
                                 {QStringLiteral("version"), QStringLiteral("0.9")}};
    const QJsonObject clientCapabilities{{QStringLiteral("elicitation"), QJsonObject()}};
    const auto channel = f.request(QStringLiteral("initialize"),
                                   {{QStringLiteral("protocolVersion"), requested},
                                    {QStringLiteral("capabilities"), clientCapabilities},
                                    {QStringLiteral("clientInfo"), clientInfo}},
                                   QStringLiteral("init-1"));
    QCOMPARE(channel->finishCount, 1);
    QCOMPARE(channel->response.value(QLatin1String("id")), QJsonValue(QStringLiteral("init-1")));
    const QJsonObject result = channel->result();
    QCOMPARE(result.value(QLatin1String("protocolVersion")).toString(), negotiated);
    QCOMPARE(result.value(QLatin1String("serverInfo")).toObject(),
             (QJsonObject{{QStringLiteral("name"), QStringLiteral("proxmox-mcp")},
                          {QStringLiteral("title"), QStringLiteral("Proxmox MCP")},
                          {QStringLiteral("version"), QStringLiteral("0.1.0")}}));
    QCOMPARE(result.value(QLatin1String("instructions")).toString(),
             QStringLiteral("Use the tools."));
    QCOMPARE(f.session.protocolVersion(), negotiated);
    QCOMPARE(f.session.clientInfo(), clientInfo);
    QVERIFY(f.session.clientSupports(QStringLiteral("elicitation")));
    QVERIFY(!f.session.isInitialized());
    f.notify(QStringLiteral("notifications/initialized"));
    QVERIFY(f.session.isInitialized());
}

void TestMcpServer::initializeNeedsAProtocolVersion_data()
{
    QTest::addColumn<QJsonObject>("params");
    QTest::newRow("missing") << QJsonObject{{QStringLiteral("capabilities"), QJsonObject()}};
    QTest::newRow("number") << QJsonObject{{QStringLiteral("protocolVersion"), 20251125}};
    QTest::newRow("null") << QJsonObject{{QStringLiteral("protocolVersion"), QJsonValue()}};
}

void TestMcpServer::initializeNeedsAProtocolVersion()
{
    QFETCH(QJsonObject, params);
    McpServerFixture f;
    const auto channel = f.request(QStringLiteral("initialize"), params, 1);
    QCOMPARE(channel->errorCode(), rpc::kInvalidParams);
    QCOMPARE(channel->response.value(QLatin1String("id")), QJsonValue(1));
    QVERIFY(f.session.protocolVersion().isEmpty());
    // The session is still not open.
    QCOMPARE(f.request(QStringLiteral("tools/list"))->errorCode(), rpc::kInvalidRequest);
}

void TestMcpServer::capabilities()
{
    McpServerFixture bare;
    const QJsonObject plain = initializeSession(bare.server, &bare.session)
                                  .value(QLatin1String("capabilities"))
                                  .toObject();
    QCOMPARE(plain, parseObject(R"({"tools":{"listChanged":true},"logging":{},"completions":{}})"));

    McpServerFixture full;
    full.server.resources().add(statusResource());
    full.server.prompts().add(diagnosePrompt());
    const QJsonObject caps = initializeSession(full.server, &full.session)
                                 .value(QLatin1String("capabilities"))
                                 .toObject();
    QCOMPARE(caps.value(QLatin1String("resources")).toObject(),
             parseObject(R"({"subscribe":true})"));
    QVERIFY(caps.contains(QLatin1String("prompts")));
    QCOMPARE(caps.value(QLatin1String("prompts")).toObject(), QJsonObject());
    QVERIFY(caps.contains(QLatin1String("tools")));
}

void TestMcpServer::requestsBeforeInitialize_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonValue>("id");
    QTest::newRow("tools/list") << QStringLiteral("tools/list") << QJsonValue(5);
    QTest::newRow("tools/call") << QStringLiteral("tools/call") << QJsonValue(QStringLiteral("c"));
    QTest::newRow("logging/setLevel") << QStringLiteral("logging/setLevel") << QJsonValue(0);
    QTest::newRow("resources/read") << QStringLiteral("resources/read") << QJsonValue(7);
    QTest::newRow("unknown method") << QStringLiteral("nope") << QJsonValue(8);
}

void TestMcpServer::requestsBeforeInitialize()
{
    QFETCH(QString, method);
    QFETCH(QJsonValue, id);
    McpServerFixture f;
    f.server.resources().add(statusResource());
    const auto channel = f.request(method, {{QStringLiteral("name"), QStringLiteral("echo")}}, id);
    QCOMPARE(channel->errorCode(), rpc::kInvalidRequest);
    QCOMPARE(channel->response.value(QLatin1String("id")), id);
    QCOMPARE(f.session.inFlightCount(), 0);
}

void TestMcpServer::initializedNotificationAloneOpensNothing()
{
    McpServerFixture f;
    f.notify(QStringLiteral("notifications/initialized"));
    QVERIFY(!f.session.isInitialized());
    QCOMPARE(f.request(QStringLiteral("tools/list"))->errorCode(), rpc::kInvalidRequest);
}

void TestMcpServer::ping()
{
    McpServerFixture f;
    // ping works at any time, before initialize too.
    const auto early = f.request(QStringLiteral("ping"), {}, QStringLiteral("p1"));
    QCOMPARE(early->response, JsonRpc::result(QStringLiteral("p1"), {}));
    initializeSession(f.server, &f.session);
    QCOMPARE(f.request(QStringLiteral("ping"), {}, 2)->response, JsonRpc::result(2, {}));
}

void TestMcpServer::unknownMethod_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonValue>("id");
    QTest::newRow("integer id") << QStringLiteral("tools/run") << QJsonValue(42);
    QTest::newRow("string id") << QStringLiteral("foo/bar") << QJsonValue(QStringLiteral("abc"));
    // Without registered resources or prompts, their methods do not exist.
    QTest::newRow("resources/list without resources")
        << QStringLiteral("resources/list") << QJsonValue(1);
    QTest::newRow("prompts/get without prompts") << QStringLiteral("prompts/get") << QJsonValue(2);
}

void TestMcpServer::unknownMethod()
{
    QFETCH(QString, method);
    QFETCH(QJsonValue, id);
    OpenMcpServerFixture f;
    const auto channel = f.request(method, {}, id);
    QCOMPARE(channel->errorCode(), rpc::kMethodNotFound);
    QCOMPARE(channel->response.value(QLatin1String("id")), id);
    QCOMPARE(channel->response.value(QLatin1String("id")).type(), id.type());
    QVERIFY(channel->errorMessage().contains(method));
}

void TestMcpServer::toolsListPagination()
{
    OpenMcpServerFixture f;
    f.server.setPageSize(2);
    QStringList seen;
    QList<int> pageSizes;
    QJsonObject params;
    for (int page = 0; page < 10; ++page) {
        const auto channel = f.request(QStringLiteral("tools/list"), params);
        const QJsonObject result = channel->result();
        QVERIFY2(channel->isFinished() && channel->error().isEmpty(),
                 compact(channel->response).constData());
        const QStringList names = namesIn(result, QStringLiteral("tools"));
        seen += names;
        pageSizes.append(int(names.size()));
        if (!result.contains(QLatin1String("nextCursor")))
            break;
        params = {{QStringLiteral("cursor"), result.value(QLatin1String("nextCursor"))}};
    }
    QCOMPARE(pageSizes, QList<int>({2, 2, 2}));
    QCOMPARE(seen, QStringList({QStringLiteral("echo"), QStringLiteral("delete_vm"),
                                QStringLiteral("slow"), QStringLiteral("boom"),
                                QStringLiteral("boom_odd"), QStringLiteral("ask")}));

    // The descriptors are the tools' own.
    f.server.setPageSize(100);
    const QJsonArray all =
        f.request(QStringLiteral("tools/list"))->result().value(QLatin1String("tools")).toArray();
    QCOMPARE(all.at(0).toObject(), f.server.tools().find(QStringLiteral("echo"))->descriptor());

    // A cursor at the very end is a valid, empty last page.
    const auto end = f.request(QStringLiteral("tools/list"),
                               {{QStringLiteral("cursor"), Pagination::encode(6)}});
    QCOMPARE(end->result(), parseObject(R"({"tools":[]})"));
}

void TestMcpServer::toolsListBadCursor_data()
{
    QTest::addColumn<QJsonValue>("cursor");
    QTest::newRow("garbage") << QJsonValue(QStringLiteral("garbage!"));
    QTest::newRow("past the end") << QJsonValue(Pagination::encode(7));
    QTest::newRow("number") << QJsonValue(2);
}

void TestMcpServer::toolsListBadCursor()
{
    QFETCH(QJsonValue, cursor);
    OpenMcpServerFixture f;
    const auto channel =
        f.request(QStringLiteral("tools/list"), {{QStringLiteral("cursor"), cursor}});
    QCOMPARE(channel->errorCode(), rpc::kInvalidParams);
}

void TestMcpServer::pageSizeZeroStillAdvances()
{
    OpenMcpServerFixture f;
    f.server.setPageSize(0);
    const QJsonObject first = f.request(QStringLiteral("tools/list"))->result();
    QCOMPARE(first.value(QLatin1String("tools")).toArray().size(), 1);
    const QJsonObject second =
        f.request(QStringLiteral("tools/list"),
                  {{QStringLiteral("cursor"), first.value(QLatin1String("nextCursor"))}})
            ->result();
    QVERIFY(second.value(QLatin1String("nextCursor")) != first.value(QLatin1String("nextCursor")));
}

void TestMcpServer::toolsCall()
{
    OpenMcpServerFixture f;
    const auto channel = f.callTool(
        QStringLiteral("echo"), QJsonObject{{QStringLiteral("text"), QStringLiteral("hello")}}, 11);
    QCOMPARE(channel->response,
             JsonRpc::result(11, ToolResult::text(QStringLiteral("hello")).toJson()));
    // arguments may be left out (or null) for a tool that takes none.
    QCOMPARE(firstText(f.callTool(QStringLiteral("delete_vm"))->result()),
             QStringLiteral("deleted"));
    QCOMPARE(
        firstText(f.callTool(QStringLiteral("delete_vm"), QJsonValue(QJsonValue::Null))->result()),
        QStringLiteral("deleted"));
    QCOMPARE(f.session.inFlightCount(), 0);
}

void TestMcpServer::toolsCallUnknownTool_data()
{
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown") << QJsonObject{{QStringLiteral("name"), QStringLiteral("nope")}}
                             << QStringLiteral("unknown tool: nope");
    QTest::newRow("filtered out") << QJsonObject{{QStringLiteral("name"), QStringLiteral("echo")}}
                                  << QStringLiteral("unknown tool: echo");
    QTest::newRow("no name") << QJsonObject{} << QStringLiteral("tools/call needs a tool name");
    QTest::newRow("name not a string") << QJsonObject{{QStringLiteral("name"), 3}}
                                       << QStringLiteral("tools/call needs a tool name");
}

void TestMcpServer::toolsCallUnknownTool()
{
    QFETCH(QJsonObject, params);
    QFETCH(QString, message);
    OpenMcpServerFixture f;
    f.server.tools().setFilter(
        [](const ToolDefinition &tool) { return tool.name != QLatin1String("echo"); });
    const auto channel = f.request(QStringLiteral("tools/call"), params, 4);
    QCOMPARE(channel->errorCode(), rpc::kInvalidParams);
    QCOMPARE(channel->errorMessage(), message);
    QCOMPARE(channel->response.value(QLatin1String("id")), QJsonValue(4));
}

void TestMcpServer::argumentsMustBeAnObject_data()
{
    QTest::addColumn<QJsonValue>("arguments");
    QTest::newRow("array") << QJsonValue(QJsonArray{1, 2});
    QTest::newRow("string") << QJsonValue(QStringLiteral("{\"text\":\"x\"}"));
    QTest::newRow("number") << QJsonValue(1);
    QTest::newRow("bool") << QJsonValue(false);
}

void TestMcpServer::argumentsMustBeAnObject()
{
    QFETCH(QJsonValue, arguments);
    OpenMcpServerFixture f;
    const auto channel = f.callTool(QStringLiteral("echo"), arguments);
    QCOMPARE(channel->errorCode(), rpc::kInvalidParams);
    QCOMPARE(channel->errorMessage(), QStringLiteral("\"arguments\" must be an object"));
}

void TestMcpServer::schemaViolationIsAToolResult()
{
    OpenMcpServerFixture f;
    // Since 2025-11-25 the model reads what was wrong and can try again.
    const auto missing = f.callTool(QStringLiteral("echo"), QJsonObject{});
    QVERIFY(missing->error().isEmpty());
    QCOMPARE(missing->result().value(QLatin1String("isError")), QJsonValue(true));
    QCOMPARE(firstText(missing->result()),
             QStringLiteral("invalid arguments for echo: /text: missing required property"));

    const auto wrongType =
        f.callTool(QStringLiteral("echo"),
                   QJsonObject{{QStringLiteral("text"), 5}, {QStringLiteral("extra"), true}});
    const QString text = firstText(wrongType->result());
    QVERIFY2(text.startsWith(QLatin1String("invalid arguments for echo: ")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("/text: expected string")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("extra")), qPrintable(text));
    QCOMPARE(f.observed.last().outcome, QStringLiteral("tool_error"));
}

void TestMcpServer::readOnlySession()
{
    McpServerFixture f;
    f.session.setIdentity({QStringLiteral("viewer"), true});
    initializeSession(f.server, &f.session);
    const QStringList offered =
        namesIn(f.request(QStringLiteral("tools/list"))->result(), QStringLiteral("tools"));
    QVERIFY(!offered.contains(QStringLiteral("delete_vm")));
    QVERIFY(offered.contains(QStringLiteral("echo")));
    QCOMPARE(offered.size(), 5);

    const auto write = f.callTool(QStringLiteral("delete_vm"), QJsonValue(), 9);
    QCOMPARE(write->errorCode(), rpc::kInvalidParams);
    QCOMPARE(write->errorMessage(),
             QStringLiteral("tool delete_vm changes state and client viewer is read-only"));
    const auto read = f.callTool(QStringLiteral("echo"),
                                 QJsonObject{{QStringLiteral("text"), QStringLiteral("ok")}});
    QCOMPARE(firstText(read->result()), QStringLiteral("ok"));
}

void TestMcpServer::handlerThrowing()
{
    OpenMcpServerFixture f;
    QTest::ignoreMessage(QtWarningMsg, "internal error in tools/call: kaput");
    const auto thrown = f.callTool(QStringLiteral("boom"), QJsonValue(), 13);
    QCOMPARE(thrown->errorCode(), rpc::kInternalError);
    QCOMPARE(thrown->errorMessage(), QStringLiteral("internal error")); // no details leak
    QCOMPARE(thrown->response.value(QLatin1String("id")), QJsonValue(13));
    QCOMPARE(f.session.inFlightCount(), 0);

    const auto odd = f.callTool(QStringLiteral("boom_odd"));
    QCOMPARE(odd->errorCode(), rpc::kInternalError);
    QCOMPARE(f.session.inFlightCount(), 0);

    // The server goes on.
    QCOMPARE(f.request(QStringLiteral("ping"))->finishCount, 1);
    QCOMPARE(firstText(f.callTool(QStringLiteral("echo"),
                                  QJsonObject{{QStringLiteral("text"), QStringLiteral("alive")}})
                           ->result()),
             QStringLiteral("alive"));
}

void TestMcpServer::setLevel_data()
{
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<int>("error"); // 0: accepted
    QTest::addColumn<int>("level");
    QTest::newRow("debug") << QJsonObject{{QStringLiteral("level"), QStringLiteral("debug")}} << 0
                           << int(LogLevel::Debug);
    QTest::newRow("emergency") << QJsonObject{{QStringLiteral("level"),
                                               QStringLiteral("emergency")}}
                               << 0 << int(LogLevel::Emergency);
    QTest::newRow("unknown") << QJsonObject{{QStringLiteral("level"), QStringLiteral("verbose")}}
                             << rpc::kInvalidParams << int(LogLevel::Info);
    QTest::newRow("upper case") << QJsonObject{{QStringLiteral("level"), QStringLiteral("DEBUG")}}
                                << rpc::kInvalidParams << int(LogLevel::Info);
    QTest::newRow("missing") << QJsonObject{} << rpc::kInvalidParams << int(LogLevel::Info);
    QTest::newRow("number") << QJsonObject{{QStringLiteral("level"), 0}} << rpc::kInvalidParams
                            << int(LogLevel::Info);
}

void TestMcpServer::setLevel()
{
    QFETCH(QJsonObject, params);
    QFETCH(int, error);
    QFETCH(int, level);
    OpenMcpServerFixture f;
    const auto channel = f.request(QStringLiteral("logging/setLevel"), params, 3);
    if (error == 0)
        QCOMPARE(channel->response, JsonRpc::result(3, {}));
    else
        QCOMPARE(channel->errorCode(), error);
    QCOMPARE(int(f.session.logLevel()), level);
}

void TestMcpServer::cancelInFlightTool()
{
    OpenMcpServerFixture f;
    const auto channel = f.callTool(QStringLiteral("slow"), QJsonValue(), 5);
    QVERIFY(f.pending);
    QCOMPARE(f.session.inFlightCount(), 1);
    QVERIFY(!channel->isFinished());

    f.notify(
        QStringLiteral("notifications/cancelled"),
        {{QStringLiteral("requestId"), 5}, {QStringLiteral("reason"), QStringLiteral("stop")}});
    QCOMPARE(f.cancelCallbacks, 1);
    QVERIFY(f.pending->isCancelled());
    QCOMPARE(f.session.inFlightCount(), 0);
    // No response for a cancelled request, not even when the handler finishes after all.
    QCOMPARE(channel->abandonCount, 1);
    f.pending->finish(ToolResult::text(QStringLiteral("late")));
    QCOMPARE(channel->finishCount, 0);
    QCOMPARE(f.observed.last().outcome, QStringLiteral("cancelled"));
    QCOMPARE(f.observed.last().label, QStringLiteral("slow"));

    // Cancelling again, or something already done, is harmless.
    f.notify(QStringLiteral("notifications/cancelled"), {{QStringLiteral("requestId"), 5}});
    QCOMPARE(f.cancelCallbacks, 1);
}

void TestMcpServer::cancelIgnoresOtherIds_data()
{
    QTest::addColumn<QJsonObject>("params");
    QTest::newRow("string id for an integer request")
        << QJsonObject{{QStringLiteral("requestId"), QStringLiteral("0")}};
    QTest::newRow("other id") << QJsonObject{{QStringLiteral("requestId"), 1}};
    QTest::newRow("no requestId") << QJsonObject{};
    QTest::newRow("null requestId") << QJsonObject{{QStringLiteral("requestId"), QJsonValue()}};
    QTest::newRow("fractional requestId") << QJsonObject{{QStringLiteral("requestId"), 0.5}};
    QTest::newRow("bool requestId") << QJsonObject{{QStringLiteral("requestId"), false}};
}

void TestMcpServer::cancelIgnoresOtherIds()
{
    QFETCH(QJsonObject, params);
    OpenMcpServerFixture f;
    // Id 0: the one a missing or malformed requestId could be mistaken for.
    const auto channel = f.callTool(QStringLiteral("slow"), QJsonValue(), 0);
    f.notify(QStringLiteral("notifications/cancelled"), params);
    QCOMPARE(f.cancelCallbacks, 0);
    QCOMPARE(f.session.inFlightCount(), 1);
    f.pending->finish(ToolResult::text(QStringLiteral("done")));
    QCOMPARE(channel->finishCount, 1);
}

void TestMcpServer::cancelIgnoresInitialize()
{
    // The specification forbids cancelling initialize; a context still in flight stays.
    McpServerFixture f;
    auto channel = std::make_shared<RecordingChannel>();
    const auto context = std::make_shared<RequestContext>(
        &f.session, requestMessage(1, QStringLiteral("initialize")), channel);
    f.session.addInFlight(context);
    f.notify(QStringLiteral("notifications/cancelled"), {{QStringLiteral("requestId"), 1}});
    QVERIFY(!context->isCancelled());
}

void TestMcpServer::clientResponseResolvesServerRequest()
{
    McpServerFixture f;
    initializeSession(f.server, &f.session, {{QStringLiteral("elicitation"), QJsonObject()}});
    const auto channel = f.callTool(QStringLiteral("ask"), QJsonValue(), 21);
    QCOMPARE(channel->sent.size(), 1);
    const QJsonObject request = channel->sent.at(0);
    QCOMPARE(request.value(QLatin1String("method")).toString(),
             QStringLiteral("elicitation/create"));
    QVERIFY(!channel->isFinished());

    // The answer comes as a JSON-RPC response on another channel (none needed).
    const auto answer = JsonRpcMessage::classify(
        JsonRpc::result(request.value(QLatin1String("id")),
                        {{QStringLiteral("action"), QStringLiteral("accept")}}));
    QCOMPARE(int(answer.kind), int(JsonRpcMessage::Kind::Response));
    f.server.handle(&f.session, answer, {});
    QCOMPARE(channel->finishCount, 1);
    QCOMPARE(channel->response.value(QLatin1String("id")), QJsonValue(21));
    QCOMPARE(firstText(channel->result()), QStringLiteral("accept"));
}

void TestMcpServer::clientErrorResolvesServerRequest()
{
    McpServerFixture f;
    initializeSession(f.server, &f.session, {{QStringLiteral("elicitation"), QJsonObject()}});
    const auto channel = f.callTool(QStringLiteral("ask"));
    const QJsonValue id = channel->sent.at(0).value(QLatin1String("id"));
    f.deliver(JsonRpc::error(id, {rpc::kInvalidRequest, QStringLiteral("user declined"), {}}));
    QCOMPARE(channel->result().value(QLatin1String("isError")), QJsonValue(true));
    QCOMPARE(firstText(channel->result()),
             QStringLiteral("the client answered with an error: user declined"));
}

void TestMcpServer::strayResponsesAreIgnored()
{
    OpenMcpServerFixture f;
    f.deliver(JsonRpc::result(QStringLiteral("srv-99"), {}));
    f.deliver(JsonRpc::error(7, {rpc::kInternalError, QStringLiteral("x"), {}}));
    // Invalid messages are the transport's to answer; the engine does nothing with them.
    f.deliver(QJsonValue(3));
    f.notify(QStringLiteral("notifications/roots/list_changed"));
    QCOMPARE(f.request(QStringLiteral("ping"))->finishCount, 1);
}

void TestMcpServer::completion()
{
    McpServerFixture f;
    f.server.prompts().add(diagnosePrompt());
    f.server.resources().addTemplate(vmTemplate());
    initializeSession(f.server, &f.session);
    const auto complete = [&f](const char *json) {
        return f.request(QStringLiteral("completion/complete"), parseObject(json));
    };
    // Without a completer: no values, but the reference is still checked.
    QCOMPARE(complete(R"({"ref":{"type":"ref/prompt","name":"diagnose"},)"
                      R"("argument":{"name":"vmid","value":"1"}})")
                 ->result(),
             parseObject(R"({"completion":{"values":[],"total":0,"hasMore":false}})"));

    QList<McpServer::CompletionRequest> asked;
    f.server.setCompleter([&asked](const McpServer::CompletionRequest &request,
                                   std::function<void(QStringList)> answer) {
        asked.append(request);
        QStringList values;
        for (int i = 100; i < 400; ++i)
            values.append(QString::number(i));
        values.append(QStringLiteral("100")); // a duplicate is dropped
        answer(values);
    });
    QCOMPARE(complete(R"({"ref":{"type":"ref/prompt","name":"diagnose"},)"
                      R"("argument":{"name":"vmid","value":"10"}})")
                 ->result(),
             parseObject(R"({"completion":{"values":["100","101","102","103","104","105",)"
                         R"("106","107","108","109"],"total":10,"hasMore":false}})"));
    const QJsonObject many = complete(R"({"ref":{"type":"ref/resource","uri":"pve://vm/{vmid}"},)"
                                      R"("argument":{"name":"vmid","value":""},)"
                                      R"("context":{"arguments":{"node":"pve1"}}})")
                                 ->result()
                                 .value(QLatin1String("completion"))
                                 .toObject();
    QCOMPARE(many.value(QLatin1String("values")).toArray().size(), McpServer::kMaxCompletionValues);
    QCOMPARE(many.value(QLatin1String("total")).toInt(), 300);
    QCOMPARE(many.value(QLatin1String("hasMore")).toBool(), true);
    QCOMPARE(asked.size(), 2);
    QCOMPARE(asked.at(1).refType, QStringLiteral("ref/resource"));
    QCOMPARE(asked.at(1).refName, QStringLiteral("pve://vm/{vmid}"));
    QCOMPARE(asked.at(1).argument, QStringLiteral("vmid"));
    QCOMPARE(asked.at(1).context, parseObject(R"({"node":"pve1"})"));

    const auto unknownPrompt = complete(R"({"ref":{"type":"ref/prompt","name":"nope"},)"
                                        R"("argument":{"name":"vmid","value":""}})");
    QCOMPARE(unknownPrompt->errorCode(), rpc::kInvalidParams);
    QCOMPARE(unknownPrompt->errorMessage(), QStringLiteral("unknown prompt: nope"));
    const auto unknownArgument = complete(R"({"ref":{"type":"ref/prompt","name":"diagnose"},)"
                                          R"("argument":{"name":"colour","value":""}})");
    QCOMPARE(unknownArgument->errorMessage(),
             QStringLiteral("prompt diagnose has no argument colour"));
    const auto unknownVariable =
        complete(R"({"ref":{"type":"ref/resource","uri":"pve://vm/{vmid}"},)"
                 R"("argument":{"name":"node","value":""}})");
    QCOMPARE(unknownVariable->errorMessage(),
             QStringLiteral("template pve://vm/{vmid} has no variable node"));
    QCOMPARE(
        complete(R"({"ref":{"type":"ref/tool","name":"x"},"argument":{"name":"a"}})")->errorCode(),
        rpc::kInvalidParams);
    QCOMPARE(asked.size(), 2); // refused requests never reach the completer
}

void TestMcpServer::asyncResourceRead()
{
    McpServerFixture f;
    ResourceRegistry::ReadCallback pending;
    f.server.resources().addTemplate(
        {QStringLiteral("pve://later/{id}"), QStringLiteral("later"), {}, {}, {}, nullptr},
        [&pending](const QString &, const QHash<QString, QString> &,
                   ResourceRegistry::ReadCallback done) { pending = std::move(done); });
    initializeSession(f.server, &f.session);
    const auto read =
        f.requestUri(QStringLiteral("resources/read"), QStringLiteral("pve://later/7"));
    QVERIFY(pending);
    QVERIFY(!read->isFinished()); // answered only when the read answers
    pending(QJsonArray{QJsonObject{{QStringLiteral("uri"), QStringLiteral("pve://later/7")},
                                   {QStringLiteral("text"), QStringLiteral("seven")}}});
    QVERIFY(read->isFinished());
    QCOMPARE(firstOf(read->result(), QStringLiteral("contents")).value(QLatin1String("text")),
             QJsonValue(QStringLiteral("seven")));
}

void TestMcpServer::logToSessionsEmitsANotification()
{
    McpServerFixture f;
    QSignalSpy logs(&f.server, &McpServer::sessionLog);
    f.server.logToSessions(LogLevel::Warning, QStringLiteral("proxmox"),
                           QJsonObject{{QStringLiteral("event"), QStringLiteral("failover")}});
    QCOMPARE(logs.count(), 1);
    QCOMPARE(logs.at(0).at(0).value<LogLevel>(), LogLevel::Warning);
    QCOMPARE(logs.at(0).at(1).toJsonObject(),
             parseObject(R"({"jsonrpc":"2.0","method":"notifications/message","params":)"
                         R"({"level":"warning","logger":"proxmox","data":{"event":"failover"}}})"));
}

void TestMcpServer::resources()
{
    McpServerFixture f;
    f.server.resources().add(statusResource());
    f.server.resources().addTemplate(vmTemplate());
    initializeSession(f.server, &f.session);

    QCOMPARE(
        namesIn(f.request(QStringLiteral("resources/list"))->result(), QStringLiteral("resources")),
        QStringList{QStringLiteral("status")});
    QCOMPARE(namesIn(f.request(QStringLiteral("resources/templates/list"))->result(),
                     QStringLiteral("resourceTemplates")),
             QStringList{QStringLiteral("vm")});

    const auto read =
        f.requestUri(QStringLiteral("resources/read"), QStringLiteral("pve://cluster/status"));
    QCOMPARE(firstOf(read->result(), QStringLiteral("contents")).value(QLatin1String("text")),
             QJsonValue(QStringLiteral("quorate")));
    const auto templated =
        f.requestUri(QStringLiteral("resources/read"), QStringLiteral("pve://vm/100"));
    QCOMPARE(firstOf(templated->result(), QStringLiteral("contents")).value(QLatin1String("text")),
             QJsonValue(QStringLiteral("100")));

    const auto missing =
        f.requestUri(QStringLiteral("resources/read"), QStringLiteral("pve://nothing"), 31);
    QCOMPARE(missing->errorCode(), rpc::kResourceNotFound);
    QCOMPARE(missing->response.value(QLatin1String("id")), QJsonValue(31));
    QCOMPARE(f.request(QStringLiteral("resources/read"))->errorCode(), rpc::kInvalidParams);
    QCOMPARE(
        f.requestUri(QStringLiteral("resources/read"), QStringLiteral("pve://vm/999"))->errorCode(),
        rpc::kInternalError);

    QCOMPARE(
        f.requestUri(QStringLiteral("resources/subscribe"), QStringLiteral("pve://cluster/status"))
            ->result(),
        QJsonObject());
    QVERIFY(f.session.subscriptions().contains(QStringLiteral("pve://cluster/status")));
    QCOMPARE(f.request(QStringLiteral("resources/subscribe"))->errorCode(), rpc::kInvalidParams);
    f.requestUri(QStringLiteral("resources/unsubscribe"), QStringLiteral("pve://cluster/status"));
    QVERIFY(f.session.subscriptions().isEmpty());
}

void TestMcpServer::prompts()
{
    McpServerFixture f;
    f.server.prompts().add(diagnosePrompt());
    initializeSession(f.server, &f.session);

    QCOMPARE(
        namesIn(f.request(QStringLiteral("prompts/list"))->result(), QStringLiteral("prompts")),
        QStringList{QStringLiteral("diagnose")});
    const auto got = f.getPrompt(R"({"name":"diagnose","arguments":{"vmid":"100"}})");
    QCOMPARE(firstOf(got->result(), QStringLiteral("messages"))
                 .value(QLatin1String("content"))
                 .toObject()
                 .value(QLatin1String("text"))
                 .toString(),
             QStringLiteral("Diagnose VM 100"));

    const auto missing = f.getPrompt(R"({"name":"diagnose","arguments":{"node":"pve1"}})");
    QCOMPARE(missing->errorCode(), rpc::kInvalidParams);
    QCOMPARE(missing->errorMessage(), QStringLiteral("prompt diagnose needs the argument vmid"));
    const auto noArguments = f.getPrompt(R"({"name":"diagnose"})");
    QCOMPARE(noArguments->errorCode(), rpc::kInvalidParams);
    const auto unknown = f.getPrompt(R"({"name":"nope"})");
    QCOMPARE(unknown->errorCode(), rpc::kInvalidParams);
    // The prompt's own refusal maps like any error value.
    const auto refused = f.getPrompt(R"({"name":"diagnose","arguments":{"vmid":"0"}})");
    QCOMPARE(refused->errorCode(), rpc::kInvalidParams);
    QCOMPARE(refused->errorMessage(), QStringLiteral("VM 0 does not exist"));
}

void TestMcpServer::listChangedBroadcast()
{
    McpServerFixture f;
    QSignalSpy broadcasts(&f.server, &McpServer::broadcast);
    f.add(McpServerFixture::tool(QStringLiteral("new_tool"), true));
    QCOMPARE(broadcasts.count(), 1);
    QCOMPARE(broadcasts.at(0).at(0).toJsonObject(),
             JsonRpc::notification(QStringLiteral("notifications/tools/list_changed"), {}));
    QVERIFY(f.server.tools().remove(QStringLiteral("new_tool")));
    QCOMPARE(broadcasts.count(), 2);
    // A refused registration changes nothing and announces nothing.
    QVERIFY(!f.server.tools().add(McpServerFixture::tool(QStringLiteral("echo"), true)).ok());
    QCOMPARE(broadcasts.count(), 2);

    QSignalSpy updates(&f.server, &McpServer::resourceUpdated);
    f.server.notifyResourceUpdated(QStringLiteral("pve://x"));
    QCOMPARE(updates.count(), 1);
    QCOMPARE(updates.at(0).at(0).toString(), QStringLiteral("pve://x"));
}

void TestMcpServer::callObserver()
{
    OpenMcpServerFixture f;
    f.observed.clear();
    f.callTool(QStringLiteral("echo"), QJsonObject{{QStringLiteral("text"), QStringLiteral("x")}});
    f.callTool(QStringLiteral("echo"), QJsonObject{});
    f.callTool(QStringLiteral("nope"));
    f.request(QStringLiteral("ping"));
    f.request(QStringLiteral("nope/method"));
    f.callTool(QStringLiteral("slow"), QJsonValue(), 77);
    QCOMPARE(f.observed.size(), 5); // slow is still running
    f.notify(QStringLiteral("notifications/cancelled"), {{QStringLiteral("requestId"), 77}});

    QStringList seen;
    for (const Observed &o : std::as_const(f.observed))
        seen.append(o.method + QLatin1Char('|') + o.label + QLatin1Char('|') + o.outcome);
    QCOMPARE(seen, QStringList({QStringLiteral("tools/call|echo|ok"),
                                QStringLiteral("tools/call|echo|tool_error"),
                                QStringLiteral("tools/call||error"), QStringLiteral("ping||ok"),
                                QStringLiteral("nope/method||error"),
                                QStringLiteral("tools/call|slow|cancelled")}));
}

void TestMcpServer::toolAuditorSeesEveryToolCall()
{
    McpServerFixture f;
    QList<McpServer::ToolCallRecord> records;
    f.server.setToolAuditor([&records](const McpServer::ToolCallRecord &r) { records.append(r); });
    f.session.setIdentity({QStringLiteral("laptop"), false});
    initializeSession(f.server, &f.session);
    f.callTool(QStringLiteral("echo"), QJsonObject{{QStringLiteral("text"), QStringLiteral("x")}});
    f.callTool(QStringLiteral("echo"), QJsonObject{});
    f.callTool(QStringLiteral("nope")); // unknown tools name no tool: nothing to audit
    f.request(QStringLiteral("ping"));
    QCOMPARE(records.size(), 2);
    QCOMPARE(records[0].client, QStringLiteral("laptop"));
    QCOMPARE(records[0].tool, QStringLiteral("echo"));
    QCOMPARE(records[0].arguments.value(QLatin1String("text")).toString(), QStringLiteral("x"));
    QCOMPARE(records[0].outcome, QStringLiteral("ok"));
    QVERIFY(records[0].response.contains(QLatin1String("result")));
    QCOMPARE(records[1].outcome, QStringLiteral("tool_error"));
}

void TestMcpServer::toolAuditorGetsTheFactsTheToolSet()
{
    McpServerFixture f;
    ToolDefinition guarded = McpServerFixture::tool(QStringLiteral("guarded"), true);
    guarded.handler = [](const std::shared_ptr<ToolCall> &call) {
        call->facts().setDenied(QStringLiteral("no-rm"));
        call->facts().setUpid(QStringLiteral("UPID:pve1:0017C594:0ADB2769:63EC5455:qmstart:100:"
                                             "root@pam:"));
        call->facts().setTargetNode(QStringLiteral("pve1"));
        call->finish(ToolResult::text(QStringLiteral("refused")));
    };
    f.add(std::move(guarded));
    QList<McpServer::ToolCallRecord> records;
    f.server.setToolAuditor([&records](const McpServer::ToolCallRecord &r) { records.append(r); });
    initializeSession(f.server, &f.session);
    f.callTool(QStringLiteral("guarded"));
    f.callTool(QStringLiteral("echo"), QJsonObject{{QStringLiteral("text"), QStringLiteral("x")}});
    QCOMPARE(records.size(), 2);
    QCOMPARE(records[0].facts.decisionText(), QStringLiteral("denied:no-rm"));
    QCOMPARE(records[0].facts.outcome(), QStringLiteral("denied"));
    QVERIFY(records[0].facts.upid().startsWith(QLatin1String("UPID:pve1:")));
    QCOMPARE(records[0].facts.target().node, QStringLiteral("pve1"));
    // Facts belong to one call: the next one starts with none.
    QCOMPARE(records[1].facts.decision(), AuditFacts::Decision::None);
    QVERIFY(records[1].facts.upid().isEmpty());
    QVERIFY(records[1].facts.target().isEmpty());
}

void TestMcpServer::statelessDiscover()
{
    McpServerFixture f;
    const auto channel = stateless(f.server, QStringLiteral("server/discover"));
    const QJsonObject result = channel->result();
    QCOMPARE(result.value(QLatin1String("supportedVersions")).toArray(),
             QJsonArray{QStringLiteral("2026-07-28")});
    const QJsonObject caps = result.value(QLatin1String("capabilities")).toObject();
    // Tool changes reach subscriptions/listen streams.
    QCOMPARE(caps.value(QLatin1String("tools")).toObject(),
             (QJsonObject{{QStringLiteral("listChanged"), true}}));
    QVERIFY(!caps.contains(QLatin1String("logging"))); // logging/setLevel is gone
    QCOMPARE(result.value(QLatin1String("instructions")).toString(),
             QStringLiteral("Use the tools."));
    QCOMPARE(result.value(QLatin1String("_meta"))
                 .toObject()
                 .value(QLatin1String("io.modelcontextprotocol/serverInfo"))
                 .toObject()
                 .value(QLatin1String("title"))
                 .toString(),
             QStringLiteral("Proxmox MCP"));
    QVERIFY(result.value(QLatin1String("ttlMs")).isDouble());
    // A 2025 session does not know the method.
    OpenMcpServerFixture legacy;
    QCOMPARE(legacy.request(QStringLiteral("server/discover"))->errorCode(), rpc::kMethodNotFound);
}

void TestMcpServer::statelessCallHasTheRequestsIdentityAndNoSessionLeft()
{
    McpServerFixture f;
    const ClientIdentity viewer{QStringLiteral("viewer"), true, {}, {}, QStringLiteral("token")};
    bool ended = false;
    const auto refused =
        stateless(f.server, QStringLiteral("tools/call"),
                  {{QStringLiteral("name"), QStringLiteral("delete_vm")}}, {}, viewer, &ended);
    QCOMPARE(refused->errorCode(), rpc::kInvalidParams);
    QVERIFY(refused->errorMessage().contains(QStringLiteral("read-only")));
    QVERIFY(ended);
    const auto listed = stateless(f.server, QStringLiteral("tools/list"), {}, {}, viewer);
    QVERIFY(
        !namesIn(listed->result(), QStringLiteral("tools")).contains(QStringLiteral("delete_vm")));
    QCOMPARE(listed->result().value(QLatin1String("cacheScope")).toString(),
             QStringLiteral("private")); // filtered for this token
    ended = false;
    const auto slow =
        stateless(f.server, QStringLiteral("tools/call"),
                  {{QStringLiteral("name"), QStringLiteral("slow")}}, {}, viewer, &ended);
    QVERIFY(f.pending);
    QVERIFY(!ended);
    QCOMPARE(f.pending->clientName(), QStringLiteral("viewer"));
    f.pending->finish(ToolResult::text(QStringLiteral("done")));
    QVERIFY(ended);
    QCOMPARE(firstText(slow->result()), QStringLiteral("done"));
    // The stand-in sessions are gone once their requests ended.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(f.server.findChildren<McpSession *>().size(), 0);
}

void TestMcpServer::statelessLogsOnlyWithLogLevel_data()
{
    QTest::addColumn<QString>("logLevel"); // empty: no logLevel in _meta
    QTest::addColumn<int>("messages");
    QTest::newRow("none asked") << QString() << 0;
    QTest::newRow("debug") << QStringLiteral("debug") << 2;
    QTest::newRow("error") << QStringLiteral("error") << 1;
}

void TestMcpServer::statelessLogsOnlyWithLogLevel()
{
    QFETCH(QString, logLevel);
    QFETCH(int, messages);
    McpServerFixture f;
    QJsonObject meta;
    if (!logLevel.isEmpty())
        meta.insert(QStringLiteral("io.modelcontextprotocol/logLevel"), logLevel);
    const auto channel = stateless(f.server, QStringLiteral("tools/call"),
                                   {{QStringLiteral("name"), QStringLiteral("slow")}}, meta);
    QVERIFY(f.pending);
    f.pending->log(LogLevel::Info, QStringLiteral("working"));
    f.pending->log(LogLevel::Error, QStringLiteral("failing"));
    f.pending->finish(ToolResult::text(QStringLiteral("done")));
    QCOMPARE(channel->sentWithMethod(QStringLiteral("notifications/message")).size(), messages);
}

void TestMcpServer::statelessResourceNotFoundIsInvalidParams()
{
    McpServerFixture f;
    f.server.resources().add(statusResource());
    const auto missing = stateless(f.server, QStringLiteral("resources/read"),
                                   {{QStringLiteral("uri"), QStringLiteral("pve://nothing")}});
    QCOMPARE(missing->errorCode(), rpc::kInvalidParams);
    QCOMPARE(missing->error().value(QLatin1String("data")).toObject().value(QLatin1String("uri")),
             QJsonValue(QStringLiteral("pve://nothing")));
    const auto read = stateless(f.server, QStringLiteral("resources/read"),
                                {{QStringLiteral("uri"), QStringLiteral("pve://cluster/status")}});
    QCOMPARE(read->result().value(QLatin1String("ttlMs")).toInt(-1), StatelessEnvelope::kReadTtlMs);
    // The 2025 wire keeps its own code.
    OpenMcpServerFixture legacy;
    legacy.server.resources().add(statusResource());
    QCOMPARE(legacy.requestUri(QStringLiteral("resources/read"), QStringLiteral("pve://nothing"))
                 ->errorCode(),
             rpc::kResourceNotFound);
}

void TestMcpServer::statelessAsksNoServerToClientRequests()
{
    McpServerFixture f;
    const auto channel = stateless(f.server, QStringLiteral("tools/call"),
                                   {{QStringLiteral("name"), QStringLiteral("ask")}},
                                   {{QStringLiteral("io.modelcontextprotocol/clientCapabilities"),
                                     QJsonObject{{QStringLiteral("elicitation"), QJsonObject{}}}}});
    QVERIFY(channel->isFinished());
    for (const QJsonObject &sent : std::as_const(channel->sent))
        QVERIFY(!sent.contains(QLatin1String("id"))); // notifications only, no requests
    QCOMPARE(channel->result().value(QLatin1String("isError")).toBool(), true);
    QVERIFY(firstText(channel->result()).contains(QStringLiteral("elicitation/create")));
}

void TestMcpServer::statelessNotificationNeedsNoChannel()
{
    McpServerFixture f;
    const QJsonObject body = JsonRpc::notification(
        QStringLiteral("notifications/cancelled"),
        {{QStringLiteral("requestId"), 1},
         {QStringLiteral("_meta"),
          QJsonObject{
              {QStringLiteral("io.modelcontextprotocol/protocolVersion"),
               QStringLiteral("2026-07-28")},
              {QStringLiteral("io.modelcontextprotocol/clientCapabilities"), QJsonObject{}}}}});
    const EraDecision era = ProtocolEra::classify({{}, body, {}});
    QVERIFY(era.isModern());
    bool ended = false;
    QVERIFY(!f.server.handleStateless(era, {}, JsonRpcMessage::classify(body), nullptr,
                                      [&ended] { ended = true; }));
    QVERIFY(ended);
}

void TestMcpServer::statelessListenDeliversWhatWasAskedOnly()
{
    McpServerFixture f;
    f.server.resources().add(statusResource());
    const QString uri = QStringLiteral("pve://cluster/status");
    const auto all =
        stateless(f.server, QStringLiteral("subscriptions/listen"),
                  {{QStringLiteral("notifications"),
                    QJsonObject{{QStringLiteral("toolsListChanged"), true},
                                {QStringLiteral("promptsListChanged"), true},
                                {QStringLiteral("resourceSubscriptions"), QJsonArray{uri}}}}});
    const auto promptsOnly =
        stateless(f.server, QStringLiteral("subscriptions/listen"),
                  {{QStringLiteral("notifications"),
                    QJsonObject{{QStringLiteral("promptsListChanged"), true}}}});
    QVERIFY(!all->isFinished());
    QCOMPARE(all->sent.size(), 1);
    const QJsonObject ack = all->sent.at(0);
    QCOMPARE(ack.value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/subscriptions/acknowledged"));
    const QJsonObject params = ack.value(QLatin1String("params")).toObject();
    // Prompts never change here: not honoured.
    QCOMPARE(params.value(QLatin1String("notifications")).toObject(),
             (QJsonObject{{QStringLiteral("toolsListChanged"), true},
                          {QStringLiteral("resourceSubscriptions"), QJsonArray{uri}}}));
    QCOMPARE(params.value(QLatin1String("_meta"))
                 .toObject()
                 .value(QLatin1String("io.modelcontextprotocol/subscriptionId")),
             QJsonValue(99));

    f.add(McpServerFixture::tool(QStringLiteral("new_tool"), true));
    f.server.notifyResourceUpdated(uri);
    f.server.notifyResourceUpdated(QStringLiteral("pve://elsewhere"));
    QCOMPARE(all->sent.size(), 3);
    QCOMPARE(all->sent.at(1).value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/tools/list_changed"));
    QCOMPARE(all->sent.at(2).value(QLatin1String("params")).toObject().value(QLatin1String("uri")),
             QJsonValue(uri));
    for (const QJsonObject &sent : std::as_const(all->sent))
        QCOMPARE(sent.value(QLatin1String("params"))
                     .toObject()
                     .value(QLatin1String("_meta"))
                     .toObject()
                     .value(QLatin1String("io.modelcontextprotocol/subscriptionId")),
                 QJsonValue(99));
    QCOMPARE(promptsOnly->sent.size(), 1); // its ack only: no tool change leaks
}

void TestMcpServer::endingStatelessRequestsAnswersListensAndCancelsTheRest()
{
    McpServerFixture f;
    const auto listen = stateless(f.server, QStringLiteral("subscriptions/listen"),
                                  {{QStringLiteral("notifications"),
                                    QJsonObject{{QStringLiteral("toolsListChanged"), true}}}});
    bool ended = false;
    const auto slow = stateless(f.server, QStringLiteral("tools/call"),
                                {{QStringLiteral("name"), QStringLiteral("slow")}}, {}, {}, &ended);
    QVERIFY(f.pending);
    QVERIFY(!listen->isFinished());
    f.server.endStatelessRequests();
    // The listen stream's closing result names its subscription.
    const QJsonObject result = listen->result();
    QCOMPARE(result.value(QLatin1String("resultType")).toString(), QStringLiteral("complete"));
    QCOMPARE(result.value(QLatin1String("_meta"))
                 .toObject()
                 .value(QLatin1String("io.modelcontextprotocol/subscriptionId")),
             QJsonValue(99));
    QVERIFY(f.pending->isCancelled());
    QVERIFY(!slow->isFinished()); // a cancelled request gets no response
    QVERIFY(ended);
    QCOMPARE(f.server.findChildren<McpSession *>().size(), 0);
}

QTEST_GUILESS_MAIN(TestMcpServer)
#include "TestMcpServer.moc"
