#include "server/exec/LocalExecutor.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <optional>

using namespace pmcp;

#define RUN_COMMAND(executor, command, timeoutMs, result)                                          \
    std::optional<CommandResult> result;                                                           \
    (executor).run((command), (timeoutMs), [&result](const CommandResult &r) { result = r; });     \
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 30000)

namespace {

QByteArray pgrep(const QString &pattern)
{
    QProcess process;
    process.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), pattern});
    process.waitForFinished(10000);
    return process.readAllStandardOutput();
}

} // namespace

class TestLocalExecutor final : public QObject {
    Q_OBJECT

private slots:
    void echoGoesToStdout();
    void exitStatusAndStderrSeparately();
    void timeoutKillsTheProcessGroup();
    void outputIsCappedAndFlagged();
    void concurrentCommandsAllComplete();
    void controlCharactersNeverRun();
    void runsTheExactBytes();
};

void TestLocalExecutor::echoGoesToStdout()
{
    LocalExecutor executor;
    QCOMPARE(executor.describe(), QStringLiteral("local"));
    RUN_COMMAND(executor, QStringLiteral("echo hi"), 5000, result);
    QCOMPARE(result->status, CommandResult::Status::Success);
    QCOMPARE(result->exitStatus, 0);
    QCOMPARE(result->stdoutData, QByteArray("hi\n"));
    QVERIFY(result->stderrData.isEmpty());
}

void TestLocalExecutor::exitStatusAndStderrSeparately()
{
    LocalExecutor executor;
    RUN_COMMAND(executor, QStringLiteral("echo out; echo err >&2; exit 3"), 5000, result);
    QCOMPARE(result->status, CommandResult::Status::NonZeroExit);
    QCOMPARE(result->exitStatus, 3);
    QCOMPARE(result->stdoutData, QByteArray("out\n"));
    QCOMPARE(result->stderrData, QByteArray("err\n"));
}

void TestLocalExecutor::timeoutKillsTheProcessGroup()
{
    const QString pattern =
        QStringLiteral("sleep 31.%1").arg(QRandomGenerator::global()->bounded(100000, 999999));
    LocalExecutor executor;
    // A background child as well: only a process-group kill ends it.
    RUN_COMMAND(executor, pattern + QStringLiteral(" & ") + pattern + QStringLiteral("; wait"), 500,
                result);
    QCOMPARE(result->status, CommandResult::Status::Timeout);
    QCOMPARE(result->exitStatus, -1);
    QVERIFY2(result->durationMs < 5000, qPrintable(QString::number(result->durationMs)));
    QTRY_COMPARE_WITH_TIMEOUT(pgrep(pattern), QByteArray(), 5000);
}

void TestLocalExecutor::outputIsCappedAndFlagged()
{
    LocalExecutor executor(30000, 64 * 1024);
    RUN_COMMAND(executor, QStringLiteral("head -c 5242880 /dev/zero | tr '\\0' x; echo e >&2"),
                30000, result);
    QCOMPARE(result->status, CommandResult::Status::Success);
    QCOMPARE(result->stdoutData.size(), qsizetype(64 * 1024));
    QVERIFY(result->stdoutTruncated);
    QCOMPARE(result->stderrData, QByteArray("e\n"));
    QVERIFY(!result->stderrTruncated);
}

void TestLocalExecutor::controlCharactersNeverRun()
{
    QTemporaryDir dir;
    const QString marker = dir.filePath(QStringLiteral("ran"));
    LocalExecutor executor(5000, 1024);
    // Without the door, sh would run "touch MARKER" (execve cuts the argument at the NUL).
    RUN_COMMAND(executor, QStringLiteral("touch ") + marker + QChar(0) + QStringLiteral(" tail"),
                5000, result);
    QCOMPARE(result->status, CommandResult::Status::Denied);
    QVERIFY2(result->error.contains(QStringLiteral("NUL (0x00)")), qPrintable(result->error));
    QVERIFY(!QFile::exists(marker));
}

void TestLocalExecutor::runsTheExactBytes()
{
    LocalExecutor executor(5000, 1024);
    const QString text = QStringLiteral("\u00e9t\u00e9 \u20ac\ttab \U0001F600");
    RUN_COMMAND(executor, QStringLiteral("printf '%s' \"") + text + QStringLiteral("\""), 5000,
                result);
    QCOMPARE(result->stdoutData, text.toUtf8());
}

void TestLocalExecutor::concurrentCommandsAllComplete()
{
    LocalExecutor executor;
    constexpr int count = 8;
    QList<std::optional<CommandResult>> results(count);
    for (int i = 0; i < count; ++i)
        executor.run(QStringLiteral("sleep 0.2; echo %1").arg(i), 5000,
                     [&results, i](const CommandResult &r) { results[i] = r; });
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(results.cbegin(), results.cend(), [](const auto &r) { return r.has_value(); }),
        10000);
    for (int i = 0; i < count; ++i)
        QCOMPARE(results[i]->stdoutData, QByteArray::number(i) + '\n');
}

QTEST_MAIN(TestLocalExecutor)
#include "TestLocalExecutor.moc"
