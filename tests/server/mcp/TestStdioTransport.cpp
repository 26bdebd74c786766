#include "server/mcp/StdioTransport.h"

#include "server/mcp/ToolCall.h"
#include "tests/support/RecordingChannel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

namespace {

QByteArray line(const QByteArray &json)
{
    return json + '\n';
}

QByteArray initializeLine(int id = 1)
{
    return line(R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id) +
                R"(,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
                R"("capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
}

const QByteArray kInitialized = line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");

QByteArray pingLine(const QByteArray &id)
{
    return line(R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"ping"})");
}

// A server with an echo tool and an asynchronous one, and a transport whose output is kept.
struct Fixture {
    Fixture()
    {
        ToolDefinition echo;
        echo.name = QStringLiteral("echo");
        echo.description = QStringLiteral("Echoes.");
        echo.inputSchema = ToolDefinition::emptyInputSchema();
        echo.inputSchema.insert(
            QStringLiteral("properties"),
            QJsonObject{{QStringLiteral("text"),
                         QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}});
        echo.annotations.readOnly = true;
        echo.handler = [](const std::shared_ptr<ToolCall> &call) {
            call->finish(
                ToolResult::text(call->arguments().value(QLatin1String("text")).toString()));
        };
        QVERIFY(server.tools().add(echo).ok());

        ToolDefinition slow;
        slow.name = QStringLiteral("slow");
        slow.description = QStringLiteral("Finishes when told.");
        slow.inputSchema = ToolDefinition::emptyInputSchema();
        slow.handler = [this](const std::shared_ptr<ToolCall> &call) { pending = call; };
        QVERIFY(server.tools().add(slow).ok());
    }

    // Every line written so far, parsed; each must be one compact JSON object.
    QList<QJsonObject> messages() const
    {
        QList<QJsonObject> result;
        for (const QByteArray &written : output) {
            if (!written.endsWith('\n') || written.count('\n') != 1)
                qFatal("not one line: %s", written.constData());
            result.append(QJsonDocument::fromJson(written).object());
        }
        return result;
    }
    QJsonObject last() const { return messages().constLast(); }

    McpServer server{ServerIdentity{QStringLiteral("proxmox-mcp"), {}, QStringLiteral("0.1"), {}}};
    QList<QByteArray> output;
    std::shared_ptr<ToolCall> pending;
    StdioTransport transport{&server,
                             [this](const QByteArray &written) { output.append(written); }};
};

int errorCode(const QJsonObject &message)
{
    return message.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt();
}

} // namespace

class TestStdioTransport final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void wholeSession();
    void linesSplitAcrossFeeds();
    void severalLinesInOneFeed();
    void blankLinesAndCrLf();
    void malformedJson();
    void batchIsRefused();
    void batchFor20250326();
    void emptyBatchAndInitializeInBatch();
    void invalidMessageEchoesItsId();
    void oversizedLineInPieces();
    void oversizedLineAtOnce();
    void lastLineWithoutNewline();
    void finishedWhenNothingIsInFlight();
    void finishedWaitsForInFlightWork();
    void cancelledRequestGetsNoLine();
    void broadcastsAfterInitialized();
    void resourceUpdatesForSubscriptions();
    void readOnlyIdentity();
    void statelessRequestsBesideTheSession();
    void statelessRefusalsEchoTheId();
    void finishedWaitsForStatelessWork();
    void listenEndsWithTheInput();
    void listensSharingAnIdBothEndWithTheInput();
};

namespace {

QByteArray modernLine(int id, const QByteArray &method, const QByteArray &params = "{}",
                      const QByteArray &version = "2026-07-28")
{
    QByteArray withMeta = params;
    withMeta.chop(1);
    if (withMeta.size() > 1)
        withMeta += ',';
    withMeta += R"("_meta":{"io.modelcontextprotocol/protocolVersion":")" + version +
                R"(","io.modelcontextprotocol/clientCapabilities":{}}})";
    return line(R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id) + R"(,"method":")" + method +
                R"(","params":)" + withMeta + "}");
}

} // namespace

void TestStdioTransport::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestStdioTransport::wholeSession()
{
    Fixture f;
    QCOMPARE(f.transport.session()->id(), QStringLiteral("stdio"));
    f.transport.feed(initializeLine());
    QCOMPARE(f.output.size(), 1);
    QCOMPARE(f.last().value(QLatin1String("id")), QJsonValue(1));
    QCOMPARE(
        f.last().value(QLatin1String("result")).toObject().value(QLatin1String("protocolVersion")),
        QJsonValue(QStringLiteral("2025-11-25")));

    f.transport.feed(kInitialized);
    QCOMPARE(f.output.size(), 1); // a notification gets no answer
    QVERIFY(f.transport.session()->isInitialized());

    f.transport.feed(line(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})"));
    QCOMPARE(f.output.size(), 2);
    const QJsonArray tools =
        f.last().value(QLatin1String("result")).toObject().value(QLatin1String("tools")).toArray();
    QCOMPARE(tools.size(), 2);
    QCOMPARE(tools.at(0).toObject().value(QLatin1String("name")),
             QJsonValue(QStringLiteral("echo")));

    f.transport.feed(line(R"({"jsonrpc":"2.0","id":"c3","method":"tools/call",)"
                          R"("params":{"name":"echo","arguments":{"text":"hi there"}}})"));
    QCOMPARE(f.output.size(), 3);
    QCOMPARE(f.last(), JsonRpc::result(QStringLiteral("c3"),
                                       ToolResult::text(QStringLiteral("hi there")).toJson()));
    // stdout carries compact JSON, one message a line.
    QVERIFY(!f.output.last().contains(": "));
}

void TestStdioTransport::linesSplitAcrossFeeds()
{
    Fixture f;
    const QByteArray init = initializeLine();
    f.transport.feed(init.left(10));
    f.transport.feed(init.mid(10, 30));
    QVERIFY(f.output.isEmpty());
    f.transport.feed(init.mid(40, init.size() - 41)); // all but the newline
    QVERIFY(f.output.isEmpty());
    f.transport.feed("\n");
    QCOMPARE(f.output.size(), 1);
    QCOMPARE(f.last().value(QLatin1String("id")), QJsonValue(1));

    // Byte by byte works too.
    const QByteArray ping = pingLine("7");
    for (char c : ping)
        f.transport.feed(QByteArray(1, c));
    QCOMPARE(f.output.size(), 2);
    QCOMPARE(f.last(), JsonRpc::result(7, {}));
}

void TestStdioTransport::severalLinesInOneFeed()
{
    Fixture f;
    f.transport.feed(initializeLine() + kInitialized + pingLine("2") + pingLine("\"three\"") +
                     R"({"jsonrpc":"2.0","id":4,)");
    QCOMPARE(f.output.size(), 3);
    QCOMPARE(f.messages().at(1), JsonRpc::result(2, {}));
    QCOMPARE(f.messages().at(2), JsonRpc::result(QStringLiteral("three"), {}));
    f.transport.feed(R"("method":"ping"})"
                     "\n");
    QCOMPARE(f.output.size(), 4);
    QCOMPARE(f.last(), JsonRpc::result(4, {}));
}

void TestStdioTransport::blankLinesAndCrLf()
{
    Fixture f;
    f.transport.feed("\n\n   \n\r\n");
    QVERIFY(f.output.isEmpty());
    f.transport.feed(R"({"jsonrpc":"2.0","id":1,"method":"ping"})"
                     "\r\n");
    QCOMPARE(f.output.size(), 1);
    QCOMPARE(f.last(), JsonRpc::result(1, {}));
}

void TestStdioTransport::malformedJson()
{
    Fixture f;
    f.transport.feed(line(R"({"jsonrpc":"2.0","id":1,"method":)"));
    QCOMPARE(f.output.size(), 1);
    QCOMPARE(errorCode(f.last()), rpc::kParseError);
    QCOMPARE(f.last().value(QLatin1String("id")), QJsonValue()); // null: the id is unknowable
    QVERIFY(f.last()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .startsWith(QLatin1String("invalid JSON")));
    f.transport.feed(line("not json at all"));
    QCOMPARE(errorCode(f.last()), rpc::kParseError);
    // The transport goes on.
    f.transport.feed(pingLine("2"));
    QCOMPARE(f.output.size(), 3);
    QCOMPARE(f.last(), JsonRpc::result(2, {}));
}

void TestStdioTransport::batchIsRefused()
{
    Fixture f;
    // JSON-RPC batches were removed from MCP in 2025-06-18.
    f.transport.feed(line(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},)"
                          R"({"jsonrpc":"2.0","id":2,"method":"ping"}])"));
    QCOMPARE(f.output.size(), 1);
    QCOMPARE(errorCode(f.last()), rpc::kInvalidRequest);
    QCOMPARE(f.last().value(QLatin1String("id")), QJsonValue());
    f.transport.feed(pingLine("3"));
    QCOMPARE(f.last(), JsonRpc::result(3, {}));

    f.transport.feed(initializeLine(4) + kInitialized);
    f.transport.feed(line(R"([{"jsonrpc":"2.0","id":5,"method":"ping"}])"));
    QCOMPARE(errorCode(f.last()), rpc::kInvalidRequest);
    QVERIFY(f.last()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QLatin1String("2025-11-25")));
}

namespace {

QByteArray initialize20250326Line()
{
    return line(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":)"
                R"("2025-03-26","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
}

QJsonArray lastArray(const Fixture &f)
{
    return QJsonDocument::fromJson(f.output.constLast()).array();
}

} // namespace

void TestStdioTransport::batchFor20250326()
{
    Fixture f;
    f.transport.feed(initialize20250326Line() + kInitialized);
    QCOMPARE(f.output.size(), 1);
    f.transport.feed(
        line(R"([{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo",)"
             R"("arguments":{"text":"a"}}},{"jsonrpc":"2.0","method":"notifications/progress",)"
             R"("params":{}},{"jsonrpc":"2.0","id":6,"method":"tools/call","params":)"
             R"({"name":"echo","arguments":{"text":"b"}}}])"));
    QCOMPARE(f.output.size(), 2);
    const QJsonArray responses = lastArray(f);
    QCOMPARE(responses.size(), 2);
    QCOMPARE(responses.at(0).toObject().value(QLatin1String("id")), QJsonValue(5));
    QCOMPARE(responses.at(1).toObject().value(QLatin1String("id")), QJsonValue(6));
    QVERIFY(responses.at(1).toObject().contains(QLatin1String("result")));

    f.transport.feed(line(R"([{"jsonrpc":"2.0","method":"notifications/progress","params":{}}])"));
    QCOMPARE(f.output.size(), 2); // notifications only: nothing to answer
}

void TestStdioTransport::emptyBatchAndInitializeInBatch()
{
    Fixture f;
    f.transport.feed(initialize20250326Line() + kInitialized);
    f.transport.feed(line("[]"));
    QCOMPARE(f.output.size(), 2);
    QCOMPARE(errorCode(f.last()), rpc::kInvalidRequest);

    f.transport.feed(line(R"([{"jsonrpc":"2.0","id":9,"method":"initialize","params":{}},)"
                          R"({"jsonrpc":"2.0","id":10,"method":"ping"}])"));
    QCOMPARE(f.output.size(), 3);
    const QJsonArray responses = lastArray(f);
    QCOMPARE(responses.size(), 2);
    QCOMPARE(responses.at(0).toObject().value(QLatin1String("id")), QJsonValue(9));
    QCOMPARE(errorCode(responses.at(0).toObject()), rpc::kInvalidRequest);
    QCOMPARE(responses.at(1).toObject(), JsonRpc::result(10, {}));
}

void TestStdioTransport::invalidMessageEchoesItsId()
{
    Fixture f;
    f.transport.feed(line(R"({"jsonrpc":"1.0","id":"x1","method":"ping"})"));
    QCOMPARE(errorCode(f.last()), rpc::kInvalidRequest);
    QCOMPARE(f.last().value(QLatin1String("id")), QJsonValue(QStringLiteral("x1")));
    QCOMPARE(f.last()
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("message"))
                 .toString(),
             QStringLiteral("\"jsonrpc\" must be \"2.0\""));
}

void TestStdioTransport::oversizedLineInPieces()
{
    Fixture f;
    // 20 MiB of one line, in 1 MiB pieces: refused once, with no need to hold all of it.
    const QByteArray piece(1024 * 1024, 'x');
    f.transport.feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"");
    for (int i = 0; i < 20; ++i)
        f.transport.feed(piece);
    QCOMPARE(f.output.size(), 1);
    QCOMPARE(errorCode(f.last()), rpc::kInvalidRequest);
    QCOMPARE(f.last()
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("message"))
                 .toString(),
             QStringLiteral("message too large"));
    // The rest of the oversized line is dropped with its newline; the next line works.
    f.transport.feed("\"}}\n" + pingLine("2"));
    QCOMPARE(f.output.size(), 2);
    QCOMPARE(f.last(), JsonRpc::result(2, {}));
}

void TestStdioTransport::oversizedLineAtOnce()
{
    Fixture f;
    // An oversized line that arrives whole, with its newline and the next line in one read.
    const QByteArray big = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":")" +
                           QByteArray(StdioTransport::kMaxLineBytes, 'x') + R"("}})";
    f.transport.feed(line(big) + pingLine("2"));
    QCOMPARE(f.output.size(), 2);
    QCOMPARE(errorCode(f.messages().at(0)), rpc::kInvalidRequest);
    QCOMPARE(f.last(), JsonRpc::result(2, {}));

    // A line of exactly the limit is still read.
    Fixture g;
    QByteArray exact = R"({"jsonrpc":"2.0","id":3,"method":"ping","params":{"pad":")";
    const QByteArray tail = R"("}})";
    exact += QByteArray(StdioTransport::kMaxLineBytes - exact.size() - tail.size(), 'x') + tail;
    QCOMPARE(exact.size(), StdioTransport::kMaxLineBytes);
    g.transport.feed(line(exact));
    QCOMPARE(g.output.size(), 1);
    QCOMPARE(g.last(), JsonRpc::result(3, {}));
}

void TestStdioTransport::lastLineWithoutNewline()
{
    Fixture f;
    QSignalSpy finished(&f.transport, &StdioTransport::finished);
    f.transport.feed(R"({"jsonrpc":"2.0","id":9,"method":"ping"})");
    QVERIFY(f.output.isEmpty());
    f.transport.endOfInput();
    QCOMPARE(f.output.size(), 1);
    QCOMPARE(f.last(), JsonRpc::result(9, {}));
    QTRY_COMPARE(finished.count(), 1);

    // The unfinished rest of an oversized line is not read as a message at the end.
    Fixture g;
    g.transport.feed(QByteArray(StdioTransport::kMaxLineBytes + 1, 'x'));
    QCOMPARE(g.output.size(), 1);
    g.transport.feed("more of the same line");
    g.transport.endOfInput();
    QCOMPARE(g.output.size(), 1);
}

void TestStdioTransport::finishedWhenNothingIsInFlight()
{
    Fixture f;
    QSignalSpy finished(&f.transport, &StdioTransport::finished);
    f.transport.feed(initializeLine() + kInitialized + pingLine("2"));
    QCOMPARE(finished.count(), 0);
    f.transport.endOfInput();
    QCOMPARE(finished.count(), 1);
    // The checks the responses scheduled (queued calls) run now and announce nothing more.
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
}

void TestStdioTransport::finishedWaitsForInFlightWork()
{
    Fixture f;
    QSignalSpy finished(&f.transport, &StdioTransport::finished);
    f.transport.feed(initializeLine() + kInitialized);
    f.transport.feed(
        line(R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"slow"}})"));
    QVERIFY(f.pending);
    f.transport.endOfInput();
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    QCOMPARE(f.transport.session()->inFlightCount(), 1);

    f.pending->finish(ToolResult::text(QStringLiteral("done at last")));
    QCOMPARE(f.last(),
             JsonRpc::result(5, ToolResult::text(QStringLiteral("done at last")).toJson()));
    QTRY_COMPARE(finished.count(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
}

void TestStdioTransport::cancelledRequestGetsNoLine()
{
    Fixture f;
    f.transport.feed(initializeLine() + kInitialized);
    f.transport.feed(
        line(R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"slow"}})"));
    const int before = int(f.output.size());
    f.transport.feed(line(R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
                          R"("params":{"requestId":5,"reason":"user"}})"));
    QVERIFY(f.pending->isCancelled());
    f.pending->finish(ToolResult::text(QStringLiteral("late")));
    QCOMPARE(int(f.output.size()), before);
    QSignalSpy finished(&f.transport, &StdioTransport::finished);
    f.transport.endOfInput();
    QCOMPARE(finished.count(), 1);
}

void TestStdioTransport::broadcastsAfterInitialized()
{
    Fixture f;
    ToolDefinition extra;
    extra.name = QStringLiteral("extra");
    extra.description = QStringLiteral("Extra.");
    extra.inputSchema = ToolDefinition::emptyInputSchema();
    extra.handler = [](const std::shared_ptr<ToolCall> &) {};
    QVERIFY(f.server.tools().add(extra).ok());
    QVERIFY(f.output.isEmpty()); // not initialized: nothing unsolicited

    f.transport.feed(initializeLine() + kInitialized);
    QVERIFY(f.server.tools().remove(QStringLiteral("extra")));
    QCOMPARE(f.output.size(), 2);
    QCOMPARE(f.last(),
             JsonRpc::notification(QStringLiteral("notifications/tools/list_changed"), {}));
}

void TestStdioTransport::resourceUpdatesForSubscriptions()
{
    Fixture f;
    ResourceDefinition status;
    status.uri = QStringLiteral("pve://cluster/status");
    status.name = QStringLiteral("status");
    status.read = [](const QString &) -> Result<QJsonArray> { return QJsonArray(); };
    f.server.resources().add(status);
    f.transport.feed(initializeLine() + kInitialized);
    f.transport.feed(line(R"({"jsonrpc":"2.0","id":2,"method":"resources/subscribe",)"
                          R"("params":{"uri":"pve://cluster/status"}})"));
    QCOMPARE(f.output.size(), 2);

    f.server.notifyResourceUpdated(QStringLiteral("pve://cluster/other"));
    QCOMPARE(f.output.size(), 2);
    f.server.notifyResourceUpdated(QStringLiteral("pve://cluster/status"));
    QCOMPARE(f.output.size(), 3);
    QCOMPARE(f.last(), JsonRpc::notification(
                           QStringLiteral("notifications/resources/updated"),
                           {{QStringLiteral("uri"), QStringLiteral("pve://cluster/status")}}));
}

void TestStdioTransport::readOnlyIdentity()
{
    Fixture f;
    f.transport.setIdentity({QStringLiteral("stdio"), true});
    f.transport.feed(initializeLine() + kInitialized);
    f.transport.feed(line(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})"));
    const QJsonArray tools =
        f.last().value(QLatin1String("result")).toObject().value(QLatin1String("tools")).toArray();
    QCOMPARE(tools.size(), 1);
    QCOMPARE(tools.at(0).toObject().value(QLatin1String("name")),
             QJsonValue(QStringLiteral("echo")));
    f.transport.feed(
        line(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"slow"}})"));
    QCOMPARE(errorCode(f.last()), rpc::kInvalidParams);
    QVERIFY(!f.pending);
}

void TestStdioTransport::statelessRequestsBesideTheSession()
{
    Fixture f;
    // Without initialize: a 2026-07-28 request needs no handshake (stdio has no headers).
    f.transport.feed(modernLine(1, "tools/call", R"({"name":"echo","arguments":{"text":"hi"}})"));
    QCOMPARE(f.output.size(), 1);
    const QJsonObject result = f.last().value(QLatin1String("result")).toObject();
    QCOMPARE(result.value(QLatin1String("content"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QLatin1String("text")),
             QJsonValue(QStringLiteral("hi")));
    QCOMPARE(result.value(QLatin1String("resultType")).toString(), QStringLiteral("complete"));
    QVERIFY(!f.transport.session()->isInitialized());
    f.transport.feed(modernLine(2, "server/discover"));
    QCOMPARE(f.last()
                 .value(QLatin1String("result"))
                 .toObject()
                 .value(QLatin1String("supportedVersions"))
                 .toArray(),
             QJsonArray{QStringLiteral("2026-07-28")});
    // The 2025 session on the same pipe is unaffected, before and after.
    f.transport.feed(initializeLine(3) + kInitialized);
    QCOMPARE(f.last().value(QLatin1String("id")), QJsonValue(3));
    f.transport.feed(line(R"({"jsonrpc":"2.0","id":4,"method":"tools/list"})"));
    QVERIFY(!f.last().value(QLatin1String("result")).toObject().contains(QLatin1String("ttlMs")));
    f.transport.feed(modernLine(5, "tools/list"));
    QVERIFY(f.last().value(QLatin1String("result")).toObject().contains(QLatin1String("ttlMs")));
}

void TestStdioTransport::statelessRefusalsEchoTheId()
{
    Fixture f;
    f.transport.feed(modernLine(7, "server/discover", "{}", "v999.0.0"));
    QCOMPARE(errorCode(f.last()), -32022);
    QCOMPARE(f.last().value(QLatin1String("id")), QJsonValue(7));
    f.transport.feed(modernLine(8, "ping"));
    QCOMPARE(errorCode(f.last()), -32601);
    QCOMPARE(f.last().value(QLatin1String("id")), QJsonValue(8));
    f.transport.feed(line(R"({"jsonrpc":"2.0","id":9,"method":"tools/list","params":{"_meta":{)"
                          R"("io.modelcontextprotocol/protocolVersion":"2026-07-28"}}})"));
    QCOMPARE(errorCode(f.last()), -32602);
    QCOMPARE(f.last().value(QLatin1String("id")), QJsonValue(9));
}

void TestStdioTransport::finishedWaitsForStatelessWork()
{
    Fixture f;
    QSignalSpy finished(&f.transport, &StdioTransport::finished);
    f.transport.feed(modernLine(5, "tools/call", R"({"name":"slow","arguments":{}})"));
    QVERIFY(f.pending);
    f.transport.endOfInput();
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    f.pending->finish(ToolResult::text(QStringLiteral("done at last")));
    QCOMPARE(f.last().value(QLatin1String("id")), QJsonValue(5));
    QTRY_COMPARE(finished.count(), 1);
}

void TestStdioTransport::listenEndsWithTheInput()
{
    Fixture f;
    QSignalSpy finished(&f.transport, &StdioTransport::finished);
    f.transport.feed(
        modernLine(3, "subscriptions/listen", R"({"notifications":{"toolsListChanged":true}})"));
    QCOMPARE(f.last().value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/subscriptions/acknowledged"));
    ToolDefinition extra;
    extra.name = QStringLiteral("extra");
    extra.description = QStringLiteral("Arrives later.");
    extra.inputSchema = ToolDefinition::emptyInputSchema();
    extra.handler = [](const std::shared_ptr<ToolCall> &call) {
        call->finish(ToolResult::text(QStringLiteral("extra")));
    };
    QVERIFY(f.server.tools().add(extra).ok());
    QCOMPARE(f.last().value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/tools/list_changed"));
    QCOMPARE(f.last()
                 .value(QLatin1String("params"))
                 .toObject()
                 .value(QLatin1String("_meta"))
                 .toObject()
                 .value(QLatin1String("io.modelcontextprotocol/subscriptionId")),
             QJsonValue(3));
    // The stream is open until the input ends; then the process may exit.
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    const qsizetype lines = f.output.size();
    f.transport.endOfInput();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(f.output.size(), lines); // a cancelled request gets no answer
}

// Found by FuzzStdio: a second listen under the same request id used to take the first one's
// place, so the first never ended and the transport never finished.
void TestStdioTransport::listensSharingAnIdBothEndWithTheInput()
{
    Fixture f;
    QSignalSpy finished(&f.transport, &StdioTransport::finished);
    const QByteArray listen =
        modernLine(3, "subscriptions/listen", R"({"notifications":{"toolsListChanged":true}})");
    f.transport.feed(listen);
    f.transport.feed(listen);
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    f.transport.endOfInput();
    QTRY_COMPARE(finished.count(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
}

QTEST_GUILESS_MAIN(TestStdioTransport)
#include "TestStdioTransport.moc"
