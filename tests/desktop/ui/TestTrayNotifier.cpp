#include "desktop/ui/TrayNotifier.h"

#include "DesktopFixture.h"
#include "desktop/app/DesktopNotifications.h"
#include "server/events/EventBus.h"
#include "server/oauth/OAuthSecrets.h"
#include "server/oauth/OAuthStore.h"
#include "tests/support/NotificationServer.h"

#include <QLabel>
#include <QMenu>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// The tray notifier against the in-process daemon: the icon's colour follows health, access
// requests become desktop notifications whose action approves them, the menu opens pages, and
// without a tray (offscreen has none) a small window says so.
class TestTrayNotifier final : public QObject, public DesktopFixture {
    Q_OBJECT

private slots:
    void init()
    {
        if (!underSecretService())
            QSKIP("runs under tests/desktop/with-secret-service.sh (a private session bus)");
        setUpDesktop();
        QVERIFY(m_server.registerOnBus());
    }
    void cleanup()
    {
        m_server.unregister();
        m_server.shown.clear();
        tearDownDesktop();
    }

    void fallsBackToAWindowAndFollowsHealth()
    {
        QVERIFY(start(baseConfig()));
        DesktopNotifications notifications;
        TrayNotifier tray(m_connections.get(), &notifications);
        tray.start();
        QVERIFY(!tray.usesTray()); // offscreen has no system tray
        QVERIFY(tray.fallbackWindow());
        QVERIFY(tray.fallbackWindow()->isVisible());
        QVERIFY(tray.fallbackWindow()->findChild<QLabel *>(QStringLiteral("noTrayNotice")));
        QCOMPARE(iconColour(tray), TrayNotifier::colourOf({})); // grey: not connected

        QSignalSpy health(&tray, &TrayNotifier::healthChanged);
        QVERIFY(connectDesktop());
        QTRY_VERIFY_WITH_TIMEOUT(!tray.health().isEmpty(), 15000);
        const Answer status = get(QStringLiteral("/api/admin/status"), bearer(m_adminToken));
        QCOMPARE(tray.health(),
                 status.json()[QLatin1String("health")][QLatin1String("status")].toString());
        QCOMPARE(iconColour(tray), TrayNotifier::colourOf(tray.health()));

        m_daemon->events().publish(QStringLiteral("health.changed"),
                                   {{QStringLiteral("status"), QStringLiteral("unhealthy")}});
        QTRY_COMPARE_WITH_TIMEOUT(tray.health(), QStringLiteral("unhealthy"), 10000);
        QCOMPARE(iconColour(tray), QColor(0xc6, 0x28, 0x28));
        QVERIFY(tray.fallbackWindow()
                    ->findChild<QLabel *>(QStringLiteral("trayHealth"))
                    ->text()
                    .contains(QLatin1String("unhealthy")));

        // The daemon goes away: grey again.
        m_daemon.reset();
        QTRY_COMPARE_WITH_TIMEOUT(tray.health(), QString(), 10000);
    }

    void anAccessRequestIsNotifiedAndApprovedFromTheNotification()
    {
        QVERIFY(start(baseConfig()));
        DesktopNotifications notifications;
        QVERIFY(notifications.isAvailable());
        TrayNotifier tray(m_connections.get(), &notifications);
        tray.start();
        QVERIFY(connectDesktop());
        QTRY_VERIFY_WITH_TIMEOUT(m_connections->events()->isOnline(), 10000);

        QSignalSpy sent(&notifications, &DesktopNotifications::sent);
        const QString id = pendingRequest(QStringLiteral("Claude"));
        QVERIFY(!id.isEmpty());
        // The daemon notices the store within a second and publishes client.requested.
        QVERIFY(sent.wait(15000));
        QCOMPARE(m_server.shown.size(), 1);
        QCOMPARE(m_server.shown[0].summary, QStringLiteral("Claude asks for access"));
        QVERIFY2(m_server.shown[0].body.contains(id), qPrintable(m_server.shown[0].body));
        QVERIFY(m_server.shown[0].actions.contains(QStringLiteral("approve-read-only")));

        m_server.click(sent.first().at(1).toUInt(), QStringLiteral("approve-read-only"));
        QTRY_VERIFY_WITH_TIMEOUT(m_server.shown.size() >= 2, 15000);
        QCOMPARE(m_server.shown[1].summary, QStringLiteral("Approved %1 (read-only)").arg(id));
        const Answer clients = get(QStringLiteral("/api/admin/clients"), bearer(m_adminToken));
        bool granted = false;
        for (const QJsonValue &entry : clients.json()[QLatin1String("clients")].toArray())
            granted =
                granted || (entry[QLatin1String("kind")].toString() == QLatin1String("oauth") &&
                            entry[QLatin1String("scope")].toString() == QLatin1String("read-only"));
        QVERIFY(granted);

        // A click on the notification itself opens the clients page.
        QSignalSpy open(&tray, &TrayNotifier::openRequested);
        m_server.click(sent.first().at(1).toUInt(), QStringLiteral("default"));
        QVERIFY(open.wait(10000));
        QCOMPARE(open.first().first().toString(), QStringLiteral("clients"));
    }

    void theMenuOpensPages()
    {
        DesktopNotifications notifications;
        TrayNotifier tray(m_connections.get(), &notifications);
        QSignalSpy open(&tray, &TrayNotifier::openRequested);
        QSignalSpy quit(&tray, &TrayNotifier::quitRequested);
        const QList<QAction *> actions = tray.menu()->actions();
        QCOMPARE(actions.size(), 4); // dashboard, clients, separator, quit
        actions[0]->trigger();
        actions[1]->trigger();
        actions[3]->trigger();
        QCOMPARE(open.size(), 2);
        QCOMPARE(open[0].first().toString(), QStringLiteral("dashboard"));
        QCOMPARE(open[1].first().toString(), QStringLiteral("clients"));
        QCOMPARE(quit.size(), 1);
    }

private:
    static QColor iconColour(const TrayNotifier &tray)
    {
        return tray.icon().pixmap(64, 64).toImage().pixelColor(32, 32);
    }

    QString pendingRequest(const QString &clientName)
    {
        OAuthStore store(m_stateDir);
        const auto client = store.registerClient(
            clientName, {QStringLiteral("http://127.0.0.1/callback")}, QStringLiteral("cli"));
        if (!client.ok())
            return {};
        const auto request = store.createRequest(
            {client.value().clientId, QStringLiteral("http://127.0.0.1/callback"),
             QStringLiteral("state"), OAuthSecrets::newSecret(QString()).left(43),
             m_daemon->baseUrl() + QStringLiteral("/api/mcp"), QStringLiteral("read-only")});
        return request.ok() ? request.value().first.id : QString();
    }

    testing::NotificationServer m_server;
};

QTEST_MAIN(TestTrayNotifier)
#include "TestTrayNotifier.moc"
