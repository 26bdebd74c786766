#include "server/cli/CheckStateCommand.h"

#include "CliTestHelpers.h"
#include "server/audit/AuditLog.h"
#include "server/auth/ClientStore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// `proxmox-mcpd check-state`: a line for the configuration and each store, exit 0 when all were
// read, 1 with a sentence naming what was not; --state-dir instead of the configuration's
// STATE_DIR.
class TestCheckStateCommand final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void readableStatePasses();
    void garbledStoreFailsWithItsName();
    void stateDirOptionWins();
    void configurationWithErrorsFails();
    void rejectsExtraArgument();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_config;
    QString m_state;
};

void TestCheckStateCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = writeValidConfig(*m_dir);
    m_state = m_dir->filePath(QStringLiteral("state"));
    QVERIFY(QDir().mkpath(m_state));
    ClientStore clients(m_state);
    QVERIFY(clients.create(QStringLiteral("alice"), false, 0).ok());
    AuditLog log(AuditLog::directoryIn(m_state), AuditLog::keyPathIn(m_state));
    QVERIFY(log.open().ok());
    AuditEntry entry;
    entry.client = QStringLiteral("alice");
    entry.tool = QStringLiteral("list_vms");
    entry.outcome = QStringLiteral("ok");
    QVERIFY(log.append(entry).ok());
    log.sync();
}

void TestCheckStateCommand::readableStatePasses()
{
    const Outcome outcome =
        runCli({QStringLiteral("check-state"), QStringLiteral("--config"), m_config});
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY2(outcome.out.contains(QStringLiteral("ok      configuration %1\n").arg(m_config)),
             qPrintable(describe(outcome)));
    QVERIFY2(outcome.out.contains(QStringLiteral("ok      client store %1/clients.json: 1 client "
                                                 "token(s)\n")
                                      .arg(m_state)),
             qPrintable(describe(outcome)));
    QVERIFY2(outcome.out.contains(QLatin1String("chain head at entry 1")),
             qPrintable(describe(outcome)));
    QVERIFY(!outcome.out.contains(QLatin1String("FAILED")));
    QVERIFY2(outcome.out.endsWith(QStringLiteral("%1: everything is readable by proxmox-mcpd %2\n")
                                      .arg(m_state, QStringLiteral(PMCP_VERSION))),
             qPrintable(describe(outcome)));
    QVERIFY(outcome.err.isEmpty());
}

void TestCheckStateCommand::garbledStoreFailsWithItsName()
{
    QFile store(m_state + QStringLiteral("/clients.json"));
    QVERIFY(store.open(QIODevice::WriteOnly | QIODevice::Truncate));
    store.write("{\"clients\": [{\"name\": ");
    store.close();
    const Outcome outcome =
        runCli({QStringLiteral("check-state"), QStringLiteral("--config"), m_config});
    QVERIFY2(outcome.code == 1, qPrintable(describe(outcome)));
    QVERIFY2(
        outcome.out.contains(QStringLiteral("FAILED  client store %1/clients.json: ").arg(m_state)),
        qPrintable(describe(outcome)));
    // The other stores are still read and reported.
    QVERIFY2(outcome.out.contains(QLatin1String("ok      audit log")),
             qPrintable(describe(outcome)));
    QCOMPARE(outcome.err, QStringLiteral("proxmox-mcpd check-state: this version (%1) cannot read "
                                         "the client store; the reasons are above.\n")
                              .arg(QStringLiteral(PMCP_VERSION)));
}

void TestCheckStateCommand::stateDirOptionWins()
{
    // The configuration's STATE_DIR is readable; the folder named by --state-dir is not there.
    const QString missing = m_dir->filePath(QStringLiteral("elsewhere"));
    const Outcome outcome = runCli({QStringLiteral("check-state"), QStringLiteral("--config"),
                                    m_config, QStringLiteral("--state-dir"), missing});
    QVERIFY2(outcome.code == 1, qPrintable(describe(outcome)));
    QVERIFY2(outcome.out.contains(QStringLiteral("FAILED  state folder %1: there is no state "
                                                 "folder %1\n")
                                      .arg(missing)),
             qPrintable(describe(outcome)));
    QVERIFY(outcome.err.contains(QLatin1String("cannot read the state folder")));
}

void TestCheckStateCommand::configurationWithErrorsFails()
{
    const QString config =
        writeConfig(*m_dir, QStringLiteral("STATE_DIR=%1\nMCP_PORT=80a\nENABLE_PROXMOX_API=false\n"
                                           "ENABLE_SSH=false\n")
                                .arg(m_state));
    const Outcome outcome =
        runCli({QStringLiteral("check-state"), QStringLiteral("--config"), config});
    QVERIFY2(outcome.code == 1, qPrintable(describe(outcome)));
    QVERIFY2(outcome.out.contains(QLatin1String("error: MCP_PORT: ")),
             qPrintable(describe(outcome)));
    QVERIFY2(outcome.out.contains(
                 QStringLiteral("FAILED  configuration %1: it has errors (above)").arg(config)),
             qPrintable(describe(outcome)));
    // The state is still checked and readable.
    QVERIFY(outcome.out.contains(QLatin1String("ok      client store")));
    QVERIFY(outcome.err.contains(QLatin1String("cannot read the configuration;")));
}

void TestCheckStateCommand::rejectsExtraArgument()
{
    const Outcome outcome = runCli({QStringLiteral("check-state"), QStringLiteral("--config"),
                                    m_config, QStringLiteral("now")});
    QCOMPARE(outcome.code, 2);
    QVERIFY2(outcome.err.contains(QLatin1String("now")), qPrintable(describe(outcome)));
}

QTEST_GUILESS_MAIN(TestCheckStateCommand)
#include "TestCheckStateCommand.moc"
