#include "server/simulator/SimTasks.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QtTest>

using namespace pmcp;

// SimTasks: UPIDs as Proxmox writes them, the running -> stopped life of a worker, its exit
// status and log, stopping, and the time scale.
class TestSimTasks final : public QObject {
    Q_OBJECT

private:
    static SimTasks::Spec spec(int durationMs = 1000)
    {
        SimTasks::Spec s;
        s.node = QStringLiteral("pve1");
        s.type = QStringLiteral("qmstart");
        s.id = QStringLiteral("100");
        s.authId = QStringLiteral("root@pam!mcp");
        s.durationMs = durationMs;
        s.log = {QStringLiteral("starting")};
        return s;
    }

private slots:
    void makeUpidHasProxmoxFormat()
    {
        const QString upid = SimTasks::makeUpid(QStringLiteral("pve1"), 0x1a2b, 0xabc, 0x6745f3a0,
                                                QStringLiteral("qmstart"), QStringLiteral("100"),
                                                QStringLiteral("root@pam!mcp"));
        QCOMPARE(upid,
                 QStringLiteral("UPID:pve1:00001A2B:00000ABC:6745F3A0:qmstart:100:root@pam!mcp:"));
        QVERIFY(SimTasks::isValidUpid(upid));
    }

    void validatesUpids_data()
    {
        QTest::addColumn<QString>("upid");
        QTest::addColumn<bool>("valid");
        QTest::newRow("task of a guest")
            << QStringLiteral("UPID:pve1:00001A2B:00000ABC:6745F3A0:qmstart:100:root@pam:") << true;
        QTest::newRow("empty id") << QStringLiteral(
                                         "UPID:pve1:00001A2B:00000ABC:6745F3A0:vzdump::root@pam:")
                                  << true;
        QTest::newRow("nine-digit pstart")
            << QStringLiteral("UPID:pve1:00001A2B:100000ABC:6745F3A0:qmstart:100:root@pam:")
            << true;
        QTest::newRow("no trailing colon")
            << QStringLiteral("UPID:pve1:00001A2B:00000ABC:6745F3A0:qmstart:100:root@pam") << false;
        QTest::newRow("short pid")
            << QStringLiteral("UPID:pve1:1A2B:00000ABC:6745F3A0:qmstart:100:root@pam:") << false;
        QTest::newRow("slash in type")
            << QStringLiteral("UPID:pve1:00001A2B:00000ABC:6745F3A0:qm/start:100:root@pam:")
            << false;
        QTest::newRow("bad node")
            << QStringLiteral("UPID:-pve1:00001A2B:00000ABC:6745F3A0:qmstart:100:root@pam:")
            << false;
        QTest::newRow("not a upid") << QStringLiteral("hello") << false;
    }
    void validatesUpids()
    {
        QFETCH(QString, upid);
        QFETCH(bool, valid);
        QCOMPARE(SimTasks::isValidUpid(upid), valid);
    }

    void startedTasksHaveUniqueValidUpids()
    {
        SimTasks tasks(0.05);
        QSet<QString> seen;
        for (int i = 0; i < 50; ++i) {
            const QString upid = tasks.start(spec());
            QVERIFY2(SimTasks::isValidUpid(upid), qPrintable(upid));
            QVERIFY2(!seen.contains(upid), qPrintable(upid));
            seen.insert(upid);
            const SimTask *task = tasks.find(upid);
            QVERIFY(task);
            // The UPID carries the task's own fields.
            QCOMPARE(upid, SimTasks::makeUpid(task->node, task->pid, task->pstart, task->starttime,
                                              task->type, task->id, task->authId));
            QVERIFY(upid.endsWith(QLatin1String(":qmstart:100:root@pam!mcp:")));
        }
        QCOMPARE(tasks.runningCount(), 50);
        QCOMPARE(tasks.all().size(), 50);
    }

    void endsWithExitStatus_data()
    {
        QTest::addColumn<bool>("fails");
        QTest::addColumn<QString>("exitstatus");
        QTest::addColumn<QString>("lastLine");
        QTest::newRow("ok") << false << QStringLiteral("OK") << QStringLiteral("TASK OK");
        QTest::newRow("error") << true << QStringLiteral("VM 100 already running")
                               << QStringLiteral("TASK ERROR: VM 100 already running");
    }
    void endsWithExitStatus()
    {
        QFETCH(bool, fails);
        QFETCH(QString, exitstatus);
        QFETCH(QString, lastLine);
        SimTasks tasks(0.05);
        bool cleaned = false;
        SimTasks::Spec s = spec();
        s.work = [fails]() -> Result<QStringList> {
            if (fails)
                return Error::invalid(QStringLiteral("VM 100 already running"));
            return QStringList{QStringLiteral("work done")};
        };
        s.cleanup = [&cleaned] { cleaned = true; };
        QSignalSpy finished(&tasks, &SimTasks::taskFinished);
        const QString upid = tasks.start(s);
        const SimTask *task = tasks.find(upid);
        QVERIFY(task->running);
        QCOMPARE(task->statusJson().value(QLatin1String("status")).toString(),
                 QStringLiteral("running"));
        QVERIFY(!task->statusJson().contains(QLatin1String("exitstatus")));
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().at(0).toString(), upid);
        QCOMPARE(finished.first().at(1).toString(), exitstatus);
        task = tasks.find(upid);
        QVERIFY(!task->running);
        QCOMPARE(task->failed(), fails);
        QVERIFY(cleaned);
        QCOMPARE(task->log.first(), QStringLiteral("starting"));
        QCOMPARE(task->log.last(), lastLine);
        QCOMPARE(task->log.contains(QStringLiteral("work done")), !fails);
        const QJsonObject status = task->statusJson();
        QCOMPARE(status.value(QLatin1String("status")).toString(), QStringLiteral("stopped"));
        QCOMPARE(status.value(QLatin1String("exitstatus")).toString(), exitstatus);
        QCOMPARE(status.value(QLatin1String("user")).toString(), QStringLiteral("root@pam"));
        QCOMPARE(status.value(QLatin1String("tokenid")).toString(), QStringLiteral("mcp"));
        const QJsonObject row = task->listJson();
        QCOMPARE(row.value(QLatin1String("status")).toString(), exitstatus);
        QVERIFY(row.value(QLatin1String("endtime")).toInteger() >= task->starttime);
        QCOMPARE(tasks.runningCount(), 0);
    }

    void stopInterrupts()
    {
        SimTasks tasks(0.05);
        bool worked = false;
        bool cleaned = false;
        SimTasks::Spec s = spec(600000);
        s.work = [&worked]() -> Result<QStringList> {
            worked = true;
            return QStringList();
        };
        s.cleanup = [&cleaned] { cleaned = true; };
        QSignalSpy finished(&tasks, &SimTasks::taskFinished);
        const QString upid = tasks.start(s);
        QVERIFY(tasks.stop(upid).ok());
        QCOMPARE(finished.count(), 1);
        const SimTask *task = tasks.find(upid);
        QVERIFY(!task->running);
        QCOMPARE(task->exitstatus, QStringLiteral("interrupted by signal"));
        QCOMPARE(task->log.last(), QStringLiteral("TASK ERROR: interrupted by signal"));
        QVERIFY(task->failed());
        QVERIFY(cleaned);
        QVERIFY(!worked);
        // Stopping again is a no-op, stopping an unknown task an error.
        QVERIFY(tasks.stop(upid).ok());
        QCOMPARE(finished.count(), 1);
        const auto unknown = tasks.stop(QStringLiteral("UPID:pve1:0:0:0:x::root@pam:"));
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, ErrorCode::NotFound);
    }

    void timeScaleShortensTasks_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<bool>("doneWithinASecond");
        QTest::newRow("scaled to 0.05") << 0.05 << true;
        QTest::newRow("real time") << 1.0 << false;
    }
    void timeScaleShortensTasks()
    {
        QFETCH(double, scale);
        QFETCH(bool, doneWithinASecond);
        SimTasks tasks(scale);
        QSignalSpy finished(&tasks, &SimTasks::taskFinished);
        QElapsedTimer clock;
        clock.start();
        tasks.start(spec(4000)); // 200 ms scaled, 4 s real
        QCOMPARE(finished.wait(1000), doneWithinASecond);
        if (doneWithinASecond)
            QVERIFY2(clock.elapsed() >= 150, qPrintable(QString::number(clock.elapsed())));
    }

    void listsNewestFirst()
    {
        SimTasks tasks(0.05);
        SimTask old;
        old.upid = SimTasks::makeUpid(QStringLiteral("pve1"), 1, 1, 1000, QStringLiteral("vzdump"),
                                      QString(), QStringLiteral("root@pam"));
        old.starttime = 1000;
        old.running = false;
        old.exitstatus = QStringLiteral("OK");
        const QString fresh = tasks.start(spec());
        tasks.addHistory(old);
        const auto all = tasks.all();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.first()->upid, fresh);
        QCOMPARE(all.last()->upid, old.upid);
        QCOMPARE(tasks.runningCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSimTasks)
#include "TestSimTasks.moc"
