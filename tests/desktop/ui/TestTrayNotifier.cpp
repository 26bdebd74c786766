#include "desktop/ui/TrayNotifier.h"

#include "DesktopFixture.h"
#include "desktop/app/DesktopNotifications.h"
#include "server/events/EventBus.h"
#include "server/oauth/OAuthSecrets.h"
#include "server/oauth/OAuthStore.h"
#include "tests/support/NotificationServer.h"

#include <QDir>
#include <QImage>
#include <QSet>
#include <QLabel>
#include <QMenu>
#include <QTest>

#include <algorithm>

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
        QVERIFY(m_server.shown[0].actions.contains(QStringLiteral("approve")));

        // Its "Approve…" action asks for scope and expiry (the dialog's seam) for that request.
        QStringList asked;
        tray.setApprovalDialog([&asked](const admin::PendingRequest &request) {
            asked << request.id << request.clientName;
            return std::optional<TrayNotifier::Approval>({QStringLiteral("full"), 7});
        });
        m_server.click(sent.first().at(1).toUInt(), QStringLiteral("approve"));
        QTRY_VERIFY_WITH_TIMEOUT(m_server.shown.size() >= 2, 15000);
        QCOMPARE(asked, (QStringList{id, QStringLiteral("Claude")}));
        QCOMPARE(m_server.shown[1].summary, QStringLiteral("Approved %1 (full)").arg(id));
        QVERIFY(hasGrant(QStringLiteral("Claude"), QStringLiteral("full")));

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

    void theMenuListsRequestsToApproveOrReject()
    {
        QVERIFY(start(baseConfig()));
        DesktopNotifications notifications;
        TrayNotifier tray(m_connections.get(), &notifications);
        tray.start();
        QVERIFY(connectDesktop());
        QTRY_VERIFY_WITH_TIMEOUT(m_connections->events()->isOnline(), 10000);
        const QString first = pendingRequest(QStringLiteral("Claude"));
        const QString second = pendingRequest(QStringLiteral("Inspector"));
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(tray.pending().size(), 2, 15000);

        // dashboard, clients, separator, one submenu a request, separator, quit
        const QList<QAction *> actions = tray.menu()->actions();
        QCOMPARE(actions.size(), 7);
        const auto submenu = [&tray](const QString &id) -> QMenu * {
            for (QAction *action : tray.menu()->actions())
                if (action->menu() != nullptr && action->text().contains(id))
                    return action->menu();
            return nullptr;
        };
        QMenu *toApprove = submenu(first);
        QMenu *toReject = submenu(second);
        QVERIFY(toApprove != nullptr && toReject != nullptr);
        QVERIFY(toApprove->title().contains(QLatin1String("Claude")));
        QVERIFY(!toApprove->accessibleName().isEmpty());
        QCOMPARE(toApprove->actions().size(), 2);
        QCOMPARE(toApprove->actions()[0]->text(), QStringLiteral("&Approve…"));
        QCOMPARE(toReject->actions()[1]->text(), QStringLiteral("&Reject"));

        // A screenshot of the menu with its requests, as a test artefact, not blank.
        tray.menu()->adjustSize();
        const QImage image = tray.menu()->grab().toImage();
        const QString folder = QString::fromLocal8Bit(qgetenv("PMCP_BINARY_DIR")) +
                               QStringLiteral("/test-artifacts/screenshots");
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(image.save(folder + QStringLiteral("/tray-menu.png")));
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() >= 8, qPrintable(QStringLiteral("%1 colours").arg(colours.size())));

        // Cancelled: nothing approved.
        int askedTimes = 0;
        tray.setApprovalDialog([&askedTimes](const admin::PendingRequest &) {
            ++askedTimes;
            return std::optional<TrayNotifier::Approval>();
        });
        toApprove->actions()[0]->trigger();
        QCOMPARE(askedTimes, 1);
        QTest::qWait(300);
        QVERIFY(!hasGrant(QStringLiteral("Claude"), QStringLiteral("read-only")));

        QString askedScope;
        tray.setApprovalDialog([&askedScope](const admin::PendingRequest &request) {
            askedScope = request.requestedScope;
            return std::optional<TrayNotifier::Approval>({QStringLiteral("read-only"), 10});
        });
        QSignalSpy sent(&notifications, &DesktopNotifications::sent);
        toApprove->actions()[0]->trigger();
        QCOMPARE(askedScope, QStringLiteral("read-only")); // what the client asked for
        QTRY_VERIFY_WITH_TIMEOUT(hasGrant(QStringLiteral("Claude"), QStringLiteral("read-only")),
                                 15000);
        // The approved request leaves the menu (rebuilt: look the other one up again).
        QTRY_COMPARE_WITH_TIMEOUT(tray.pending().size(), 1, 15000);
        QVERIFY(submenu(first) == nullptr);
        toReject = submenu(second);
        QVERIFY(toReject != nullptr);
        toReject->actions()[1]->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(tray.pending().isEmpty(), 15000);
        QCOMPARE(tray.menu()->actions().size(), 4); // the requests are gone from the menu
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(m_server.shown.cbegin(), m_server.shown.cend(),
                        [&second](const testing::NotificationServer::Shown &shown) {
                            return shown.summary == QStringLiteral("Rejected %1").arg(second);
                        }),
            15000);
        const Answer pending =
            get(QStringLiteral("/api/admin/clients/pending"), bearer(m_adminToken));
        QVERIFY2(!pending.body.contains(second.toUtf8()), pending.body.constData());
        QVERIFY(!hasGrant(QStringLiteral("Inspector"), QStringLiteral("read-only")));
    }

private:
    static QColor iconColour(const TrayNotifier &tray)
    {
        return tray.icon().pixmap(64, 64).toImage().pixelColor(32, 32);
    }

    // Whether the daemon lists an active OAuth client of this name with this scope.
    bool hasGrant(const QString &clientName, const QString &scope)
    {
        const Answer clients = get(QStringLiteral("/api/admin/clients"), bearer(m_adminToken));
        for (const QJsonValue &entry : clients.json()[QLatin1String("clients")].toArray())
            if (entry[QLatin1String("kind")].toString() == QLatin1String("oauth") &&
                entry[QLatin1String("scope")].toString() == scope &&
                entry[QLatin1String("state")].toString() == QLatin1String("active") &&
                entry[QLatin1String("clientName")]
                    .toString(entry[QLatin1String("name")].toString())
                    .contains(clientName, Qt::CaseInsensitive))
                return true;
        return false;
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
