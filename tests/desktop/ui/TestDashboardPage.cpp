#include "desktop/ui/DashboardPage.h"

#include "DesktopFixture.h"
#include "desktop/ui/SeriesChart.h"
#include "server/events/EventBus.h"
#include "shared/admin/AdminClient.h"

#include <QLabel>
#include <QListWidget>
#include <QTest>
#include <QTreeWidget>

using namespace pmcp;
using namespace pmcp::test;

// The dashboard against the in-process daemon with the Proxmox simulator: health with each
// check's sentence, version and uptime, the hour's charts, the targets, live events, and
// offline when the daemon goes away.
class TestDashboardPage final : public QObject, public DesktopFixture {
    Q_OBJECT

private slots:
    void init()
    {
        if (!underSecretService())
            QSKIP("runs under tests/desktop/with-secret-service.sh (ctest does that)");
        setUpDesktop();
    }
    void cleanup() { tearDownDesktop(); }

    void showsTheStatusOfTheDaemon()
    {
        QVERIFY(start(proxmoxConfig()));
        // Some traffic for the charts: MCP requests in this minute.
        QVERIFY(!openSession(m_token).isEmpty());
        DashboardPage page(m_connections.get());
        QSignalSpy shown(&page, &DashboardPage::statusShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));

        const Answer status = get(QStringLiteral("/api/admin/status"), bearer(m_adminToken));
        const QJsonObject json = status.json();
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("versionLabel"))
                    ->text()
                    .contains(QStringLiteral(PMCP_VERSION)));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("uptimeLabel"))
                    ->text()
                    .startsWith(QLatin1String("Up ")));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("healthLabel"))
                    ->text()
                    .startsWith(QLatin1String("Health: ")));

        // Each check with its sentence, as the daemon reports it.
        auto *checks = page.findChild<QTreeWidget *>(QStringLiteral("healthChecks"));
        const QJsonArray expected =
            json[QLatin1String("health")][QLatin1String("checks")].toArray();
        QCOMPARE(checks->topLevelItemCount(), expected.size());
        for (int i = 0; i < checks->topLevelItemCount(); ++i) {
            QCOMPARE(checks->topLevelItem(i)->text(0),
                     expected[i][QLatin1String("name")].toString());
            QCOMPARE(checks->topLevelItem(i)->text(2),
                     expected[i][QLatin1String("detail")].toString());
        }
        // The simulator is a target.
        auto *targets = page.findChild<QTreeWidget *>(QStringLiteral("proxmoxTargets"));
        QVERIFY(targets->topLevelItemCount() >= 1);
        QVERIFY(!targets->topLevelItem(0)->text(2).isEmpty());

        auto *requests = page.findChild<SeriesChart *>(QStringLiteral("requestsChart"));
        QCOMPARE(requests->values().size(), 60);
        QVERIFY2(requests->values().last() >= 1, qPrintable(requests->accessibleDescription()));
        QCOMPARE(page.findChild<SeriesChart *>(QStringLiteral("latencyChart"))->values().size(),
                 60);
        QCOMPARE(page.findChild<SeriesChart *>(QStringLiteral("errorsChart"))->values().size(), 60);
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("securityLabel"))
                    ->text()
                    .contains(QLatin1String("Denied commands")));
    }

    void showsEventsAsTheyComeAndGoesOffline()
    {
        QVERIFY(start(baseConfig()));
        DashboardPage page(m_connections.get());
        QSignalSpy shown(&page, &DashboardPage::statusShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        auto *stream = page.findChild<QLabel *>(QStringLiteral("streamLabel"));
        QTRY_COMPARE_WITH_TIMEOUT(stream->text(), QStringLiteral("Live"), 10000);

        auto *events = page.findChild<QListWidget *>(QStringLiteral("recentEvents"));
        m_daemon->events().publish(QStringLiteral("client.requested"),
                                   {{QStringLiteral("clientName"), QStringLiteral("Claude")}});
        // The alert engine follows it with an alert.raised of its own: look for the event itself.
        const auto shownRequest = [events] {
            for (int i = 0; i < events->count(); ++i) {
                const QString text = events->item(i)->text();
                if (text.contains(QLatin1String("client.requested")) &&
                    text.contains(QLatin1String("clientName=Claude")))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(shownRequest(), 10000);

        // A burst of health changes asks for the status again, once (the periodic refresh
        // comes only after DashboardPage::kRefreshIntervalMs).
        const int before = shown.count();
        for (int i = 0; i < 5; ++i)
            m_daemon->events().publish(QStringLiteral("health.changed"));
        QVERIFY(shown.wait(DashboardPage::kEventRefreshDelayMs + 3000));
        QCOMPARE(shown.count(), before + 1);

        m_daemon.reset();
        QTRY_VERIFY_WITH_TIMEOUT(stream->text().startsWith(QLatin1String("Offline: ")), 10000);
    }
};

QTEST_MAIN(TestDashboardPage)
#include "TestDashboardPage.moc"
