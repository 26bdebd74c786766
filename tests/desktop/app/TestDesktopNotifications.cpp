#include "desktop/app/DesktopNotifications.h"

#include "tests/support/NotificationServer.h"

#include <QSignalSpy>
#include <QTest>

using namespace pmcp;

// Notifications over the real session bus (the private one of with-secret-service.sh) to a
// notification server registered by the test: sent with their actions, an action comes back
// with the subject it was sent for, and without a server the failure is a sentence.
class TestDesktopNotifications final : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        if (!qEnvironmentVariableIsSet("PMCP_SECRET_SERVICE"))
            QSKIP("runs under tests/desktop/with-secret-service.sh (a private session bus)");
    }

    void sendsAndReportsActions()
    {
        testing::NotificationServer server;
        QVERIFY(server.registerOnBus());
        DesktopNotifications notifications;
        QVERIFY(notifications.isAvailable());
        QSignalSpy sent(&notifications, &DesktopNotifications::sent);
        QSignalSpy actions(&notifications, &DesktopNotifications::actionInvoked);
        notifications.notify(QStringLiteral("client.requested:AB12"), QStringLiteral("Claude asks"),
                             QStringLiteral("body"),
                             {QStringLiteral("approve"), QStringLiteral("Approve")});
        QVERIFY(sent.wait(10000));
        QCOMPARE(sent.first().first().toString(), QStringLiteral("client.requested:AB12"));
        QCOMPARE(server.shown.size(), 1);
        QCOMPARE(server.shown[0].summary, QStringLiteral("Claude asks"));
        // The default action (a click) comes first, then the ones given.
        QCOMPARE(server.shown[0].actions,
                 (QStringList{QStringLiteral("default"), QStringLiteral("Open"),
                              QStringLiteral("approve"), QStringLiteral("Approve")}));

        server.click(sent.first().at(1).toUInt(), QStringLiteral("approve"));
        QVERIFY(actions.wait(10000));
        QCOMPARE(actions.first().at(0).toString(), QStringLiteral("client.requested:AB12"));
        QCOMPARE(actions.first().at(1).toString(), QStringLiteral("approve"));

        // An action for a notification this process did not send is not reported.
        server.click(9999, QStringLiteral("approve"));
        server.click(sent.first().at(1).toUInt(), QStringLiteral("default"));
        QVERIFY(actions.wait(10000));
        QCOMPARE(actions.size(), 2);
        QCOMPARE(actions.last().at(1).toString(), QStringLiteral("default"));
    }

    void failsWithASentenceWithoutAServer()
    {
        DesktopNotifications notifications;
        QVERIFY(!notifications.isAvailable());
        QSignalSpy failed(&notifications, &DesktopNotifications::failed);
        notifications.notify(QStringLiteral("x"), QStringLiteral("s"), QStringLiteral("b"));
        QVERIFY(failed.wait(30000));
        QVERIFY(failed.first().at(1).toString().startsWith(
            QLatin1String("The desktop did not show the notification")));
    }
};

QTEST_GUILESS_MAIN(TestDesktopNotifications)
#include "TestDesktopNotifications.moc"
