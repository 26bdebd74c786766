#include "server/backup/BackupScheduler.h"

#include "BackupTestTools.h"
#include "server/backup/BackupService.h"
#include "server/events/EventBus.h"
#include "tests/support/SampleState.h"

#include <QSignalSpy>
#include <QTest>

using namespace pmcp;

namespace {

// A clock the test moves by hand.
struct FakeClock {
    QDateTime now;
    BackupScheduler::Clock function()
    {
        return [this] { return now; };
    }
};

BackupSchedule dailyAtTwo()
{
    return BackupSchedule::parse(QStringLiteral("daily 02:00")).value();
}

} // namespace

class TestBackupScheduler final : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_state = std::make_unique<test::SampleState>();
        QVERIFY(m_state->isValid());
        m_events = std::make_unique<EventBus>();
        m_service = std::make_unique<BackupService>(test::configOf(m_state->configPath()),
                                                    m_state->configPath(), m_events.get());
    }

    void cleanup()
    {
        m_service.reset();
        m_events.reset();
        m_state.reset();
    }

    void aRunMissedWhileDownRunsAtStart()
    {
        FakeClock clock{QDateTime(QDate(2026, 12, 4), QTime(9, 0))};
        BackupScheduler scheduler(dailyAtTwo(), m_service.get());
        scheduler.setClock(clock.function());
        QSignalSpy started(&scheduler, &BackupScheduler::runStarted);
        QSignalSpy finished(m_events.get(), &EventBus::published);
        scheduler.start(); // no backup at all, and 02:00 today has passed
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.first().first().toBool(), true);
        QTRY_COMPARE_WITH_TIMEOUT(m_service->store().list().size(), 1, 15000);
        QCOMPARE(scheduler.nextRun(), QDateTime(QDate(2026, 12, 5), QTime(2, 0)));
    }

    void aRecentBackupMeansNothingWasMissed()
    {
        QVERIFY(BackupOperations(test::configOf(m_state->configPath()), m_state->configPath())
                    .create()
                    .ok());
        // The backup above was made now; the clock says 02:00 came due before that.
        FakeClock clock{QDateTime::currentDateTime().addSecs(60)};
        BackupScheduler scheduler(
            BackupSchedule::parse(QStringLiteral("daily %1")
                                      .arg(QDateTime::currentDateTime().addSecs(-3600).toString(
                                          QStringLiteral("HH:mm"))))
                .value(),
            m_service.get());
        scheduler.setClock(clock.function());
        QSignalSpy started(&scheduler, &BackupScheduler::runStarted);
        scheduler.start();
        QCOMPARE(started.size(), 0);
        // Positive control on the same path: once the next due time passes, it runs.
        clock.now = scheduler.nextRun().addSecs(1);
        scheduler.poll();
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.first().first().toBool(), false);
        QTRY_COMPARE_WITH_TIMEOUT(m_service->store().list().size(), 2, 15000);
    }

    void aDueRunWaitsWhileAnotherOperationRuns()
    {
        QVERIFY(BackupOperations(test::configOf(m_state->configPath()), m_state->configPath())
                    .create()
                    .ok());
        FakeClock clock{QDateTime::currentDateTime()};
        BackupScheduler scheduler(dailyAtTwo(), m_service.get());
        scheduler.setClock(clock.function());
        QSignalSpy started(&scheduler, &BackupScheduler::runStarted);
        scheduler.start();
        QCOMPARE(started.size(), 0);
        QVERIFY(m_service->create().ok()); // busy now
        clock.now = scheduler.nextRun().addSecs(5);
        scheduler.poll();
        QCOMPARE(started.size(), 0); // postponed, not dropped
        QTRY_VERIFY_WITH_TIMEOUT(!m_service->busy(), 15000);
        scheduler.poll();
        QCOMPARE(started.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!m_service->busy(), 15000);
    }

    void healthSaysWhenBackupsFallBehind()
    {
        FakeClock clock{QDateTime(QDate(2026, 12, 4), QTime(9, 0))};
        BackupScheduler scheduler(dailyAtTwo(), m_service.get());
        scheduler.setClock(clock.function());
        QCOMPARE(scheduler.health().first, QStringLiteral("warn")); // nothing yet
        QVERIFY(scheduler.health().second.contains(QStringLiteral("no backup yet")));
        scheduler.start(); // the missed run
        QTRY_VERIFY_WITH_TIMEOUT(!m_service->busy(), 15000);
        // The backup carries the real time; the fake clock is moved next to it.
        clock.now = m_service->store().list().first().created.addSecs(60);
        QCOMPARE(scheduler.health().first, QStringLiteral("ok"));
        QVERIFY(scheduler.health().second.startsWith(QStringLiteral("newest proxmox-mcp-")));
        // Two days on at noon, ten hours past that day's run, without a run since: overdue.
        // (Not two days to the minute: with a backup made between 02:00 and 02:15 real time,
        // that would fall inside the quarter of an hour a due run is given.)
        const QDateTime fresh = clock.now;
        clock.now = fresh.addDays(2);
        clock.now.setTime(QTime(12, 0));
        QCOMPARE(scheduler.health().first, QStringLiteral("warn"));
        QVERIFY(scheduler.health().second.contains(QStringLiteral("older than the run due")));
        // A newest backup that does not verify.
        clock.now = fresh;
        const BackupEntry newest = m_service->store().list().first();
        BackupCheck bad;
        bad.reason = QStringLiteral("damaged");
        m_service->store().recordVerification(newest.path, bad);
        QVERIFY(scheduler.health().second.contains(QStringLiteral("does not verify")));
    }

private:
    std::unique_ptr<test::SampleState> m_state;
    std::unique_ptr<EventBus> m_events;
    std::unique_ptr<BackupService> m_service;
};

QTEST_GUILESS_MAIN(TestBackupScheduler)
#include "TestBackupScheduler.moc"
