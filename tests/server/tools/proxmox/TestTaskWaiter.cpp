#include "server/tools/proxmox/TaskWaiter.h"

#include "server/proxmox/TaskWatcher.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;

Q_DECLARE_METATYPE(pmcp::TaskOutcome)

namespace {
const QString upid =
    QStringLiteral("UPID:pve1:0000AB12:00C0FFEE:6744A000:qmstart:100:root@pam!mcp:");
}

class TestTaskWaiter final : public QObject {
    Q_OBJECT

private slots:
    void outcomes_data();
    void outcomes();
    void startedReturnsUpidAndNode();
    void cancelledWaitNamesTheTaskAndTaskStop();
};

void TestTaskWaiter::cancelledWaitNamesTheTaskAndTaskStop()
{
    const QString words = TaskWaiter::stillRunning(upid);
    for (const QString &part :
         {upid, QStringLiteral("pve1"), QStringLiteral("task_stop"), QStringLiteral("task_wait")})
        QVERIFY2(words.contains(part), qPrintable(words));
}

void TestTaskWaiter::outcomes_data()
{
    QTest::addColumn<TaskOutcome>("outcome");
    QTest::addColumn<bool>("isError");
    QTest::addColumn<QString>("says");
    TaskOutcome ok{
        upid, QStringLiteral("pve1"), QStringLiteral("stopped"), QStringLiteral("OK"), true, false,
        {}};
    TaskOutcome failed{
        upid,
        QStringLiteral("pve1"),
        QStringLiteral("stopped"),
        QStringLiteral("VM 100 already running"),
        false,
        false,
        {QStringLiteral("starting"), QStringLiteral("TASK ERROR: VM 100 already running")}};
    TaskOutcome late{upid, QStringLiteral("pve1"), QStringLiteral("running"), {}, false, true, {}};
    QTest::newRow("ok") << ok << false << QStringLiteral("finished: OK");
    QTest::newRow("failed with log tail") << failed << true << QStringLiteral("TASK ERROR: VM 100");
    QTest::newRow("timed out is no error") << late << false << QStringLiteral("task_wait");
}

void TestTaskWaiter::outcomes()
{
    QFETCH(TaskOutcome, outcome);
    QFETCH(bool, isError);
    QFETCH(QString, says);
    const ToolResult result = TaskWaiter::resultOf(outcome, {{QStringLiteral("extra"), 1}});
    QCOMPARE(result.isError, isError);
    QVERIFY(result.hasStructured);
    const QJsonObject data = result.structuredContent;
    QCOMPARE(data.value(QLatin1String("upid")).toString(), upid);
    QCOMPARE(data.value(QLatin1String("ok")).toBool(), outcome.ok);
    QCOMPARE(data.value(QLatin1String("timed_out")).toBool(), outcome.timedOut);
    QCOMPARE(data.value(QLatin1String("extra")).toInt(), 1);
    QCOMPARE(data.value(QLatin1String("log_tail")).toArray().size(), outcome.logTail.size());
    const QString text = result.content.first().toObject().value(QLatin1String("text")).toString();
    QVERIFY2(text.contains(says), qPrintable(text));
}

void TestTaskWaiter::startedReturnsUpidAndNode()
{
    const ToolResult result = TaskWaiter::started(upid);
    QVERIFY(!result.isError);
    QCOMPARE(result.structuredContent.value(QLatin1String("upid")).toString(), upid);
    QCOMPARE(result.structuredContent.value(QLatin1String("node")).toString(),
             QStringLiteral("pve1"));
    QCOMPARE(result.structuredContent.value(QLatin1String("status")).toString(),
             QStringLiteral("running"));
}

QTEST_GUILESS_MAIN(TestTaskWaiter)
#include "TestTaskWaiter.moc"
