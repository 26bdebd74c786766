#include "server/cli/HelpCommand.h"

#include "CliTestHelpers.h"
#include "server/cli/ConfigReference.h"

#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// `proxmox-mcpd help [SUBCOMMAND|config]`. That `help NAME` is `NAME --help` for every
// subcommand is TestCli's, over the registry.
class TestHelpCommand final : public QObject {
    Q_OBJECT

private slots:
    void withoutTopicTheOverview();
    void configTheReference();
    void unknownTopic();
    void oneTopicOnly();
};

void TestHelpCommand::withoutTopicTheOverview()
{
    QString ignored;
    QTextStream stream(&ignored);
    const Cli cli(stream, stream);
    const Outcome outcome = runCli({QStringLiteral("help")});
    QCOMPARE(outcome.code, 0);
    QCOMPARE(outcome.out, cli.usage());
}

void TestHelpCommand::configTheReference()
{
    // docs/CONFIGURATION.md is this output (ctest DocsConfigurationReference).
    const Outcome outcome = runCli({QStringLiteral("help"), QStringLiteral("config")});
    QCOMPARE(outcome.code, 0);
    QCOMPARE(outcome.out, ConfigReference::markdown());
    QVERIFY(outcome.out.startsWith(QLatin1String("# Configuration reference\n")));
    QVERIFY(outcome.err.isEmpty());
}

void TestHelpCommand::unknownTopic()
{
    const Outcome outcome = runCli({QStringLiteral("help"), QStringLiteral("nope")});
    QCOMPARE(outcome.code, 2);
    QVERIFY(outcome.out.isEmpty());
    QCOMPARE(outcome.err,
             QStringLiteral("proxmox-mcpd: no help for unknown subcommand \"nope\"\n"));
}

void TestHelpCommand::oneTopicOnly()
{
    const Outcome outcome =
        runCli({QStringLiteral("help"), QStringLiteral("audit"), QStringLiteral("tail")});
    QCOMPARE(outcome.code, 2);
    QVERIFY(outcome.out.isEmpty());
    QVERIFY2(
        outcome.err.startsWith(QLatin1String("proxmox-mcpd help: unexpected argument \"tail\"")),
        qPrintable(describe(outcome)));
}

QTEST_GUILESS_MAIN(TestHelpCommand)
#include "TestHelpCommand.moc"
