#include "server/http/SseChannel.h"

#include "tests/support/FakeHttpReply.h"
#include "tests/support/TestJson.h"

#include <QJsonDocument>
#include <QTest>

using namespace pmcp;
using pmcp::testing::FakeHttpReply;
using pmcp::testing::parseSse;
using pmcp::testjson::compact;

namespace {

QJsonObject note(int n)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("method"), QStringLiteral("notifications/progress")},
            {QStringLiteral("params"), QJsonObject{{QStringLiteral("progress"), n}}}};
}

QJsonObject response(int id)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id},
            {QStringLiteral("result"), QJsonObject{{QStringLiteral("ok"), true}}}};
}

QByteArray sseEvent(const QByteArray &id, const QJsonObject &message)
{
    return "id: " + id + "\nevent: message\ndata: " + compact(message) + "\n\n";
}

const QByteArray kPriming7 = "id: 7-0\nretry: 1000\ndata: \n\n";

} // namespace

class TestSseChannel final : public QObject {
    Q_OBJECT

private slots:
    void loneResponseIsPlainJson_data();
    void loneResponseIsPlainJson();
    void notificationTurnsReplyIntoStream();
    void primingEventOnlyWhenPrimingIsOn();
    void standaloneStreamStartsAtOnce();
    void messagesAfterCompletionAreIgnored();
    void closeStreamEndsHttpStreamButKeepsBuffering();
    void closeStreamBeforeAnyMessagePrimes();
    void resumeReplaysAfterLastEventAndEndsWhenComplete();
    void resumeOfRunningStreamContinues();
    void resumeEndsPreviousListener();
    void replayBufferIsBounded();
    void abandonBeforeStreamIs202();
    void abandonOfStreamEndsIt();
    void standaloneIsOpenWhileClientListens();
    void formatEvent();
    void parseEventId_data();
    void parseEventId();
    void statelessErrorsCarryTheirHttpStatus_data();
    void statelessErrorsCarryTheirHttpStatus();
    void statelessStreamHasNoEventIdsAndCannotBeClosedEarly();
};

void TestSseChannel::loneResponseIsPlainJson_data()
{
    QTest::addColumn<QByteArray>("sessionId");
    QTest::addColumn<bool>("prime");
    QTest::newRow("no session header") << QByteArray() << false;
    QTest::newRow("announces session") << QByteArray("abc123") << false;
    QTest::newRow("priming on: still plain JSON") << QByteArray() << true;
}

void TestSseChannel::loneResponseIsPlainJson()
{
    QFETCH(QByteArray, sessionId);
    QFETCH(bool, prime);

    auto reply = std::make_shared<FakeHttpReply>();
    SseChannel channel(reply, SseChannel::Mode::PostReply, sessionId, 7, prime);
    QVERIFY(!reply->streaming);
    QVERIFY(!reply->answered());
    QVERIFY(channel.isOpen());

    channel.finish(response(1));
    QVERIFY(reply->answered());
    QVERIFY(!reply->streaming);
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(reply->sent->body, compact(response(1)));
    QCOMPARE(reply->hasHeader("Mcp-Session-Id"), !sessionId.isEmpty());
    QCOMPARE(reply->header("Mcp-Session-Id"), sessionId);
    QVERIFY(channel.isComplete());
    QVERIFY(!channel.isOpen());
    QVERIFY(!channel.wasStreamed());
}

void TestSseChannel::notificationTurnsReplyIntoStream()
{
    auto reply = std::make_shared<FakeHttpReply>();
    SseChannel channel(reply, SseChannel::Mode::PostReply, "sess", 7, false);
    QCOMPARE(channel.streamId(), 7);

    channel.send(note(1));
    QVERIFY(reply->streaming);
    QVERIFY(!reply->answered());
    QCOMPARE(reply->streamStatus, 200);
    QCOMPARE(reply->header("Content-Type"), QByteArray("text/event-stream"));
    QCOMPARE(reply->header("Cache-Control"), QByteArray("no-cache"));
    QCOMPARE(reply->header("X-Accel-Buffering"), QByteArray("no"));
    QCOMPARE(reply->header("Mcp-Session-Id"), QByteArray("sess"));
    QCOMPARE(reply->chunks, QList<QByteArray>{sseEvent("7-1", note(1))});
    QVERIFY(!reply->ended);

    channel.send(note(2));
    QVERIFY(!reply->ended);
    channel.finish(response(5));
    QCOMPARE(reply->chunks, (QList<QByteArray>{sseEvent("7-1", note(1)), sseEvent("7-2", note(2)),
                                               sseEvent("7-3", response(5))}));
    QVERIFY(reply->ended);
    QVERIFY(channel.isComplete());
    QVERIFY(channel.wasStreamed());

    const auto events = parseSse(reply->streamed());
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(2).id, QByteArray("7-3"));
    QCOMPARE(events.at(2).event, QByteArray("message"));
    QCOMPARE(QJsonDocument::fromJson(events.at(2).data).object(), response(5));
}

void TestSseChannel::primingEventOnlyWhenPrimingIsOn()
{
    auto primed = std::make_shared<FakeHttpReply>();
    SseChannel on(primed, SseChannel::Mode::PostReply, {}, 7, true);
    on.send(note(1));
    on.finish(response(1));
    QCOMPARE(primed->chunks, (QList<QByteArray>{kPriming7, sseEvent("7-1", note(1)),
                                                sseEvent("7-2", response(1))}));
    const auto events = parseSse(primed->streamed());
    QCOMPARE(events.at(0).id, QByteArray("7-0"));
    QCOMPARE(events.at(0).retry, QByteArray("1000"));
    QVERIFY(events.at(0).hasData);
    QVERIFY(events.at(0).data.isEmpty());
    QVERIFY(!primed->hasHeader("Mcp-Session-Id"));

    auto plain = std::make_shared<FakeHttpReply>();
    SseChannel off(plain, SseChannel::Mode::PostReply, {}, 7, false);
    off.send(note(1));
    off.finish(response(1));
    QCOMPARE(plain->chunks,
             (QList<QByteArray>{sseEvent("7-1", note(1)), sseEvent("7-2", response(1))}));
}

void TestSseChannel::standaloneStreamStartsAtOnce()
{
    auto primed = std::make_shared<FakeHttpReply>();
    SseChannel on(primed, SseChannel::Mode::Standalone, {}, 7, true);
    QVERIFY(primed->streaming);
    QCOMPARE(primed->streamStatus, 200);
    QCOMPARE(primed->header("Content-Type"), QByteArray("text/event-stream"));
    QCOMPARE(primed->chunks, QList<QByteArray>{kPriming7});

    auto plain = std::make_shared<FakeHttpReply>();
    SseChannel off(plain, SseChannel::Mode::Standalone, {}, 3, false);
    QVERIFY(plain->streaming);
    QVERIFY(plain->chunks.isEmpty());
    off.send(note(1));
    QCOMPARE(plain->chunks, QList<QByteArray>{sseEvent("3-1", note(1))});
    QVERIFY(!plain->ended);
}

void TestSseChannel::messagesAfterCompletionAreIgnored()
{
    auto reply = std::make_shared<FakeHttpReply>();
    SseChannel channel(reply, SseChannel::Mode::PostReply, {}, 1, false);
    channel.send(note(1));
    channel.finish(response(1));
    const auto chunks = reply->chunks;
    channel.send(note(2));
    channel.finish(response(2));
    channel.abandon();
    channel.closeStream();
    QCOMPARE(reply->chunks, chunks);
    QCOMPARE(reply->endCalls, 1);
    QCOMPARE(reply->sendCalls, 0);
}

void TestSseChannel::closeStreamEndsHttpStreamButKeepsBuffering()
{
    auto first = std::make_shared<FakeHttpReply>();
    SseChannel channel(first, SseChannel::Mode::PostReply, {}, 7, true);
    channel.send(note(1));
    channel.closeStream();
    QVERIFY(first->ended);
    QCOMPARE(first->chunks, (QList<QByteArray>{kPriming7, sseEvent("7-1", note(1))}));
    // The request goes on: a POST stream stays "open" while the client is away.
    QVERIFY(channel.isOpen());
    QVERIFY(!channel.isComplete());
    QVERIFY(channel.wasStreamed());

    channel.send(note(2));
    channel.finish(response(9));
    QCOMPARE(first->chunks.size(), 2); // nothing more on the closed reply
    QCOMPARE(first->endCalls, 1);
    QVERIFY(channel.isComplete());
    QVERIFY(!channel.isOpen());

    // closeStream() again is a no-op.
    channel.closeStream();
    QCOMPARE(first->endCalls, 1);
}

void TestSseChannel::closeStreamBeforeAnyMessagePrimes()
{
    auto first = std::make_shared<FakeHttpReply>();
    SseChannel channel(first, SseChannel::Mode::PostReply, "s", 7, true);
    channel.closeStream();
    QVERIFY(first->streaming);
    QVERIFY(first->ended);
    // The priming event gives the client an id to resume from.
    QCOMPARE(first->chunks, QList<QByteArray>{kPriming7});
    QCOMPARE(first->header("Mcp-Session-Id"), QByteArray("s"));

    channel.finish(response(1));
    auto second = std::make_shared<FakeHttpReply>();
    channel.resume(second, 0);
    QCOMPARE(second->chunks, QList<QByteArray>{sseEvent("7-1", response(1))});
    QVERIFY(second->ended);
}

void TestSseChannel::resumeReplaysAfterLastEventAndEndsWhenComplete()
{
    auto first = std::make_shared<FakeHttpReply>();
    SseChannel channel(first, SseChannel::Mode::PostReply, {}, 7, true);
    channel.send(note(1));
    channel.closeStream();
    channel.send(note(2));
    channel.send(note(3));
    channel.finish(response(4));

    auto second = std::make_shared<FakeHttpReply>();
    channel.resume(second, 1);
    QVERIFY(second->streaming);
    QCOMPARE(second->streamStatus, 200);
    QCOMPARE(second->header("Content-Type"), QByteArray("text/event-stream"));
    // No priming event on a resumed stream: the client has an id already.
    QCOMPARE(second->chunks, (QList<QByteArray>{sseEvent("7-2", note(2)), sseEvent("7-3", note(3)),
                                                sseEvent("7-4", response(4))}));
    QVERIFY(second->ended);

    // From the priming event's id: everything.
    auto third = std::make_shared<FakeHttpReply>();
    channel.resume(third, 0);
    QCOMPARE(third->chunks.size(), 4);
    QCOMPARE(third->chunks.first(), sseEvent("7-1", note(1)));
    QVERIFY(third->ended);

    // From the last id: nothing left but the end.
    auto fourth = std::make_shared<FakeHttpReply>();
    channel.resume(fourth, 4);
    QVERIFY(fourth->streaming);
    QVERIFY(fourth->chunks.isEmpty());
    QVERIFY(fourth->ended);
}

void TestSseChannel::resumeOfRunningStreamContinues()
{
    auto first = std::make_shared<FakeHttpReply>();
    SseChannel channel(first, SseChannel::Mode::PostReply, {}, 2, false);
    channel.send(note(1));
    channel.closeStream();
    channel.send(note(2));

    auto second = std::make_shared<FakeHttpReply>();
    channel.resume(second, 1);
    QCOMPARE(second->chunks, QList<QByteArray>{sseEvent("2-2", note(2))});
    QVERIFY(!second->ended);
    QVERIFY(channel.isOpen());

    channel.send(note(3));
    channel.finish(response(1));
    QCOMPARE(second->chunks, (QList<QByteArray>{sseEvent("2-2", note(2)), sseEvent("2-3", note(3)),
                                                sseEvent("2-4", response(1))}));
    QVERIFY(second->ended);
    QCOMPARE(first->chunks.size(), 1);
}

void TestSseChannel::resumeEndsPreviousListener()
{
    // A client reconnecting while the server still believes the old stream is up: one
    // listener per stream, so the old one is ended.
    auto first = std::make_shared<FakeHttpReply>();
    SseChannel channel(first, SseChannel::Mode::Standalone, {}, 4, false);
    channel.send(note(1));
    channel.send(note(2));

    auto second = std::make_shared<FakeHttpReply>();
    channel.resume(second, 1);
    QVERIFY(first->ended);
    QCOMPARE(second->chunks, QList<QByteArray>{sseEvent("4-2", note(2))});
    QVERIFY(!second->ended);
    channel.send(note(3));
    QCOMPARE(second->chunks.size(), 2);
    QCOMPARE(first->chunks.size(), 2);
    QVERIFY(channel.isOpen());
}

void TestSseChannel::replayBufferIsBounded()
{
    auto first = std::make_shared<FakeHttpReply>();
    SseChannel channel(first, SseChannel::Mode::PostReply, {}, 1, false);
    channel.send(note(0));
    channel.closeStream();
    const int total = int(SseChannel::kReplayEvents) + 44;
    for (int i = 1; i < total; ++i)
        channel.send(note(i));

    auto second = std::make_shared<FakeHttpReply>();
    channel.resume(second, 0);
    QCOMPARE(second->chunks.size(), qsizetype(SseChannel::kReplayEvents));
    QCOMPARE(parseSse(second->chunks.first()).at(0).id,
             "1-" + QByteArray::number(total - qint64(SseChannel::kReplayEvents) + 1));
    QCOMPARE(parseSse(second->chunks.last()).at(0).id, "1-" + QByteArray::number(total));
}

void TestSseChannel::abandonBeforeStreamIs202()
{
    auto reply = std::make_shared<FakeHttpReply>();
    SseChannel channel(reply, SseChannel::Mode::PostReply, "s", 1, true);
    channel.abandon();
    QCOMPARE(reply->status(), 202);
    QVERIFY(reply->sent->body.isEmpty());
    QVERIFY(!reply->streaming);
    QVERIFY(channel.isComplete());
    QVERIFY(!channel.isOpen());
    channel.finish(response(1));
    QCOMPARE(reply->sendCalls, 1);
}

void TestSseChannel::abandonOfStreamEndsIt()
{
    auto reply = std::make_shared<FakeHttpReply>();
    SseChannel channel(reply, SseChannel::Mode::PostReply, {}, 1, false);
    channel.send(note(1));
    channel.abandon();
    QVERIFY(reply->ended);
    QCOMPARE(reply->chunks.size(), 1); // no response event
    QCOMPARE(reply->sendCalls, 0);
    QVERIFY(channel.isComplete());

    // Abandoned while detached: nothing to end now; a resume replays and ends.
    auto first = std::make_shared<FakeHttpReply>();
    SseChannel detached(first, SseChannel::Mode::PostReply, {}, 2, false);
    detached.send(note(1));
    detached.closeStream();
    detached.abandon();
    QCOMPARE(first->endCalls, 1);
    auto second = std::make_shared<FakeHttpReply>();
    detached.resume(second, 0);
    QCOMPARE(second->chunks, QList<QByteArray>{sseEvent("2-1", note(1))});
    QVERIFY(second->ended);
}

void TestSseChannel::standaloneIsOpenWhileClientListens()
{
    auto reply = std::make_shared<FakeHttpReply>();
    SseChannel channel(reply, SseChannel::Mode::Standalone, {}, 1, false);
    QVERIFY(channel.isOpen());
    reply->disconnect();
    QVERIFY(!channel.isOpen());

    auto closed = std::make_shared<FakeHttpReply>();
    SseChannel closing(closed, SseChannel::Mode::Standalone, {}, 2, false);
    closing.closeStream();
    QVERIFY(closed->ended);
    QVERIFY(!closing.isOpen()); // a GET stream is only useful while a client listens
    closing.send(note(1));      // kept for a resume, not written
    QVERIFY(closed->chunks.isEmpty());
    auto again = std::make_shared<FakeHttpReply>();
    closing.resume(again, 0);
    QVERIFY(closing.isOpen());
    QCOMPARE(again->chunks, QList<QByteArray>{sseEvent("2-1", note(1))});
}

void TestSseChannel::formatEvent()
{
    QCOMPARE(SseChannel::formatEvent("3-14", {{QStringLiteral("a"), 1}}),
             QByteArray("id: 3-14\nevent: message\ndata: {\"a\":1}\n\n"));
    // A message with newlines in strings stays on one data line (JSON escapes them).
    const QByteArray multi =
        SseChannel::formatEvent("1-1", {{QStringLiteral("text"), QStringLiteral("a\nb\r\n\nc")}});
    QCOMPARE(multi.count('\n'), 4);
    QVERIFY(multi.endsWith("\n\n"));
    QCOMPARE(QJsonDocument::fromJson(parseSse(multi).at(0).data)
                 .object()
                 .value(QLatin1String("text"))
                 .toString(),
             QStringLiteral("a\nb\r\n\nc"));
}

void TestSseChannel::parseEventId_data()
{
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<int>("stream");
    QTest::addColumn<qint64>("number");

    QTest::newRow("3-14") << QByteArray("3-14") << 3 << qint64(14);
    QTest::newRow("0-0") << QByteArray("0-0") << 0 << qint64(0);
    QTest::newRow("priming 12-0") << QByteArray("12-0") << 12 << qint64(0);
    QTest::newRow("large number") << QByteArray("1-9000000000") << 1 << qint64(9000000000LL);
    QTest::newRow("empty") << QByteArray() << -1 << qint64(-1);
    QTest::newRow("no dash") << QByteArray("314") << -1 << qint64(-1);
    QTest::newRow("leading dash") << QByteArray("-5") << -1 << qint64(-1);
    QTest::newRow("trailing dash") << QByteArray("3-") << -1 << qint64(-1);
    QTest::newRow("letters") << QByteArray("a-1") << -1 << qint64(-1);
    QTest::newRow("letters in number") << QByteArray("1-x") << -1 << qint64(-1);
    QTest::newRow("negative number") << QByteArray("3--1") << -1 << qint64(-1);
    QTest::newRow("two dashes") << QByteArray("1-2-3") << -1 << qint64(-1);
    QTest::newRow("stream overflows int") << QByteArray("99999999999-1") << -1 << qint64(-1);
    QTest::newRow("foreign id") << QByteArray("evt_abc") << -1 << qint64(-1);
}

void TestSseChannel::parseEventId()
{
    QFETCH(QByteArray, id);
    QFETCH(int, stream);
    QFETCH(qint64, number);
    const auto parsed = SseChannel::parseEventId(id);
    QCOMPARE(parsed.first, stream);
    QCOMPARE(parsed.second, number);
}

void TestSseChannel::statelessErrorsCarryTheirHttpStatus_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("status");
    QTest::newRow("unknown method") << -32601 << 404;
    QTest::newRow("missing capability") << -32021 << 400;
    QTest::newRow("unknown tool") << -32602 << 200;
}

void TestSseChannel::statelessErrorsCarryTheirHttpStatus()
{
    QFETCH(int, code);
    QFETCH(int, status);
    auto reply = std::make_shared<FakeHttpReply>();
    SseChannel channel(reply, SseChannel::Mode::Stateless, {}, 0, false);
    const QJsonObject error{
        {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
        {QStringLiteral("id"), 4},
        {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                              {QStringLiteral("message"), QStringLiteral("no")}}}};
    channel.finish(error);
    QCOMPARE(reply->status(), status);
    QCOMPARE(reply->sent->body, compact(error));
    QVERIFY(!reply->hasHeader("Mcp-Session-Id"));
    // A result is 200, as on the 2025 wire.
    auto ok = std::make_shared<FakeHttpReply>();
    SseChannel(ok, SseChannel::Mode::Stateless, {}, 0, false).finish(response(1));
    QCOMPARE(ok->status(), 200);
}

void TestSseChannel::statelessStreamHasNoEventIdsAndCannotBeClosedEarly()
{
    auto reply = std::make_shared<FakeHttpReply>();
    SseChannel channel(reply, SseChannel::Mode::Stateless, {}, 0, true);
    QVERIFY(channel.isOpen());
    channel.send(note(1));
    channel.closeStream(); // nothing could resume it: the stream stays
    QVERIFY(!reply->ended);
    channel.send(note(2));
    channel.finish(response(3));
    QVERIFY(reply->ended);
    const QByteArray expected = "event: message\ndata: " + compact(note(1)) +
                                "\n\nevent: message\ndata: " + compact(note(2)) +
                                "\n\nevent: message\ndata: " + compact(response(3)) + "\n\n";
    QCOMPARE(reply->streamed(), expected);
    // The client going away closes it.
    auto gone = std::make_shared<FakeHttpReply>();
    SseChannel watched(gone, SseChannel::Mode::Stateless, {}, 0, false);
    gone->disconnect();
    QVERIFY(!watched.isOpen());
}

QTEST_GUILESS_MAIN(TestSseChannel)
#include "TestSseChannel.moc"
