#include "server/cli/HealthReportCommand.h"

#include "server/backup/BackupOperations.h"
#include "shared/config/EnvFile.h"
#include "tests/support/SampleState.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <csignal>

using namespace pmcp;

namespace {

struct Outcome {
    int code = -1;
    QString out;
    QString err;
};

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace

// The report against a real `proxmox-mcpd serve` started by the test: healthy, degraded (no
// backup), failed (the daemon stopped). The machine's memory, disk and load are fixed, since
// the test cannot choose them; everything else is the system's.
class TestHealthReportCommand final : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_state = std::make_unique<test::SampleState>(3);
        QVERIFY(m_state->isValid());
        m_port = freePort();
        QFile config(m_state->configPath());
        QVERIFY(config.open(QIODevice::Append));
        config.write("MCP_PORT=" + QByteArray::number(m_port) + "\nMETRICS_PUBLIC=true\n");
        config.close();
        const Config settings = Config::fromSources(EnvFile::load(m_state->configPath()).value(),
                                                    QProcessEnvironment());
        QVERIFY(BackupOperations(settings, m_state->configPath()).create().ok());
        m_daemon = std::make_unique<QProcess>();
        m_daemon->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_daemon->start(
            QStringLiteral(PMCP_DAEMON_BINARY),
            {QStringLiteral("serve"), QStringLiteral("--config"), m_state->configPath()});
        QVERIFY(m_daemon->waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(isListening(), 15000);
    }

    void cleanup()
    {
        stopDaemon();
        m_state.reset();
    }

    void healthy()
    {
        const Outcome outcome = report({});
        QVERIFY2(outcome.code == 0, qPrintable(outcome.out + outcome.err));
        QVERIFY(outcome.out.contains(
            QStringLiteral("the daemon answers on http://127.0.0.1:%1/health: healthy")
                .arg(m_port)));
        QVERIFY(outcome.out.contains(QStringLiteral("no failed authentication in the last 24 h")));
        QVERIFY(outcome.out.endsWith(QStringLiteral("OK: 13 ok, 0 warning, 0 failed\n")));
    }

    void degradedWithoutABackup()
    {
        for (const BackupEntry &entry : BackupStore(m_state->backupDir()).list())
            QVERIFY(QFile::remove(entry.path));
        const Outcome outcome = report({QStringLiteral("--json")});
        QCOMPARE(outcome.code, 1);
        const QJsonObject json = QJsonDocument::fromJson(outcome.out.toUtf8()).object();
        QCOMPARE(json[QLatin1String("status")].toString(), QStringLiteral("warning"));
        QStringList warnings;
        for (const QJsonValue &check : json[QLatin1String("checks")].toArray()) {
            if (check[QLatin1String("status")].toString() != QLatin1String("ok"))
                warnings.append(check[QLatin1String("name")].toString());
        }
        QCOMPARE(warnings, QStringList{QStringLiteral("backup")});
    }

    void failedWhenTheDaemonIsDown()
    {
        stopDaemon();
        const Outcome outcome = report({});
        QCOMPARE(outcome.code, 2);
        QVERIFY(outcome.out.startsWith(QStringLiteral("failed   service      nothing answers on")));
        QVERIFY(outcome.out.contains(QStringLiteral("FAILED: ")));
    }

    // Refused tokens are counted by the daemon in STATE_DIR and outlive it: the report of a
    // stopped daemon still sees them.
    void failedAuthenticationsOutliveTheDaemon()
    {
        for (int i = 0; i < 2; ++i) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_port);
            QVERIFY(socket.waitForConnected(5000));
            socket.write(QStringLiteral("GET /api/admin/status HTTP/1.1\r\nHost: 127.0.0.1:%1\r\n"
                                        "Authorization: Bearer pmcp_admin_wrong\r\n"
                                        "Connection: close\r\n\r\n")
                             .arg(m_port)
                             .toLatin1());
            QByteArray answer;
            while (socket.waitForReadyRead(5000))
                answer += socket.readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
        }
        stopDaemon(); // the counts are written when it stops
        const Outcome outcome = report({});
        QCOMPARE(outcome.code, 2); // the daemon is down
        QVERIFY2(
            outcome.out.contains(QStringLiteral("2 failed authentication(s) in the last 24 h")),
            qPrintable(outcome.out));
    }

    void mistakesAreUsageErrors()
    {
        const Outcome outcome = report({QStringLiteral("extra")});
        QCOMPARE(outcome.code, 2);
        QVERIFY(outcome.err.contains(QStringLiteral("extra")));
    }

private:
    Outcome report(QStringList arguments)
    {
        arguments << QStringLiteral("--config") << m_state->configPath();
        DailyHealthChecks::Probes probes = DailyHealthChecks::systemProbes(3000);
        probes.machine = [] { return DailyHealthChecks::Machine{16LL << 30, 8LL << 30, 0.2, 4}; };
        probes.diskSpace = [](const QString &) { return std::pair(40LL << 30, 100LL << 30); };
        Outcome outcome;
        {
            QTextStream out(&outcome.out);
            QTextStream err(&outcome.err);
            HealthReportCommand command(out, err);
            command.setProbes(probes);
            outcome.code = command.run(arguments);
        }
        return outcome;
    }

    bool isListening() const
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        return socket.waitForConnected(200);
    }

    void stopDaemon()
    {
        if (m_daemon && m_daemon->state() != QProcess::NotRunning && m_daemon->processId() > 0) {
            ::kill(pid_t(m_daemon->processId()), SIGTERM);
            if (!m_daemon->waitForFinished(10000)) {
                m_daemon->kill();
                m_daemon->waitForFinished(5000);
            }
        }
        m_daemon.reset();
    }

    std::unique_ptr<test::SampleState> m_state;
    std::unique_ptr<QProcess> m_daemon;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(TestHealthReportCommand)
#include "TestHealthReportCommand.moc"
