#include "server/mcp/ToolCall.h"

#include "server/mcp/RequestContext.h"
#include "server/mcp/ToolDefinition.h"
#include "tests/support/RecordingChannel.h"
#include "tests/support/TestJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace pmcp;
using pmcp::testjson::parseObject;
using namespace pmcp::test;

namespace {

// A ToolCall on a context of its own, with the outcome the context reports when it ends.
struct Fixture {
    explicit Fixture(const QJsonObject &outputSchema = {}, const QJsonObject &capabilities = {})
    {
        session.setClient({}, capabilities);
        session.setIdentity({QStringLiteral("claude"), true});
        tool.name = QStringLiteral("vm_status");
        tool.description = QStringLiteral("Shows a VM.");
        tool.inputSchema = ToolDefinition::emptyInputSchema();
        tool.outputSchema = outputSchema;
        context = std::make_shared<RequestContext>(
            &session,
            requestMessage(3, QStringLiteral("tools/call"),
                           {{QStringLiteral("_meta"),
                             QJsonObject{{QStringLiteral("progressToken"), QStringLiteral("p")}}}}),
            channel);
        session.addInFlight(context);
        context->onDone(
            [this](const RequestContext &, const QString &result) { outcome = result; });
        call =
            std::make_shared<ToolCall>(context, tool, QJsonObject{{QStringLiteral("vmid"), 100}});
    }
    QJsonObject result() const { return channel->result(); }
    QString resultText() const
    {
        return result()
            .value(QLatin1String("content"))
            .toArray()
            .at(0)
            .toObject()
            .value(QLatin1String("text"))
            .toString();
    }

    QString outcome; // first: the session's destructor may still report one
    McpSession session{QStringLiteral("s1")};
    ToolDefinition tool;
    std::shared_ptr<RecordingChannel> channel = std::make_shared<RecordingChannel>();
    std::shared_ptr<RequestContext> context;
    std::shared_ptr<ToolCall> call;
};

const QByteArray kOutputSchema = R"({"type":"object","properties":{"status":{"type":"string",
    "enum":["running","stopped"]},"uptime":{"type":"integer"}},"required":["status"]})";

} // namespace

class TestToolCall final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void accessors();
    void finishSendsTheResult();
    void finishOnce();
    void errorResultIsAToolError();
    void outputSchema_data();
    void outputSchema();
    void outputSchemaSkipsErrorResults();
    void progressAndLog();
    void elicitAndSampleNeedTheCapability_data();
    void elicitAndSampleNeedTheCapability();
    void elicit();
    void sample();
    void cancellation();
    void factsTravelWithTheRequest();
    void refuseMissingCapability();
};

void TestToolCall::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestToolCall::accessors()
{
    Fixture f;
    QCOMPARE(f.call->toolName(), QStringLiteral("vm_status"));
    QCOMPARE(f.call->arguments(), (QJsonObject{{QStringLiteral("vmid"), 100}}));
    QCOMPARE(f.call->clientName(), QStringLiteral("claude"));
    QVERIFY(f.call->isReadOnlyClient());
    QVERIFY(!f.call->isFinished());
    QVERIFY(!f.call->isCancelled());
}

void TestToolCall::finishSendsTheResult()
{
    Fixture f;
    f.call->finish(ToolResult::text(QStringLiteral("VM 100 is running")));
    QVERIFY(f.call->isFinished());
    QCOMPARE(f.channel->finishCount, 1);
    QCOMPARE(f.channel->response,
             JsonRpc::result(3, ToolResult::text(QStringLiteral("VM 100 is running")).toJson()));
    QCOMPARE(f.outcome, QStringLiteral("ok"));
}

void TestToolCall::finishOnce()
{
    Fixture f;
    f.call->finish(ToolResult::text(QStringLiteral("first")));
    f.call->finish(ToolResult::text(QStringLiteral("second")));
    QCOMPARE(f.channel->finishCount, 1);
    QCOMPARE(f.resultText(), QStringLiteral("first"));
}

void TestToolCall::errorResultIsAToolError()
{
    Fixture f;
    f.call->finish(ToolResult::error(QStringLiteral("VM 100 does not exist")));
    QCOMPARE(f.result().value(QLatin1String("isError")), QJsonValue(true));
    QCOMPARE(f.resultText(), QStringLiteral("VM 100 does not exist"));
    // The JSON-RPC call succeeded; the tool failed: metrics count it apart.
    QVERIFY(f.channel->response.contains(QLatin1String("result")));
    QCOMPARE(f.outcome, QStringLiteral("tool_error"));
}

void TestToolCall::outputSchema_data()
{
    QTest::addColumn<QByteArray>("structured"); // "" for a result without structured content
    QTest::addColumn<bool>("conforms");
    QTest::newRow("conforming") << QByteArray(R"({"status":"running","uptime":5})") << true;
    QTest::newRow("extra property allowed") << QByteArray(R"({"status":"stopped","x":1})") << true;
    QTest::newRow("missing required") << QByteArray(R"({"uptime":5})") << false;
    QTest::newRow("wrong type") << QByteArray(R"({"status":"running","uptime":"5s"})") << false;
    QTest::newRow("not in enum") << QByteArray(R"({"status":"paused"})") << false;
    QTest::newRow("no structured content") << QByteArray() << false;
}

void TestToolCall::outputSchema()
{
    QFETCH(QByteArray, structured);
    QFETCH(bool, conforms);
    Fixture f(parseObject(kOutputSchema));
    const ToolResult result = structured.isEmpty()
                                  ? ToolResult::text(QStringLiteral("running"))
                                  : ToolResult::structured(parseObject(structured));
    if (!conforms)
        QTest::ignoreMessage(
            QtWarningMsg, QRegularExpression(QStringLiteral(
                              "^tool vm_status returned output that does not match its schema")));
    f.call->finish(result);
    QCOMPARE(f.channel->finishCount, 1);
    if (conforms) {
        QCOMPARE(f.result(), result.toJson());
        QCOMPARE(f.outcome, QStringLiteral("ok"));
        return;
    }
    // What breaks the tool's own promise is not sent: the client gets an error result instead.
    QCOMPARE(f.result().value(QLatin1String("isError")), QJsonValue(true));
    QVERIFY(!f.result().contains(QLatin1String("structuredContent")));
    QCOMPARE(f.resultText(),
             QStringLiteral("internal error: the tool's output did not match its schema"));
    QCOMPARE(f.outcome, QStringLiteral("tool_error"));
}

void TestToolCall::outputSchemaSkipsErrorResults()
{
    // An error result need not (and usually cannot) carry the promised structure.
    Fixture f(parseObject(kOutputSchema));
    f.call->finish(ToolResult::error(QStringLiteral("node offline")));
    QCOMPARE(f.resultText(), QStringLiteral("node offline"));
    QCOMPARE(f.outcome, QStringLiteral("tool_error"));
}

void TestToolCall::progressAndLog()
{
    Fixture f;
    f.session.setLogLevel(LogLevel::Info);
    f.call->progress(1, 4, QStringLiteral("stopping"));
    f.call->log(LogLevel::Debug, QStringLiteral("hidden"));
    f.call->log(LogLevel::Notice, QStringLiteral("VM stopped"));
    QCOMPARE(f.channel->sent.size(), 2);
    QCOMPARE(f.channel->sentWithMethod(QStringLiteral("notifications/progress")).size(), 1);
    const auto logs = f.channel->sentWithMethod(QStringLiteral("notifications/message"));
    QCOMPARE(logs.size(), 1);
    // The tool's name is the logger.
    QCOMPARE(logs.at(0).value(QLatin1String("params")).toObject(),
             (QJsonObject{{QStringLiteral("level"), QStringLiteral("notice")},
                          {QStringLiteral("logger"), QStringLiteral("vm_status")},
                          {QStringLiteral("data"), QStringLiteral("VM stopped")}}));
}

void TestToolCall::elicitAndSampleNeedTheCapability_data()
{
    QTest::addColumn<QByteArray>("capabilities");
    QTest::newRow("none") << QByteArray("{}");
    QTest::newRow("only roots") << QByteArray(R"({"roots":{}})");
    QTest::newRow("capability not an object")
        << QByteArray(R"({"elicitation":true,"sampling":true})");
}

void TestToolCall::elicitAndSampleNeedTheCapability()
{
    QFETCH(QByteArray, capabilities);
    Fixture f({}, parseObject(capabilities));
    QVERIFY(!f.call->clientSupports(QStringLiteral("elicitation")));
    QVERIFY(!f.call->clientSupports(QStringLiteral("sampling")));

    std::optional<Result<QJsonObject>> elicited;
    f.call->elicit(QStringLiteral("Really?"), {{QStringLiteral("type"), QStringLiteral("object")}},
                   [&](Result<QJsonObject> answer) { elicited = std::move(answer); });
    QVERIFY(elicited);
    QVERIFY(!elicited->ok());
    QCOMPARE(elicited->error().code, ErrorCode::Unsupported);

    std::optional<Result<QJsonObject>> sampled;
    f.call->sample({}, [&](Result<QJsonObject> answer) { sampled = std::move(answer); });
    QVERIFY(sampled);
    QCOMPARE(sampled->error().code, ErrorCode::Unsupported);

    // Nothing went to a client that would not understand it.
    QVERIFY(f.channel->sent.isEmpty());
    QVERIFY(!f.channel->isFinished());
}

void TestToolCall::elicit()
{
    Fixture f({}, parseObject(R"({"elicitation":{}})"));
    QVERIFY(f.call->clientSupports(QStringLiteral("elicitation")));
    const QJsonObject schema = parseObject(
        R"({"type":"object","properties":{"confirm":{"type":"boolean"}},"required":["confirm"]})");
    std::optional<Result<QJsonObject>> answer;
    f.call->elicit(QStringLiteral("Delete VM 100?"), schema,
                   [&](Result<QJsonObject> result) { answer = std::move(result); });
    QCOMPARE(f.channel->sent.size(), 1);
    const QJsonObject request = f.channel->sent.at(0);
    QCOMPARE(request.value(QLatin1String("method")).toString(),
             QStringLiteral("elicitation/create"));
    QCOMPARE(request.value(QLatin1String("params")).toObject(),
             (QJsonObject{{QStringLiteral("message"), QStringLiteral("Delete VM 100?")},
                          {QStringLiteral("requestedSchema"), schema}}));
    QVERIFY(!answer);
    const QJsonObject accepted = parseObject(R"({"action":"accept","content":{"confirm":true}})");
    QVERIFY(f.session.resolveOutgoing(request.value(QLatin1String("id")), accepted));
    QVERIFY(answer && answer->ok());
    QCOMPARE(answer->value(), accepted);
}

void TestToolCall::sample()
{
    Fixture f({}, parseObject(R"({"sampling":{}})"));
    const QJsonObject params = parseObject(R"({"messages":[],"maxTokens":100})");
    std::optional<Result<QJsonObject>> answer;
    f.call->sample(params, [&](Result<QJsonObject> result) { answer = std::move(result); });
    QCOMPARE(f.channel->sent.size(), 1);
    const QJsonObject request = f.channel->sent.at(0);
    QCOMPARE(request.value(QLatin1String("method")).toString(),
             QStringLiteral("sampling/createMessage"));
    QCOMPARE(request.value(QLatin1String("params")).toObject(), params);
    QVERIFY(f.session.resolveOutgoing(request.value(QLatin1String("id")),
                                      Error{ErrorCode::Unavailable, QStringLiteral("declined")}));
    QVERIFY(answer);
    QCOMPARE(answer->error().code, ErrorCode::Unavailable);
}

void TestToolCall::cancellation()
{
    Fixture f;
    bool cancelled = false;
    f.call->onCancel([&] { cancelled = true; });
    f.context->cancel(QStringLiteral("stop"));
    QVERIFY(cancelled);
    QVERIFY(f.call->isCancelled());
    f.call->finish(ToolResult::text(QStringLiteral("too late")));
    QCOMPARE(f.channel->finishCount, 0);
    QCOMPARE(f.channel->abandonCount, 1);
    QCOMPARE(f.outcome, QStringLiteral("cancelled"));
}

void TestToolCall::factsTravelWithTheRequest()
{
    Fixture f;
    QCOMPARE(f.call->facts().decision(), AuditFacts::Decision::None);
    f.call->facts().setAllowed();
    f.call->facts().setUpid(QStringLiteral("UPID:x"));
    f.call->finish(ToolResult::text(QStringLiteral("done")));
    // The engine reads them from the request when it ends, after the call may be gone.
    f.call.reset();
    QCOMPARE(f.context->auditFacts().decisionText(), QStringLiteral("allowed"));
    QCOMPARE(f.context->auditFacts().upid(), QStringLiteral("UPID:x"));
}

void TestToolCall::refuseMissingCapability()
{
    Fixture f;
    f.call->refuseMissingCapability({{QStringLiteral("sampling"), QJsonObject{}}});
    QVERIFY(f.call->isFinished());
    QCOMPARE(f.channel->errorCode(), -32021);
    QVERIFY(f.channel->errorMessage().contains(QStringLiteral("sampling")));
    QCOMPARE(f.channel->error()
                 .value(QLatin1String("data"))
                 .toObject()
                 .value(QLatin1String("requiredCapabilities"))
                 .toObject(),
             (QJsonObject{{QStringLiteral("sampling"), QJsonObject{}}}));
    QCOMPARE(f.outcome, QStringLiteral("error"));
    // Once refused, the call is over.
    f.call->finish(ToolResult::text(QStringLiteral("late")));
    QCOMPARE(f.channel->finishCount, 1);
}

QTEST_GUILESS_MAIN(TestToolCall)
#include "TestToolCall.moc"
