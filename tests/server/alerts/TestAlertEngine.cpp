#include "server/alerts/AlertEngine.h"
#include "server/events/EventBus.h"

#include <QSignalSpy>
#include <QTest>

using namespace pmcp;

namespace {

struct Recorder {
    QList<Alert> alerts;
    explicit Recorder(AlertEngine &engine)
    {
        QObject::connect(&engine, &AlertEngine::alert, &engine,
                         [this](const Alert &alert) { alerts.append(alert); });
    }
    QStringList summary() const
    {
        QStringList list;
        for (const Alert &alert : alerts)
            list.append(Alert::kindName(alert.kind) + QLatin1Char(' ') + alert.key);
        return list;
    }
};

AlertEngine::Snapshot checks(const QList<AlertEngine::Check> &list)
{
    AlertEngine::Snapshot snapshot;
    snapshot.checks = list;
    return snapshot;
}

} // namespace

class TestAlertEngine : public QObject {
    Q_OBJECT

private slots:
    void aDegradedCheckIsAnnouncedOnceThenRecovers()
    {
        AlertEngine engine(20);
        Recorder seen(engine);
        const AlertEngine::Check bad{QStringLiteral("audit"), QStringLiteral("warn"),
                                     QStringLiteral("the audit chain breaks at line 3")};
        for (int i = 0; i < 5; ++i)
            engine.evaluate(checks({bad}));
        QCOMPARE(seen.summary(), QStringList{QStringLiteral("raised health.audit")});
        QCOMPARE(seen.alerts[0].severity, Alert::Severity::Warning);
        QCOMPARE(seen.alerts[0].message, bad.detail);
        QVERIFY(engine.isActive(QStringLiteral("health.audit")));

        engine.evaluate(checks({{QStringLiteral("audit"), QStringLiteral("ok"), {}}}));
        engine.evaluate(checks({{QStringLiteral("audit"), QStringLiteral("ok"), {}}}));
        QCOMPARE(seen.summary(), (QStringList{QStringLiteral("raised health.audit"),
                                              QStringLiteral("cleared health.audit")}));
        QVERIFY(seen.alerts[1].title.startsWith(QLatin1String("Recovered: ")));
        QVERIFY(!engine.isActive(QStringLiteral("health.audit")));

        // After the recovery the same condition is news again.
        engine.evaluate(checks({bad}));
        QCOMPARE(seen.alerts.size(), 3);
    }

    void aWorseSeverityRaisesAgainAMilderOneDoesNot()
    {
        AlertEngine engine(20);
        Recorder seen(engine);
        engine.evaluate(checks({{QStringLiteral("state_dir"), QStringLiteral("warn"), {}}}));
        engine.evaluate(checks({{QStringLiteral("state_dir"), QStringLiteral("fail"), {}}}));
        engine.evaluate(checks({{QStringLiteral("state_dir"), QStringLiteral("warn"), {}}}));
        QCOMPARE(seen.alerts.size(), 2);
        QCOMPARE(seen.alerts[1].severity, Alert::Severity::Critical);
        QVERIFY(seen.alerts[1].title.contains(QLatin1String("unhealthy")));
    }

    void targetsAndNodes()
    {
        AlertEngine engine(20);
        Recorder seen(engine);
        AlertEngine::Snapshot snapshot;
        snapshot.targets = {{QStringLiteral("lab"),
                             QStringLiteral("fail"),
                             QStringLiteral("connection refused"),
                             {}}};
        engine.evaluate(snapshot);
        snapshot.targets = {{QStringLiteral("lab"),
                             QStringLiteral("ok"),
                             QStringLiteral("9.2"),
                             {QStringLiteral("pve2")}}};
        engine.evaluate(snapshot);
        engine.evaluate(snapshot);
        snapshot.targets = {
            {QStringLiteral("lab"), QStringLiteral("ok"), QStringLiteral("9.2"), {}}};
        engine.evaluate(snapshot);
        QCOMPARE(seen.summary(), (QStringList{QStringLiteral("raised proxmox.unreachable:lab"),
                                              QStringLiteral("cleared proxmox.unreachable:lab"),
                                              QStringLiteral("raised proxmox.node:lab/pve2"),
                                              QStringLiteral("cleared proxmox.node:lab/pve2")}));
    }

    void theProxmoxCheckIsLeftToTheTargets()
    {
        AlertEngine engine(20);
        Recorder seen(engine);
        engine.evaluate(checks({{QStringLiteral("proxmox"), QStringLiteral("fail"), {}},
                                {QStringLiteral("backup"), QStringLiteral("warn"),
                                 QStringLiteral("the newest backup is older than 02:00")}}));
        QCOMPARE(seen.summary(), QStringList{QStringLiteral("raised backup.overdue")});
    }

    void aBurstOfRefusedTokens()
    {
        QDateTime now = QDateTime::fromString(QStringLiteral("2026-12-07T10:00:00Z"), Qt::ISODate);
        AlertEngine engine(5);
        engine.setClock([&now] { return now; });
        Recorder seen(engine);
        const auto at = [&](qint64 total) {
            AlertEngine::Snapshot snapshot;
            snapshot.authFailuresTotal = total;
            engine.evaluate(snapshot);
            now = now.addSecs(60);
        };
        at(100); // failures before the engine looked do not count
        at(102);
        at(104);
        QVERIFY(seen.alerts.isEmpty()); // 4 within the window: below 5
        at(105);
        QCOMPARE(seen.summary(), QStringList{QStringLiteral("raised auth.failures")});
        QVERIFY(seen.alerts[0].message.startsWith(QLatin1String("5 bearer tokens")));
        for (int i = 0; i < 6; ++i)
            at(105); // quiet for more than the window
        QCOMPARE(seen.summary(), (QStringList{QStringLiteral("raised auth.failures"),
                                              QStringLiteral("cleared auth.failures")}));
    }

    void slowFailuresAreNoBurst()
    {
        QDateTime now = QDateTime::currentDateTimeUtc();
        AlertEngine engine(5);
        engine.setClock([&now] { return now; });
        Recorder seen(engine);
        for (qint64 total = 0; total < 30; total += 1) {
            AlertEngine::Snapshot snapshot;
            snapshot.authFailuresTotal = total;
            engine.evaluate(snapshot);
            now = now.addSecs(120); // one every two minutes: at most 3 in five minutes
        }
        QVERIFY(seen.alerts.isEmpty());
    }

    void credentialsOlderThanTheirRotationPeriod()
    {
        AlertEngine engine(20);
        Recorder seen(engine);
        AlertEngine::Snapshot snapshot;
        snapshot.credentials = {{QStringLiteral("SSH key"), 90, 90}};
        engine.evaluate(snapshot);
        QVERIFY(seen.alerts.isEmpty());
        snapshot.credentials = {{QStringLiteral("SSH key"), 91, 90}};
        engine.evaluate(snapshot);
        snapshot.credentials = {{QStringLiteral("SSH key"), 0, 90}};
        engine.evaluate(snapshot);
        QCOMPARE(seen.summary(), (QStringList{QStringLiteral("raised credential.age:SSH key"),
                                              QStringLiteral("cleared credential.age:SSH key")}));
    }

    void eventsGiveNoticesAndBackupConditions()
    {
        QDateTime now = QDateTime::currentDateTimeUtc();
        AlertEngine engine(20);
        engine.setClock([&now] { return now; });
        Recorder seen(engine);
        EventBus bus;
        QObject::connect(&bus, &EventBus::published, &engine, &AlertEngine::observe);
        const QJsonObject denied{{QStringLiteral("client"), QStringLiteral("alice")},
                                 {QStringLiteral("tool"), QStringLiteral("execute_command")},
                                 {QStringLiteral("rule"), QStringLiteral("core:wipe")},
                                 {QStringLiteral("command"), QStringLiteral("wipefs -a /dev/sda")},
                                 {QStringLiteral("reason"), QStringLiteral("refused")}};
        bus.publish(QLatin1String(EventType::CommandDenied), denied);
        bus.publish(QLatin1String(EventType::CommandDenied), denied); // within the quiet time
        bus.publish(QLatin1String(EventType::ClientRequested),
                    {{QStringLiteral("id"), QStringLiteral("r1")},
                     {QStringLiteral("clientName"), QStringLiteral("Claude")},
                     {QStringLiteral("code"), QStringLiteral("ABCD-1234")}});
        bus.publish(QLatin1String(EventType::BackupFinished),
                    {{QStringLiteral("operation"), QStringLiteral("create")},
                     {QStringLiteral("ok"), false},
                     {QStringLiteral("error"), QStringLiteral("disk full")}});
        bus.publish(QLatin1String(EventType::BackupFinished),
                    {{QStringLiteral("operation"), QStringLiteral("create")},
                     {QStringLiteral("ok"), true},
                     {QStringLiteral("name"), QStringLiteral("b1.tar.gz")}});
        QCOMPARE(seen.summary(), (QStringList{QStringLiteral("notice command.denied:core:wipe"),
                                              QStringLiteral("notice client.requested:r1"),
                                              QStringLiteral("raised backup.failed"),
                                              QStringLiteral("cleared backup.failed")}));
        QVERIFY(seen.alerts[0].message.contains(QLatin1String("wipefs -a /dev/sda")));
        QVERIFY(seen.alerts[1].message.contains(QLatin1String("clients approve r1")));
        QCOMPARE(seen.alerts[2].message, QStringLiteral("disk full"));

        // After the quiet time the next one goes out, saying how many were held back.
        now = now.addSecs(AlertEngine::kNoticeQuietSeconds);
        bus.publish(QLatin1String(EventType::CommandDenied), denied);
        QCOMPARE(seen.alerts.size(), 5);
        QVERIFY(seen.alerts[4].message.contains(QLatin1String("1 more of these")));
    }

    void healthChangedEvaluatesOnTheNextTurn()
    {
        AlertEngine engine(20);
        Recorder seen(engine);
        int evaluations = 0;
        engine.setSource([&evaluations] {
            ++evaluations;
            return checks({{QStringLiteral("audit"), QStringLiteral("fail"), {}}});
        });
        EventBus bus;
        QObject::connect(&bus, &EventBus::published, &engine, &AlertEngine::observe);
        bus.publish(QLatin1String(EventType::HealthChanged));
        bus.publish(QLatin1String(EventType::HealthChanged));
        QCOMPARE(evaluations, 0);
        QTRY_COMPARE(seen.alerts.size(), 1);
        QCOMPARE(evaluations, 1); // two events in one turn: one evaluation
    }

    void restoredConditionsAreNotAnnouncedAgain()
    {
        AlertEngine engine(20);
        Recorder seen(engine);
        Alert known;
        known.id = Alert::newId();
        known.key = QStringLiteral("health.audit");
        known.kind = Alert::Kind::Raised;
        known.severity = Alert::Severity::Warning;
        known.title = QStringLiteral("proxmox-mcpd is degraded: audit");
        known.time = QDateTime::currentDateTimeUtc();
        engine.restoreActive({known});
        engine.evaluate(checks({{QStringLiteral("audit"), QStringLiteral("warn"), {}}}));
        QVERIFY(seen.alerts.isEmpty());
        engine.evaluate(checks({{QStringLiteral("audit"), QStringLiteral("ok"), {}}}));
        QCOMPARE(seen.summary(), QStringList{QStringLiteral("cleared health.audit")});
    }
};

QTEST_GUILESS_MAIN(TestAlertEngine)
#include "TestAlertEngine.moc"
