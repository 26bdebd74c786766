#include "server/admin/EventStream.h"

#include "tests/support/FakeHttpReply.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace pmcp;
using pmcp::testing::FakeHttpReply;
using pmcp::testing::parseSse;

namespace {

QList<QByteArray> typesOf(const FakeHttpReply &reply)
{
    QList<QByteArray> types;
    for (const auto &event : parseSse(reply.streamed()))
        types.append(event.event);
    return types;
}

} // namespace

class TestEventStream final : public QObject {
    Q_OBJECT
private slots:
    void aNewClientGetsOnlyNewEvents()
    {
        EventBus bus;
        bus.publish(QStringLiteral("old.one"));
        auto reply = std::make_shared<FakeHttpReply>();
        EventStream stream(&bus, reply, 0, 60000);
        QCOMPARE(reply->streamStatus, 200);
        QCOMPARE(reply->header("Content-Type"), QByteArray("text/event-stream"));
        QVERIFY(reply->streamed().startsWith(": connected\n\n"));
        QVERIFY(typesOf(*reply).isEmpty());

        const qint64 id = bus.publish(QLatin1String(EventType::CommandDenied),
                                      {{QStringLiteral("rule"), QStringLiteral("rm")}});
        const auto events = parseSse(reply->streamed());
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().id, QByteArray::number(id));
        QCOMPARE(events.first().event, QByteArray("command.denied"));
        const QJsonObject data = QJsonDocument::fromJson(events.first().data).object();
        QCOMPARE(data[QLatin1String("id")].toString(), QString::number(id));
        QCOMPARE(data[QLatin1String("data")][QLatin1String("rule")].toString(),
                 QStringLiteral("rm"));
    }

    void resumesAfterTheLastEventItHad()
    {
        EventBus bus;
        const qint64 first = bus.publish(QStringLiteral("a"));
        bus.publish(QStringLiteral("b"));
        bus.publish(QStringLiteral("c"));
        auto reply = std::make_shared<FakeHttpReply>();
        EventStream stream(&bus, reply, first, 60000);
        QCOMPARE(typesOf(*reply), (QList<QByteArray>{"b", "c"}));
    }

    void saysResyncWhenEventsWereDropped()
    {
        EventBus bus(3);
        const qint64 first = bus.publish(QStringLiteral("a"));
        for (const char *type : {"b", "c", "d", "e"})
            bus.publish(QString::fromLatin1(type));
        auto reply = std::make_shared<FakeHttpReply>();
        EventStream stream(&bus, reply, first, 60000);
        QCOMPARE(typesOf(*reply), (QList<QByteArray>{"resync", "c", "d", "e"}));
        // The resync carries no id: the client's Last-Event-ID stays what it was.
        QVERIFY(parseSse(reply->streamed()).first().id.isEmpty());
    }

    void keepsQuietStreamsAlive()
    {
        EventBus bus;
        auto reply = std::make_shared<FakeHttpReply>();
        EventStream stream(&bus, reply, 0, 20);
        QTRY_VERIFY_WITH_TIMEOUT(reply->streamed().contains(": keep-alive\n\n"), 2000);
    }

    void endsWhenTheClientGoes()
    {
        EventBus bus;
        auto reply = std::make_shared<FakeHttpReply>();
        EventStream stream(&bus, reply, 0, 20);
        QSignalSpy closed(&stream, &EventStream::closed);
        const qsizetype before = reply->chunks.size();
        reply->disconnect();
        QCOMPARE(closed.size(), 1);
        bus.publish(QStringLiteral("after.close"));
        QTest::qWait(60); // two keep-alive periods
        QCOMPARE(reply->chunks.size(), before);
        QCOMPARE(closed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEventStream)
#include "TestEventStream.moc"
