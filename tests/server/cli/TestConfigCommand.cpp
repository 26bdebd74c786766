#include "server/cli/ConfigCommand.h"

#include "CliTestHelpers.h"
#include "server/app/PidFile.h"
#include "server/app/ShutdownSignals.h"
#include "shared/config/ConfigVersions.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// `proxmox-mcpd config show|set|diff|history|rollback`.
class TestConfigCommand final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void setWritesValidatedChangesAndTellsTheDaemon();
    void setWithoutARunningDaemonSaysWhenItApplies();
    void badChangeIsRefusedWithTheKeyAndNothingWritten();
    void showNamesSourcesAndLivenessButNoSecret();
    void historyDiffAndRollback();
    void wrongCommandLines_data();
    void wrongCommandLines();

private:
    Outcome config(const QStringList &arguments)
    {
        return runCli(QStringList{QStringLiteral("config")} + arguments +
                      QStringList{QStringLiteral("--config"), m_path});
    }
    QByteArray fileText() const
    {
        QFile file(m_path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QString m_stateDir;
    QByteArray m_original;
};

void TestConfigCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_stateDir = m_dir->filePath(QStringLiteral("state"));
    QVERIFY(QDir().mkpath(m_stateDir));
    m_path = writeConfig(*m_dir, QStringLiteral("# the test's daemon\nSTATE_DIR=%1\nMCP_PORT=0\n"
                                                "ENABLE_PROXMOX_API=false\nENABLE_SSH=false\n"
                                                "SSH_PASSWORD=hunter2 # a secret\n")
                                     .arg(m_stateDir));
    QVERIFY(!m_path.isEmpty());
    m_original = fileText();
}

void TestConfigCommand::setWritesValidatedChangesAndTellsTheDaemon()
{
    // This process plays the running daemon: it holds the pid file and watches SIGHUP.
    PidFile pidFile(m_stateDir);
    QVERIFY(pidFile.acquire().ok());
    ShutdownSignals watcher;
    watcher.watchReload();
    QSignalSpy reload(&watcher, &ShutdownSignals::reloadRequested);

    const Outcome outcome = config(
        {QStringLiteral("set"), QStringLiteral("LOG_LEVEL=WARN"), QStringLiteral("MCP_PORT=9999")});
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY2(outcome.out.contains(QStringLiteral("+ LOG_LEVEL: WARN\n")),
             qPrintable(describe(outcome)));
    QVERIFY(outcome.out.contains(QStringLiteral("~ MCP_PORT: 0 -> 9999\n")));
    QVERIFY(outcome.out.contains(QStringLiteral("written as version 2\n")));
    QVERIFY(outcome.out.contains(QStringLiteral("the running daemon (pid %1) reloads: applied "
                                                "live: LOG_LEVEL\n")
                                     .arg(QCoreApplication::applicationPid())));
    QVERIFY(outcome.out.contains(QStringLiteral("needs a restart to take effect: MCP_PORT")));
    QVERIFY(reload.wait(5000));
    QCOMPARE(fileText(),
             QByteArray(m_original).replace("MCP_PORT=0", "MCP_PORT=9999") + "LOG_LEVEL=WARN\n");
}

void TestConfigCommand::setWithoutARunningDaemonSaysWhenItApplies()
{
    const Outcome outcome = config({QStringLiteral("set"), QStringLiteral("MCP_TOOLS_DENY=ping")});
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY(outcome.out.contains(QStringLiteral("no daemon is running on this STATE_DIR")));
    // The same value again: nothing to write.
    const Outcome again = config({QStringLiteral("set"), QStringLiteral("MCP_TOOLS_DENY=ping")});
    QCOMPARE(again.code, 0);
    QVERIFY(again.out.contains(QStringLiteral("nothing changed")));
}

void TestConfigCommand::badChangeIsRefusedWithTheKeyAndNothingWritten()
{
    const Outcome outcome = config(
        {QStringLiteral("set"), QStringLiteral("LOG_LEVEL=DEBUG"), QStringLiteral("MCP_PORT=80a")});
    QCOMPARE(outcome.code, 1);
    QVERIFY2(outcome.err.contains(
                 QStringLiteral("error: MCP_PORT: \"80a\" is not a port number (1-65535)\n")),
             qPrintable(describe(outcome)));
    QVERIFY(outcome.err.contains(QStringLiteral("refused, nothing was written")));
    QCOMPARE(fileText(), m_original);
    QCOMPARE(ConfigVersions(m_stateDir).latest(), 0);
}

void TestConfigCommand::showNamesSourcesAndLivenessButNoSecret()
{
    const Outcome outcome = config({QStringLiteral("show")});
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY(!outcome.out.contains(QStringLiteral("hunter2")));
    QVERIFY(outcome.out.contains(QStringLiteral("SSH_PASSWORD=(secret, set)  # file, restart\n")));
    QVERIFY(outcome.out.contains(QStringLiteral("PROXMOX_PASSWORD=(secret, not set)")));
    QVERIFY(outcome.out.contains(QStringLiteral("LOG_LEVEL=INFO  # default, live\n")));
    QVERIFY(outcome.out.contains(QStringLiteral("MCP_PORT=0  # file, restart\n")));
    QVERIFY(outcome.out.contains(QStringLiteral("(not a kept version)")));
}

void TestConfigCommand::historyDiffAndRollback()
{
    QVERIFY(config({QStringLiteral("history")}).out.contains(QStringLiteral("no version is kept")));
    QCOMPARE(config({QStringLiteral("set"), QStringLiteral("LOG_LEVEL=WARN")}).code, 0);
    QCOMPARE(config({QStringLiteral("set"), QStringLiteral("SSH_PASSWORD=other")}).code, 0);

    const Outcome history = config({QStringLiteral("history")});
    QCOMPARE(history.code, 0);
    const QStringList lines = history.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].contains(QStringLiteral("original")));
    QVERIFY(lines[1].contains(QStringLiteral("apply  cli  LOG_LEVEL")));
    QVERIFY(lines[2].endsWith(QStringLiteral("SSH_PASSWORD  (current)")));

    const Outcome last = config({QStringLiteral("diff")});
    QVERIFY2(last.code == 0, qPrintable(describe(last)));
    QVERIFY(last.out.startsWith(QStringLiteral("--- version 2\n+++ the file as it is now\n")));
    QVERIFY(last.out.contains(QStringLiteral("~ SSH_PASSWORD: (secret, changed)")));
    QVERIFY(!last.out.contains(QStringLiteral("other")) && !last.out.contains(u"hunter2"));
    const Outcome between =
        config({QStringLiteral("diff"), QStringLiteral("1"), QStringLiteral("2")});
    QCOMPARE(between.out, QStringLiteral("--- version 1\n+++ version 2\n+ LOG_LEVEL: WARN\n"));

    const Outcome undo = config({QStringLiteral("rollback")});
    QVERIFY2(undo.code == 0, qPrintable(describe(undo)));
    QVERIFY(undo.out.contains(QStringLiteral("written as version 4")));
    QVERIFY(fileText().contains("SSH_PASSWORD=hunter2 # a secret\n"));
    QCOMPARE(config({QStringLiteral("rollback"), QStringLiteral("1")}).code, 0);
    QCOMPARE(fileText(), m_original);

    const Outcome missing = config({QStringLiteral("rollback"), QStringLiteral("99")});
    QCOMPARE(missing.code, 1);
    QVERIFY(missing.err.contains(QStringLiteral("no version 99: the kept versions are 1 to 5")));
}

void TestConfigCommand::wrongCommandLines_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("says");
    QTest::newRow("no action") << QStringList() << "config needs an action";
    QTest::newRow("unknown action")
        << QStringList{QStringLiteral("edit")} << "unknown config action \"edit\"";
    QTest::newRow("set without assignments")
        << QStringList{QStringLiteral("set")} << "at least one KEY=VALUE";
    QTest::newRow("set with a bare key")
        << QStringList{QStringLiteral("set"), QStringLiteral("LOG_LEVEL")}
        << "\"LOG_LEVEL\" is not KEY=VALUE";
    QTest::newRow("rollback to a word")
        << QStringList{QStringLiteral("rollback"), QStringLiteral("last")}
        << "\"last\" is not a version number";
    QTest::newRow("diff of three") << QStringList{QStringLiteral("diff"), QStringLiteral("1"),
                                                  QStringLiteral("2"), QStringLiteral("3")}
                                   << "3";
}

void TestConfigCommand::wrongCommandLines()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, says);
    const Outcome outcome = config(arguments);
    QVERIFY2(outcome.code == 2, qPrintable(describe(outcome)));
    QVERIFY2(outcome.err.contains(says), qPrintable(describe(outcome)));
    QCOMPARE(fileText(), m_original);
}

QTEST_GUILESS_MAIN(TestConfigCommand)
#include "TestConfigCommand.moc"
