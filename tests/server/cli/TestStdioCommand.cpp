#include "server/cli/StdioCommand.h"

#include "CliTestHelpers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// `proxmox-mcpd stdio` up to the point where it would read stdin; serving over stdio is
// tests/e2e/sdk-stdio.mjs (the SDK client spawns the real binary).
class TestStdioCommand final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void refusesInvalidConfig_data();
    void refusesInvalidConfig();
    void rejectsExtraArgument();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestStdioCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStdioCommand::refusesInvalidConfig_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::newRow("full") << false;
    QTest::newRow("--read-only") << true;
}

void TestStdioCommand::refusesInvalidConfig()
{
    QFETCH(bool, readOnly);
    const QString path = writeConfig(*m_dir, QStringLiteral("LOG_LEVEL=LOUD\n"));
    QStringList arguments{QStringLiteral("stdio"), QStringLiteral("--config"), path};
    if (readOnly)
        arguments.append(QStringLiteral("--read-only"));
    const Outcome outcome = runCli(arguments);
    QCOMPARE(outcome.code, 1);
    // Nothing on stdout: it belongs to the JSON-RPC stream.
    QVERIFY(outcome.out.isEmpty());
    QVERIFY2(outcome.err.contains(QLatin1String("error: LOG_LEVEL:")),
             qPrintable(describe(outcome)));
    QVERIFY(outcome.err.contains(QStringLiteral("proxmox-mcpd stdio: %1 is not valid").arg(path)));
}

void TestStdioCommand::rejectsExtraArgument()
{
    const Outcome outcome = runCli({QStringLiteral("stdio"), QStringLiteral("--config"),
                                    writeValidConfig(*m_dir), QStringLiteral("extra")});
    QCOMPARE(outcome.code, 2);
    QVERIFY(outcome.out.isEmpty());
    QVERIFY2(outcome.err.contains(QLatin1String("unexpected argument \"extra\"")),
             qPrintable(describe(outcome)));
}

QTEST_GUILESS_MAIN(TestStdioCommand)
#include "TestStdioCommand.moc"
