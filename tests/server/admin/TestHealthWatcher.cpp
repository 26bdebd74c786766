#include "server/admin/HealthWatcher.h"

#include "server/events/EventBus.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace pmcp;

class TestHealthWatcher final : public QObject {
    Q_OBJECT
private slots:
    void publishesOnlyWhenAStatusChanges()
    {
        HealthReport health;
        QString proxmox = QStringLiteral("ok");
        QString detail = QStringLiteral("1 target");
        health.addProbe([] {
            return HealthCheck{QStringLiteral("audit"), QStringLiteral("ok"), QString()};
        });
        health.addProbe([&] { return HealthCheck{QStringLiteral("proxmox"), proxmox, detail}; });
        EventBus events;
        HealthWatcher watcher(&health, &events, 60000);

        QVERIFY(!watcher.check()); // the baseline
        QVERIFY(events.since(0).isEmpty());
        detail = QStringLiteral("2 targets"); // a sentence changed, not a status
        QVERIFY(!watcher.check());

        proxmox = QStringLiteral("fail");
        QVERIFY(watcher.check());
        const QList<AdminEvent> published = events.since(0);
        QCOMPARE(published.size(), 1);
        QCOMPARE(published.first().type, QLatin1String(EventType::HealthChanged));
        const QJsonObject data = published.first().data;
        QCOMPARE(data[QLatin1String("status")].toString(), QStringLiteral("unhealthy"));
        QCOMPARE(data[QLatin1String("previous")].toString(), QStringLiteral("healthy"));
        QCOMPARE(data[QLatin1String("changed")].toArray(), QJsonArray{QStringLiteral("proxmox")});
        const QJsonArray checks = data[QLatin1String("checks")].toArray();
        QCOMPARE(checks.size(), 2);
        QCOMPARE(checks.at(1)[QLatin1String("detail")].toString(), QStringLiteral("2 targets"));

        QVERIFY(!watcher.check()); // still failing: nothing new
        proxmox = QStringLiteral("ok");
        QVERIFY(watcher.check());
        QCOMPARE(events.since(0).size(), 2);
    }

    void looksOnItsTimer()
    {
        HealthReport health;
        QString status = QStringLiteral("ok");
        health.addProbe([&] { return HealthCheck{QStringLiteral("x"), status, QString()}; });
        EventBus events;
        HealthWatcher watcher(&health, &events, 20);
        QVERIFY(!watcher.check());
        watcher.start();
        QSignalSpy published(&events, &EventBus::published);
        status = QStringLiteral("warn");
        QVERIFY(published.wait(2000));
        QCOMPARE(events.since(0).first().data[QLatin1String("status")].toString(),
                 QStringLiteral("degraded"));
    }
};

QTEST_GUILESS_MAIN(TestHealthWatcher)
#include "TestHealthWatcher.moc"
