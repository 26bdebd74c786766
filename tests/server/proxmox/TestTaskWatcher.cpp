#include "server/proxmox/TaskWatcher.h"

#include "server/proxmox/ProxmoxEncoding.h"
#include "tests/support/FakePve.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace pmcp;
using namespace pmcp::testing;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QString upid = s("UPID:pve1:000FF1FD:10F9374C:630D702C:qmstart:100:root@pam:");

// A task that runs for `polls` status calls, writing log lines on each, then stops.
struct FakeTask {
    int polls = 2;
    QString exitStatus = s("OK");
    int linesPerPoll = 1;
    int statusCalls = 0;
    QStringList log;

    std::optional<HttpResponse> answer(const SeenRequest &r)
    {
        if (r.path.endsWith(s("/status"))) {
            ++statusCalls;
            const bool running = polls < 0 || statusCalls <= polls;
            for (int i = 0; i < linesPerPoll; ++i)
                log.append(QStringLiteral("line %1").arg(log.size() + 1));
            QJsonObject status{{s("upid"), upid},
                               {s("node"), s("pve1")},
                               {s("status"), running ? s("running") : s("stopped")}};
            if (!running) {
                log.append(exitStatus == s("OK") ? s("TASK OK") : s("TASK ERROR: ") + exitStatus);
                status.insert(s("exitstatus"), exitStatus);
            }
            return FakePve::data(status);
        }
        const int start = r.query.queryItemValue(s("start")).toInt();
        QJsonArray lines;
        for (int i = start; i < log.size(); ++i)
            lines.append(QJsonObject{{s("n"), i + 1}, {s("t"), log[i]}});
        return HttpResponse::json(200, QJsonObject{{s("data"), lines}, {s("total"), log.size()}});
    }
};

} // namespace

class TestTaskWatcher : public QObject {
    Q_OBJECT

    std::optional<TestCertificate> m_cert;

    ProxmoxTarget target(quint16 port) const
    {
        ProxmoxTarget t;
        t.hosts = {s("127.0.0.1")};
        t.port = port;
        t.user = s("root@pam");
        t.tokenName = s("mcp");
        t.tokenSecret = s("5f0c2a9e-8c4f-4a8e-9b1e-2c3d4e5f6a7b");
        t.fingerprint = ProxmoxEncoding::formatFingerprint(
            m_cert->certificate.digest(QCryptographicHash::Sha256));
        return t;
    }

private slots:
    void initTestCase()
    {
        QString why;
        m_cert = TestCertificate::generate(&why);
        if (!m_cert)
            QSKIP(qPrintable(why));
    }

    void followsTheTaskToItsEnd_data()
    {
        QTest::addColumn<QString>("exitStatus");
        QTest::addColumn<bool>("ok");

        QTest::newRow("ok") << s("OK") << true;
        QTest::newRow("warnings") << s("WARNINGS: 2") << true;
        QTest::newRow("error") << s("VM 100 already running") << false;
    }

    void followsTheTaskToItsEnd()
    {
        QFETCH(QString, exitStatus);
        QFETCH(bool, ok);
        FakeTask task;
        task.polls = 3;
        task.exitStatus = exitStatus;
        FakePve pve([&task](const SeenRequest &r) { return task.answer(r); });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        TaskWatcher watcher(&client, upid, 20000);
        QStringList streamed;
        qint64 lastCount = 0;
        connect(&watcher, &TaskWatcher::logLines, this,
                [&](const QStringList &lines, qint64 soFar) {
                    streamed += lines;
                    lastCount = soFar;
                });
        std::optional<TaskOutcome> outcome;
        connect(&watcher, &TaskWatcher::finished, this,
                [&outcome](const TaskOutcome &o) { outcome = o; });
        watcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 15000);
        QCOMPARE(outcome->status, s("stopped"));
        QCOMPARE(outcome->exitStatus, exitStatus);
        QCOMPARE(outcome->ok, ok);
        QVERIFY(!outcome->timedOut);
        QCOMPARE(outcome->node, s("pve1"));
        QCOMPARE(streamed, task.log); // every line once, in order
        QCOMPARE(lastCount, task.log.size());
        QCOMPARE(task.statusCalls, 4);
        if (ok)
            QVERIFY(outcome->logTail.isEmpty());
        else
            QCOMPARE(outcome->logTail, task.log.mid(task.log.size() - qMin(20, task.log.size())));
        QVERIFY(pve.requests().first().path ==
                QStringLiteral("/nodes/pve1/tasks/%1/status").arg(upid));
    }

    void longLogsKeepOnlyTheLastTwentyLines()
    {
        FakeTask task;
        task.polls = 4;
        task.linesPerPoll = 8;
        task.exitStatus = s("command failed");
        FakePve pve([&task](const SeenRequest &r) { return task.answer(r); });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        TaskWatcher watcher(&client, upid, 60000);
        std::optional<TaskOutcome> outcome;
        connect(&watcher, &TaskWatcher::finished, this,
                [&outcome](const TaskOutcome &o) { outcome = o; });
        watcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 50000);
        QCOMPARE(outcome->logTail.size(), 20);
        QCOMPARE(outcome->logTail.last(), s("TASK ERROR: command failed"));
    }

    void timeoutEndsTheWaitButNotTheTask()
    {
        FakeTask task;
        task.polls = -1; // runs forever
        FakePve pve([&task](const SeenRequest &r) { return task.answer(r); });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        TaskWatcher watcher(&client, upid, 700);
        QSignalSpy finished(&watcher, &TaskWatcher::finished);
        std::optional<TaskOutcome> outcome;
        connect(&watcher, &TaskWatcher::finished, this,
                [&outcome](const TaskOutcome &o) { outcome = o; });
        watcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY(outcome->timedOut);
        QVERIFY(!outcome->ok);
        QCOMPARE(outcome->status, s("running"));
        QVERIFY(outcome->exitStatus.isEmpty());
        QVERIFY(!outcome->logTail.isEmpty());
        for (const SeenRequest &r : pve.requests())
            QCOMPARE(r.method, QByteArray("GET")); // no DELETE: the task goes on
    }

    void cancelStopsPollingWithoutASignal()
    {
        FakeTask task;
        task.polls = -1;
        FakePve pve([&task](const SeenRequest &r) { return task.answer(r); });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        TaskWatcher cancelled(&client, upid, 700);
        QSignalSpy cancelledFinished(&cancelled, &TaskWatcher::finished);
        QSignalSpy lines(&cancelled, &TaskWatcher::logLines);
        cancelled.start();
        QVERIFY(lines.wait(10000));
        cancelled.cancel();
        const qsizetype seenAtCancel = pve.requests().size();
        // A second watcher, on another task, shows how long the first would have gone on.
        const QString otherUpid = s("UPID:pve2:000FF1FE:10F9374C:630D702C:qmstop:101:root@pam:");
        TaskWatcher other(&client, otherUpid, 700);
        QSignalSpy otherFinished(&other, &TaskWatcher::finished);
        other.start();
        QVERIFY(otherFinished.wait(10000));
        QCOMPARE(cancelledFinished.size(), 0);
        for (qsizetype i = seenAtCancel; i < pve.requests().size(); ++i)
            QVERIFY2(pve.requests()[i].path.startsWith(s("/nodes/pve2/")),
                     qPrintable(pve.requests()[i].path));
    }

    void invalidUpidFails()
    {
        ProxmoxClient client(target(8006));
        TaskWatcher watcher(&client, s("not-a-upid"), 1000);
        std::optional<ProxmoxError> error;
        connect(&watcher, &TaskWatcher::failed, this,
                [&error](const ProxmoxError &e) { error = e; });
        watcher.start();
        QTRY_VERIFY(error.has_value());
        QCOMPARE(error->code, ErrorCode::InvalidArgument);
    }
};

QTEST_MAIN(TestTaskWatcher)
#include "TestTaskWatcher.moc"
