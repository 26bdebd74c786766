#include "server/cli/ServeCommand.h"

#include "CliTestHelpers.h"
#include "server/app/PidFile.h"
#include "server/app/SystemdNotifier.h"
#include "tests/support/NotifySocket.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <csignal>

using namespace pmcp;
using namespace pmcp::test;

// `proxmox-mcpd serve`: refuses an invalid configuration, and runs until SIGTERM.
class TestServeCommand final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void refusesInvalidConfig();
    void refusesMissingConfig();
    void rejectsExtraArgument();
    void stopsOnSigterm();
    void reloadsOnSighupAndHoldsThePidFile();
    void notifiesSystemdAsItsService();
    void logsRequestsAndRefusedTokensAtTheDefaultLevel();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestServeCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestServeCommand::refusesInvalidConfig()
{
    const QString path = writeConfig(*m_dir, QStringLiteral("MCP_PORT=80a\nFOO=1\n"));
    const Outcome outcome = runCli({QStringLiteral("serve"), QStringLiteral("--config"), path});
    QCOMPARE(outcome.code, 1);
    QVERIFY2(outcome.err.contains(QLatin1String("error: MCP_PORT:")),
             qPrintable(describe(outcome)));
    // Warnings too: what the daemon would have started with.
    QVERIFY2(outcome.err.contains(QLatin1String("warning: FOO:")), qPrintable(describe(outcome)));
    QVERIFY2(outcome.err.endsWith(
                 QStringLiteral("proxmox-mcpd serve: %1 is not valid (the problems are listed "
                                "above)\n")
                     .arg(path)),
             qPrintable(describe(outcome)));
}

void TestServeCommand::refusesMissingConfig()
{
    const QString path = m_dir->filePath(QStringLiteral("missing.env"));
    const Outcome outcome = runCli({QStringLiteral("serve"), QStringLiteral("--config"), path});
    QCOMPARE(outcome.code, 1);
    // One line that says what to do: no "error: cannot read" before it saying the same.
    QCOMPARE(outcome.err,
             QStringLiteral("proxmox-mcpd serve: the configuration file %1 does not exist; create "
                            "it (see docs/CONFIGURATION.md) or pass --config FILE\n")
                 .arg(path));
    QVERIFY2(!outcome.err.contains(QLatin1String("not valid")), qPrintable(describe(outcome)));
}

void TestServeCommand::rejectsExtraArgument()
{
    const Outcome outcome = runCli({QStringLiteral("serve"), QStringLiteral("--config"),
                                    writeValidConfig(*m_dir), QStringLiteral("now")});
    QCOMPARE(outcome.code, 2);
    QVERIFY2(
        outcome.err.startsWith(QLatin1String("proxmox-mcpd serve: unexpected argument \"now\"")),
        qPrintable(describe(outcome)));
}

void TestServeCommand::stopsOnSigterm()
{
    // `serve` runs the event loop until SIGTERM. Raised as soon as the loop runs, the signal
    // must end it cleanly with exit code 0.
    const QString path = writeValidConfig(*m_dir);
    QtMessageHandler previous = qInstallMessageHandler(nullptr);
    qInstallMessageHandler(previous);
    QTimer::singleShot(0, qApp, [] { std::raise(SIGTERM); });
    const Outcome outcome = runCli({QStringLiteral("serve"), QStringLiteral("--config"), path});
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("state"))));
}

namespace {
QStringList g_messages; // what the daemon logged while the capturing handler was installed
void capture(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_messages.append(message);
}
} // namespace

void TestServeCommand::reloadsOnSighupAndHoldsThePidFile()
{
    const QString path = writeValidConfig(*m_dir);
    const QString stateDir = m_dir->filePath(QStringLiteral("state"));
    std::optional<qint64> heldBy;
    g_messages.clear();
    QtMessageHandler previous = qInstallMessageHandler(nullptr);
    qInstallMessageHandler(previous);
    QTimer poll;
    QTimer::singleShot(0, qApp, [&] {
        heldBy = PidFile::runningPid(stateDir);
        // An edit by hand, then SIGHUP (what `systemctl reload` sends).
        QFile file(path);
        if (file.open(QIODevice::Append))
            file.write("MCP_TOOLS_DENY=server_info\n");
        file.close();
        qInstallMessageHandler(capture);
        std::raise(SIGHUP);
        connect(&poll, &QTimer::timeout, qApp, [] {
            if (g_messages.join(u'\n').contains(QStringLiteral("configuration reloaded")))
                std::raise(SIGTERM);
        });
        poll.start(20);
    });
    QTimer::singleShot(10000, qApp, [] { std::raise(SIGTERM); }); // a deadline, not a wait
    const Outcome outcome = runCli({QStringLiteral("serve"), QStringLiteral("--config"), path});
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QCOMPARE(heldBy, std::optional<qint64>(QCoreApplication::applicationPid()));
    const QString logged = g_messages.join(u'\n');
    QVERIFY2(logged.contains(QStringLiteral("MCP_TOOLS_DENY applied live")), qPrintable(logged));
    // The pid file goes with the daemon.
    QCOMPARE(PidFile::runningPid(stateDir), std::nullopt);
    QVERIFY(!QFile::exists(PidFile::pathIn(stateDir)));
}

void TestServeCommand::notifiesSystemdAsItsService()
{
    // The real binary as systemd runs it (Type=notify, WatchdogSec): the messages arrive on a
    // datagram socket the test owns, in the order systemd relies on.
    if (!SystemdNotifier::available())
        QSKIP("built without libsystemd");
    const QString path = writeValidConfig(*m_dir);
    NotifySocket socket(m_dir->path());
    QVERIFY(socket.isValid());
    QProcess daemon;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NOTIFY_SOCKET"), socket.path());
    environment.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("200000"));
    daemon.setProcessEnvironment(environment);
    daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    daemon.start(QStringLiteral(PMCP_DAEMON_BINARY),
                 {QStringLiteral("serve"), QStringLiteral("--config"), path});
    QVERIFY(daemon.waitForStarted(10000));
    const int ready = socket.waitFor("READY=1", 15000);
    QVERIFY2(ready >= 0, "no READY=1");
    QVERIFY(socket.messages().at(ready).contains("STATUS=listening on http://127.0.0.1:"));
    // Ready means listening: the pid file is held by then (it is taken after the socket).
    QCOMPARE(PidFile::runningPid(m_dir->filePath(QStringLiteral("state"))),
             std::optional<qint64>(daemon.processId()));
    QVERIFY2(socket.waitFor("WATCHDOG=1", 5000, ready) > ready, "no WATCHDOG=1");

    QCOMPARE(::kill(pid_t(daemon.processId()), SIGHUP), 0);
    const int reloading = socket.waitFor("RELOADING=1", 10000, ready + 1);
    QVERIFY2(reloading > ready, "no RELOADING=1 after SIGHUP");
    const int readyAgain = socket.waitFor("READY=1", 10000, reloading + 1);
    QVERIFY2(readyAgain > reloading, "no READY=1 after the reload");
    QVERIFY(socket.messages().at(readyAgain).contains("STATUS=configuration reloaded"));

    QCOMPARE(::kill(pid_t(daemon.processId()), SIGTERM), 0);
    QVERIFY2(socket.waitFor("STOPPING=1", 10000, readyAgain + 1) > readyAgain, "no STOPPING=1");
    QVERIFY(daemon.waitForFinished(15000));
    QCOMPARE(daemon.exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon.exitCode(), 0);
}

void TestServeCommand::logsRequestsAndRefusedTokensAtTheDefaultLevel()
{
    // No LOG_LEVEL in the file: the default (INFO) must show each request line and each refused
    // token in the serve terminal, with no configuration.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    const QString path =
        writeConfig(*m_dir, QStringLiteral("STATE_DIR=%1\nMCP_PORT=%2\nENABLE_PROXMOX_API=false\n"
                                           "ENABLE_SSH=false\n")
                                .arg(m_dir->filePath(QStringLiteral("state")))
                                .arg(port));
    g_messages.clear();
    QtMessageHandler previous = qInstallMessageHandler(nullptr);
    qInstallMessageHandler(previous);
    QTcpSocket socket;
    QByteArray answer;
    bool stopping = false;
    QTimer deadline; // a deadline, not a wait; stopped when the test ends
    deadline.setSingleShot(true);
    connect(&deadline, &QTimer::timeout, qApp, [&] {
        if (!stopping) {
            stopping = true;
            std::raise(SIGTERM);
        }
    });
    deadline.start(10000);
    QTimer::singleShot(0, qApp, [&] {
        qInstallMessageHandler(capture);
        connect(&socket, &QTcpSocket::connected, qApp, [&] {
            socket.write("POST /api/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Authorization: Bearer not-a-token\r\nContent-Type: application/json\r\n"
                         "Accept: application/json, text/event-stream\r\n"
                         "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
        });
        connect(&socket, &QTcpSocket::readyRead, qApp, [&] {
            answer += socket.readAll();
            // The whole answer (a 401 with its JSON body): now the daemon has logged the line.
            if (!stopping && answer.contains("\r\n\r\n") && answer.endsWith('}')) {
                stopping = true;
                std::raise(SIGTERM);
            }
        });
        connect(&socket, &QTcpSocket::disconnected, qApp, [&] { // the answer is complete
            if (!stopping) {
                stopping = true;
                std::raise(SIGTERM);
            }
        });
        socket.connectToHost(QHostAddress::LocalHost, port);
    });
    const Outcome outcome = runCli({QStringLiteral("serve"), QStringLiteral("--config"), path});
    deadline.stop();
    socket.disconnect();
    socket.abort();
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
    const QString logged = g_messages.join(u'\n');
    QVERIFY2(logged.contains(QStringLiteral("POST /api/mcp 401 client=- ")), qPrintable(logged));
    QVERIFY2(logged.contains(QStringLiteral("refused a bearer token from 127.0.0.1 for /api/mcp: "
                                            "invalid_token")),
             qPrintable(logged));
    // The token itself is never logged.
    QVERIFY2(!logged.contains(QStringLiteral("not-a-token")), qPrintable(logged));
}

QTEST_GUILESS_MAIN(TestServeCommand)
#include "TestServeCommand.moc"
