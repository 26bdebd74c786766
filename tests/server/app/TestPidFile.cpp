#include "server/app/PidFile.h"

#include "server/app/ShutdownSignals.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstdio>

using namespace pmcp;

namespace {
// In the environment of the child that plays a daemon: the STATE_DIR whose pid file it holds.
constexpr char kChildVariable[] = "PMCP_TEST_PID_FILE_CHILD";
} // namespace

class TestPidFile final : public QObject {
    Q_OBJECT
private slots:
    void heldWhileTheDaemonRuns();
    void aSecondDaemonIsToldWhoHoldsIt();
    void aFileLeftByADeadProcessIsStale();
    void signalReloadSendsSighupToTheHolder();
    void signalReloadWithoutADaemonSaysSo();
};

void TestPidFile::heldWhileTheDaemonRuns()
{
    QTemporaryDir dir;
    QCOMPARE(PidFile::runningPid(dir.path()), std::nullopt);
    {
        PidFile file(dir.path());
        QVERIFY(file.acquire().ok());
        QVERIFY(QFile::exists(PidFile::pathIn(dir.path())));
        QCOMPARE(PidFile::runningPid(dir.path()), QCoreApplication::applicationPid());
    }
    QVERIFY(!QFile::exists(PidFile::pathIn(dir.path())));
    QCOMPARE(PidFile::runningPid(dir.path()), std::nullopt);
}

void TestPidFile::aSecondDaemonIsToldWhoHoldsIt()
{
    QTemporaryDir dir;
    PidFile first(dir.path());
    QVERIFY(first.acquire().ok());
    PidFile second(dir.path());
    const auto refused = second.acquire();
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Conflict);
    QVERIFY(refused.error().message.contains(
        QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())));
}

void TestPidFile::aFileLeftByADeadProcessIsStale()
{
    QTemporaryDir dir;
    // A daemon that holds the file and dies without a chance to remove it.
    QProcess daemon;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QLatin1String(kChildVariable), dir.path());
    daemon.setProcessEnvironment(environment);
    daemon.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(daemon.waitForReadyRead(10000));
    QCOMPARE(daemon.readAll().trimmed(), QByteArray("held"));
    QCOMPARE(PidFile::runningPid(dir.path()), std::optional<qint64>(daemon.processId()));
    QCOMPARE(::kill(pid_t(daemon.processId()), SIGKILL), 0);
    QVERIFY(daemon.waitForFinished(5000));
    QVERIFY(QFile::exists(PidFile::pathIn(dir.path())));

    QCOMPARE(PidFile::runningPid(dir.path()), std::nullopt);
    QCOMPARE(PidFile::signalReload(dir.path()).value(), std::nullopt); // nobody is signalled
    PidFile file(dir.path());
    QVERIFY(file.acquire().ok());
}

void TestPidFile::signalReloadSendsSighupToTheHolder()
{
    QTemporaryDir dir;
    PidFile file(dir.path());
    QVERIFY(file.acquire().ok());
    ShutdownSignals watcher;
    watcher.watchReload();
    QSignalSpy reload(&watcher, &ShutdownSignals::reloadRequested);
    const auto sent = PidFile::signalReload(dir.path());
    QVERIFY(sent.ok());
    QCOMPARE(sent.value(), QCoreApplication::applicationPid());
    QVERIFY(reload.wait(5000));
}

void TestPidFile::signalReloadWithoutADaemonSaysSo()
{
    QTemporaryDir dir;
    const auto sent = PidFile::signalReload(dir.path());
    QVERIFY(sent.ok());
    QCOMPARE(sent.value(), std::nullopt);
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString child = qEnvironmentVariable(kChildVariable);
    if (!child.isEmpty()) {
        PidFile file(child);
        if (!file.acquire().ok())
            return 1;
        fputs("held\n", stdout);
        fflush(stdout);
        for (;;)
            QThread::sleep(1);
    }
    TestPidFile test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "TestPidFile.moc"
