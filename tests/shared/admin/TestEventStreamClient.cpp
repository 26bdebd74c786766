#include "shared/admin/EventStreamClient.h"

#include "server/events/EventBus.h"
#include "shared/admin/AdminClient.h"
#include "tests/support/DaemonTestFixture.h"

#include <QTest>

#include <optional>

using namespace pmcp;
using namespace pmcp::admin;
using namespace pmcp::test;

namespace {

QStringList typesOf(const QSignalSpy &spy)
{
    QStringList types;
    // The daemon's own events (health.changed, say) may come too: only the test's count.
    for (const QList<QVariant> &arguments : spy) {
        const QString type = arguments.first().value<pmcp::admin::Event>().type;
        if (type.startsWith(QLatin1String("test.")))
            types.append(type);
    }
    return types;
}

} // namespace

// The event stream against the real in-process daemon: events as they are published, online
// and offline, reconnection after a lost connection and after a daemon restart, resumption
// with Last-Event-ID (and a resync when the daemon no longer has what was missed).
class TestEventStreamClient final : public QObject, public DaemonTestFixture {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<pmcp::admin::Event>(); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void receivesEventsAsTheyArePublished()
    {
        QVERIFY(start(baseConfig()));
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        EventStreamClient stream(&client);
        QSignalSpy online(&stream, &EventStreamClient::online);
        QSignalSpy events(&stream, &EventStreamClient::eventReceived);
        stream.start();
        QVERIFY(online.wait(10000));
        QVERIFY(stream.isOnline());

        const qint64 id = m_daemon->events().publish(
            QStringLiteral("client.requested"), {{QStringLiteral("code"), QStringLiteral("AB12")}});
        // The alert engine may publish alert.raised after it: find the event by its id.
        const auto published = [&events, id]() -> std::optional<pmcp::admin::Event> {
            for (const auto &arguments : events) {
                const auto event = arguments.first().value<pmcp::admin::Event>();
                if (event.id == QString::number(id))
                    return event;
            }
            return std::nullopt;
        };
        QTRY_VERIFY_WITH_TIMEOUT(published().has_value(), 10000);
        const pmcp::admin::Event event = *published();
        QCOMPARE(event.type, QStringLiteral("client.requested"));
        QCOMPARE(event.id, QString::number(id));
        QCOMPARE(event.data[QLatin1String("code")].toString(), QStringLiteral("AB12"));
        QVERIFY(event.time.isValid());
        QVERIFY(stream.lastEventId().toLongLong() >= id);
    }

    void refusesAWrongTokenAsOffline()
    {
        QVERIFY(start(baseConfig()));
        AdminClient client(QUrl(m_daemon->baseUrl()), "pmcp_admin_" + QByteArray(43, 'A'));
        EventStreamClient stream(&client);
        QSignalSpy online(&stream, &EventStreamClient::online);
        QSignalSpy offline(&stream, &EventStreamClient::offline);
        stream.start();
        QVERIFY(offline.wait(10000));
        QVERIFY2(offline.first().first().toString().contains(QLatin1String("admin token")),
                 qPrintable(offline.first().first().toString()));
        QVERIFY(online.isEmpty());
        QVERIFY(!stream.isOnline());
    }

    void resumesAfterALostConnection()
    {
        QVERIFY(start(baseConfig()));
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        EventStreamClient stream(&client);
        stream.setRetryDelays(200, 1000);
        QSignalSpy online(&stream, &EventStreamClient::online);
        QSignalSpy events(&stream, &EventStreamClient::eventReceived);
        QSignalSpy resync(&stream, &EventStreamClient::resyncNeeded);
        stream.start();
        QVERIFY(online.wait(10000));
        m_daemon->events().publish(QStringLiteral("test.before"));
        QTRY_COMPARE_WITH_TIMEOUT(typesOf(events).size(), 1, 10000);

        // Nothing comes for a while: the stream counts as stalled and reconnects. What is
        // published while it is away (here: in the offline handler, before the retry timer can
        // fire) arrives after the reconnection, because it sends Last-Event-ID.
        stream.setStallTimeout(300);
        bool publishedWhileAway = false;
        connect(&stream, &EventStreamClient::offline, this, [&] {
            if (publishedWhileAway)
                return;
            m_daemon->events().publish(QStringLiteral("test.missed"));
            publishedWhileAway = true;
            stream.setStallTimeout(EventStreamClient::kDefaultStallTimeoutMs);
        });
        QTRY_COMPARE_WITH_TIMEOUT(online.count(), 2, 10000);
        QVERIFY(publishedWhileAway);
        QTRY_COMPARE_WITH_TIMEOUT(typesOf(events).size(), 2, 10000);
        QCOMPARE(typesOf(events),
                 (QStringList{QStringLiteral("test.before"), QStringLiteral("test.missed")}));
        QVERIFY(resync.isEmpty()); // the daemon still had everything
    }

    void reconnectsAfterADaemonRestart()
    {
        QVERIFY(start(baseConfig()));
        const quint16 port = m_daemon->port();
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        EventStreamClient stream(&client);
        stream.setRetryDelays(100, 400);
        QSignalSpy online(&stream, &EventStreamClient::online);
        QSignalSpy offline(&stream, &EventStreamClient::offline);
        QSignalSpy events(&stream, &EventStreamClient::eventReceived);
        QSignalSpy resync(&stream, &EventStreamClient::resyncNeeded);
        stream.start();
        QVERIFY(online.wait(10000));
        const qint64 before = m_daemon->events().publish(QStringLiteral("test.before"));
        QTRY_COMPARE_WITH_TIMEOUT(typesOf(events).size(), 1, 10000);

        m_daemon.reset();
        QVERIFY(offline.wait(10000));
        QVERIFY(!stream.isOnline());
        QCOMPARE(stream.lastEventId(), QString::number(before));
        // Down for a few attempts: still one offline signal, and the delay grew.
        QTRY_COMPARE_WITH_TIMEOUT(stream.retryDelayMs(), 400, 10000);
        QCOMPARE(offline.count(), 1);

        // The daemon comes back on its port; an event published before the stream is back is
        // replayed to it (the new daemon does not have the old id: a resync comes first).
        Config config = baseConfig();
        config.set(ConfigKey::McpPort, QString::number(port));
        QVERIFY(start(config));
        const qint64 after = m_daemon->events().publish(QStringLiteral("test.after"));
        QVERIFY(after > before);
        QTRY_COMPARE_WITH_TIMEOUT(online.count(), 2, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(typesOf(events).size(), 2, 10000);
        QCOMPARE(typesOf(events).last(), QStringLiteral("test.after"));
        QCOMPARE(resync.count(), 1);
        QVERIFY(stream.lastEventId().toLongLong() >= after);
        QCOMPARE(stream.retryDelayMs(), 100); // reset once online
    }

    void stopEndsTheStream()
    {
        QVERIFY(start(baseConfig()));
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        EventStreamClient stream(&client);
        QSignalSpy online(&stream, &EventStreamClient::online);
        stream.start();
        QVERIFY(online.wait(10000));
        QTRY_COMPARE_WITH_TIMEOUT(adminStreamsOpen(), 1, 10000);
        stream.stop();
        QVERIFY(!stream.isOnline());
        // The daemon sees the stream close.
        QTRY_COMPARE_WITH_TIMEOUT(adminStreamsOpen(), 0, 10000);
    }

private:
    int adminStreamsOpen()
    {
        const Answer status = get(QStringLiteral("/api/admin/status"), bearer(m_adminToken));
        return status.json()[QLatin1String("now")][QLatin1String("adminStreamsOpen")].toInt();
    }
};

QTEST_GUILESS_MAIN(TestEventStreamClient)
#include "TestEventStreamClient.moc"
