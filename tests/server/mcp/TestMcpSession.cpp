#include "server/mcp/McpSession.h"

#include "server/mcp/RequestContext.h"
#include "tests/support/RecordingChannel.h"

#include <QRegularExpression>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

class TestMcpSession final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void clientSupports_data();
    void clientSupports();
    void identity();
    void outgoingIdsAreUnique();
    void resolveOutgoingOnce();
    void inFlightKeysDistinguishIdTypes();
    void unsolicitedGoesToOneOpenStream();
    void closeEndsEverything();
    void destructorCloses();
    void touchResetsIdleTime();
};

void TestMcpSession::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestMcpSession::clientSupports_data()
{
    QTest::addColumn<QJsonObject>("capabilities");
    QTest::addColumn<bool>("elicitation");
    QTest::newRow("declared") << QJsonObject{{QStringLiteral("elicitation"), QJsonObject()}}
                              << true;
    QTest::newRow("declared with options")
        << QJsonObject{{QStringLiteral("elicitation"),
                        QJsonObject{{QStringLiteral("form"), QJsonObject()}}}}
        << true;
    QTest::newRow("absent") << QJsonObject{{QStringLiteral("sampling"), QJsonObject()}} << false;
    QTest::newRow("true is not an object")
        << QJsonObject{{QStringLiteral("elicitation"), true}} << false;
    QTest::newRow("nothing") << QJsonObject() << false;
}

void TestMcpSession::clientSupports()
{
    QFETCH(QJsonObject, capabilities);
    QFETCH(bool, elicitation);
    McpSession session(QStringLiteral("s"));
    const QJsonObject info{{QStringLiteral("name"), QStringLiteral("inspector")}};
    session.setClient(info, capabilities);
    QCOMPARE(session.clientSupports(QStringLiteral("elicitation")), elicitation);
    QCOMPARE(session.clientInfo(), info);
    QCOMPARE(session.clientCapabilities(), capabilities);
}

void TestMcpSession::identity()
{
    McpSession session(QStringLiteral("abc"));
    QCOMPARE(session.id(), QStringLiteral("abc"));
    QVERIFY(!session.isInitialized());
    QVERIFY(session.protocolVersion().isEmpty());
    QVERIFY(!session.isReadOnlyClient());
    QCOMPARE(session.logLevel(), LogLevel::Info);
    session.setIdentity({QStringLiteral("viewer"), true});
    QCOMPARE(session.clientName(), QStringLiteral("viewer"));
    QVERIFY(session.isReadOnlyClient());
}

void TestMcpSession::outgoingIdsAreUnique()
{
    McpSession session(QStringLiteral("s"));
    QSet<QString> keys;
    for (int i = 0; i < 100; ++i)
        keys.insert(JsonRpc::idKey(session.registerOutgoing({}, 60000)));
    QCOMPARE(keys.size(), 100);
}

void TestMcpSession::resolveOutgoingOnce()
{
    McpSession session(QStringLiteral("s"));
    int calls = 0;
    std::optional<Result<QJsonObject>> answer;
    const QJsonValue id = session.registerOutgoing(
        [&](Result<QJsonObject> result) {
            ++calls;
            answer = std::move(result);
        },
        60000);
    // An id of the other JSON type is another request.
    QVERIFY(
        !session.resolveOutgoing(QJsonValue(QStringLiteral("x") + id.toString()), QJsonObject()));
    QVERIFY(!session.resolveOutgoing(12345, QJsonObject()));
    QCOMPARE(calls, 0);
    QVERIFY(session.resolveOutgoing(id, QJsonObject{{QStringLiteral("ok"), true}}));
    QVERIFY(!session.resolveOutgoing(id, QJsonObject()));
    QCOMPARE(calls, 1);
    QVERIFY(answer && answer->ok());
    QCOMPARE(answer->value().value(QLatin1String("ok")), QJsonValue(true));
}

void TestMcpSession::inFlightKeysDistinguishIdTypes()
{
    McpSession session(QStringLiteral("s"));
    auto channel = std::make_shared<RecordingChannel>();
    const auto numeric = std::make_shared<RequestContext>(
        &session, requestMessage(1, QStringLiteral("tools/call")), channel);
    const auto text = std::make_shared<RequestContext>(
        &session, requestMessage(QStringLiteral("1"), QStringLiteral("tools/call")), channel);
    session.addInFlight(numeric);
    session.addInFlight(text);
    QCOMPARE(session.inFlightCount(), 2);
    QCOMPARE(session.inFlight(1), numeric);
    QCOMPARE(session.inFlight(QStringLiteral("1")), text);
    QCOMPARE(session.inFlight(2), nullptr);
    session.removeInFlight(QStringLiteral("1"));
    QCOMPARE(session.inFlightCount(), 1);
    QCOMPARE(session.inFlight(1), numeric);
    numeric->respond({});
    QCOMPARE(session.inFlightCount(), 0);
}

void TestMcpSession::unsolicitedGoesToOneOpenStream()
{
    McpSession session(QStringLiteral("s"));
    const QJsonObject message = JsonRpc::notification(QStringLiteral("x"), {});
    QVERIFY(!session.sendUnsolicited(message)); // no stream: nowhere to send

    auto first = std::make_shared<RecordingChannel>();
    auto second = std::make_shared<RecordingChannel>();
    session.addStandaloneChannel(first);
    session.addStandaloneChannel(second);
    QCOMPARE(session.openStandaloneChannels(), 2);
    QVERIFY(session.sendUnsolicited(message));
    // One stream gets it, never both.
    QCOMPARE(first->sent.size() + second->sent.size(), 1);

    second->open = false;
    QCOMPARE(session.openStandaloneChannels(), 1);
    const int before = first->sent.size();
    QVERIFY(session.sendUnsolicited(message));
    QCOMPARE(first->sent.size(), before + 1);
    QCOMPARE(second->sent.size() + first->sent.size(), 2);

    first->open = false;
    QCOMPARE(session.openStandaloneChannels(), 0);
    QVERIFY(!session.sendUnsolicited(message));
}

void TestMcpSession::closeEndsEverything()
{
    McpSession session(QStringLiteral("s"));
    std::optional<Result<QJsonObject>> answer;
    session.registerOutgoing([&](Result<QJsonObject> result) { answer = std::move(result); },
                             60000);
    auto requestChannel = std::make_shared<RecordingChannel>();
    const auto context = std::make_shared<RequestContext>(
        &session, requestMessage(1, QStringLiteral("tools/call")), requestChannel);
    bool cancelled = false;
    context->onCancel([&] { cancelled = true; });
    session.addInFlight(context);
    auto stream = std::make_shared<RecordingChannel>();
    session.addStandaloneChannel(stream);

    session.close();
    QVERIFY(answer);
    QCOMPARE(answer->error().code, ErrorCode::Cancelled);
    QVERIFY(cancelled);
    QVERIFY(context->isCancelled());
    QCOMPARE(requestChannel->abandonCount, 1);
    QCOMPARE(requestChannel->finishCount, 0);
    QCOMPARE(stream->abandonCount, 1);
    QCOMPARE(session.inFlightCount(), 0);
    QVERIFY(!session.sendUnsolicited(JsonRpc::notification(QStringLiteral("x"), {})));
}

void TestMcpSession::destructorCloses()
{
    std::optional<Result<QJsonObject>> answer;
    auto channel = std::make_shared<RecordingChannel>();
    std::shared_ptr<RequestContext> context;
    {
        McpSession session(QStringLiteral("s"));
        session.registerOutgoing([&](Result<QJsonObject> result) { answer = std::move(result); },
                                 60000);
        context = std::make_shared<RequestContext>(
            &session, requestMessage(1, QStringLiteral("tools/call")), channel);
        session.addInFlight(context);
    }
    QVERIFY(answer);
    QCOMPARE(answer->error().code, ErrorCode::Cancelled);
    QVERIFY(context->isCancelled());
    QCOMPARE(channel->abandonCount, 1);
}

void TestMcpSession::touchResetsIdleTime()
{
    McpSession session(QStringLiteral("s"));
    QTRY_VERIFY(session.idleMs() >= 20);
    session.touch();
    QVERIFY(session.idleMs() < 20);
}

QTEST_GUILESS_MAIN(TestMcpSession)
#include "TestMcpSession.moc"
