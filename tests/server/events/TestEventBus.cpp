#include "server/events/EventBus.h"

#include <QSignalSpy>
#include <QTest>

using namespace pmcp;

class TestEventBus final : public QObject {
    Q_OBJECT
private slots:
    void publishedEventsHaveIncreasingIdsAndTheirData();
    void idsOfARunAreAboveThoseOfAnEarlierRun();
    void sinceReturnsOnlyNewerEvents();
    void sinceSaysWhenOlderEventsWereDropped();
    void theJsonFormKeepsTheIdWhole();
};

void TestEventBus::publishedEventsHaveIncreasingIdsAndTheirData()
{
    EventBus bus;
    const QDateTime at = QDateTime::fromString(QStringLiteral("2026-12-04T10:00:00Z"), Qt::ISODate);
    bus.setClock([at] { return at; });
    QSignalSpy spy(&bus, &EventBus::published);
    const qint64 first = bus.publish(QLatin1String(EventType::ClientRequested),
                                     {{QStringLiteral("code"), QStringLiteral("K7-4Q")}});
    const qint64 second = bus.publish(QLatin1String(EventType::HealthChanged));
    QCOMPARE(second, first + 1);
    QCOMPARE(bus.lastId(), second);
    QCOMPARE(spy.size(), 2);
    const auto event = spy.first().first().value<AdminEvent>();
    QCOMPARE(event.id, first);
    QCOMPARE(event.type, QStringLiteral("client.requested"));
    QCOMPARE(event.time, at);
    QCOMPARE(event.data.value(QStringLiteral("code")).toString(), QStringLiteral("K7-4Q"));
}

void TestEventBus::idsOfARunAreAboveThoseOfAnEarlierRun()
{
    qint64 earlier = 0;
    {
        EventBus bus;
        for (int i = 0; i < 500; ++i)
            earlier = bus.publish(QStringLiteral("x"));
    }
    QTest::qWait(2);
    EventBus later;
    QVERIFY(later.publish(QStringLiteral("x")) > earlier);
    bool complete = true;
    QCOMPARE(later.since(earlier, &complete).size(), 1);
    QVERIFY(!complete); // what the earlier run published after `earlier` is gone
}

void TestEventBus::sinceReturnsOnlyNewerEvents()
{
    EventBus bus;
    const qint64 a = bus.publish(QStringLiteral("a"));
    bus.publish(QStringLiteral("b"));
    bus.publish(QStringLiteral("c"));
    bool complete = false;
    const QList<AdminEvent> after = bus.since(a, &complete);
    QCOMPARE(after.size(), 2);
    QCOMPARE(after.first().type, QStringLiteral("b"));
    QCOMPARE(after.last().type, QStringLiteral("c"));
    QVERIFY(complete);
    QCOMPARE(bus.since(bus.lastId()).size(), 0);
    QCOMPARE(bus.since(0, &complete).size(), 3);
    QVERIFY(complete);
}

void TestEventBus::sinceSaysWhenOlderEventsWereDropped()
{
    EventBus bus(3);
    const qint64 first = bus.publish(QStringLiteral("1"));
    for (int i = 2; i <= 5; ++i)
        bus.publish(QString::number(i));
    bool complete = true;
    const QList<AdminEvent> kept = bus.since(first, &complete);
    QCOMPARE(kept.size(), 3);
    QCOMPARE(kept.first().type, QStringLiteral("3"));
    QVERIFY(!complete); // event 2 was dropped
    QCOMPARE(bus.since(first + 1, &complete).size(), 3);
    QVERIFY(complete);
    bus.since(0, &complete);
    QVERIFY(!complete);
}

void TestEventBus::theJsonFormKeepsTheIdWhole()
{
    EventBus bus;
    const qint64 id = bus.publish(QStringLiteral("x"), {{QStringLiteral("n"), 1}});
    const QJsonObject json = bus.since(0).first().toJson();
    // A JSON number would lose digits in clients that read numbers as doubles.
    QCOMPARE(json.value(QStringLiteral("id")).toString(), QString::number(id));
    QCOMPARE(json.value(QStringLiteral("type")).toString(), QStringLiteral("x"));
    QVERIFY(json.value(QStringLiteral("time")).toString().endsWith(u'Z'));
    QCOMPARE(json.value(QStringLiteral("data")).toObject().value(QStringLiteral("n")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestEventBus)
#include "TestEventBus.moc"
