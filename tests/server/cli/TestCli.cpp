#include "server/cli/Cli.h"

#include "CliTestHelpers.h"
#include "server/auth/ClientStore.h"
#include "shared/core/Version.h"

#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// The registry and the dispatcher, and the parsing every subcommand shares (Subcommand::run):
// data-driven over the registry, so that a new subcommand is covered without a new row.
class TestCli final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void topLevelAliases_data();
    void topLevelAliases();
    void unknownSubcommand_data();
    void unknownSubcommand();
    void usageListsEverySubcommand();
    void helpEqualsDashDashHelp_data();
    void helpEqualsDashDashHelp();
    void helpWinsOverMistakes();
    void usageNamesEveryOption_data();
    void usageNamesEveryOption();
    void unknownOptionRefused_data();
    void unknownOptionRefused();
    void configNeedsAValue_data();
    void configNeedsAValue();
    void configRefusedWhereNotTaken_data();
    void configRefusedWhereNotTaken();
    void optionValueMissing_data();
    void optionValueMissing();
    void flagWithAValueRefused();
    void configGoesBeforeOrAfterTheAction_data();
    void configGoesBeforeOrAfterTheAction();
    void withoutSubcommandServes();
    void bareCommandWithoutConfigSaysWhatToDo();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

Cli &registry()
{
    static QString ignored;
    static QTextStream out(&ignored);
    static Cli cli(out, out);
    return cli;
}

QString spelled(const QString &option)
{
    return (option.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + option;
}

} // namespace

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestCli::topLevelAliases_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    const QString version = QStringLiteral("proxmox-mcpd %1\n").arg(productVersion());
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << version;
    QTest::newRow("version") << QStringList{QStringLiteral("version")} << version;
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << registry().usage();
    QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << registry().usage();
    QTest::newRow("help") << QStringList{QStringLiteral("help")} << registry().usage();
}

void TestCli::topLevelAliases()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const Outcome outcome = runCli(arguments);
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QCOMPARE(outcome.out, expected);
    QVERIFY(outcome.err.isEmpty());
}

void TestCli::unknownSubcommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named");
    QTest::newRow("unknown") << QStringList{QStringLiteral("frobnicate")}
                             << QStringLiteral("unknown subcommand \"frobnicate\"");
    QTest::newRow("an option first") << QStringList{QStringLiteral("--verbose")}
                                     << QStringLiteral("unknown subcommand \"--verbose\"");
    QTest::newRow("help unknown") << QStringList{QStringLiteral("help"), QStringLiteral("nope")}
                                  << QStringLiteral("no help for unknown subcommand \"nope\"");
}

void TestCli::unknownSubcommand()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, named);
    const Outcome outcome = runCli(arguments);
    QCOMPARE(outcome.code, 2);
    QVERIFY(outcome.out.isEmpty());
    QVERIFY2(outcome.err.startsWith(QStringLiteral("proxmox-mcpd: ") + named),
             qPrintable(describe(outcome)));
}

void TestCli::usageListsEverySubcommand()
{
    const QString usage = registry().usage();
    QVERIFY(usage.startsWith(QLatin1String("Usage: proxmox-mcpd [SUBCOMMAND] [OPTIONS]\n")));
    QVERIFY(usage.contains(QLatin1String("--config FILE")));
    QStringList names = registeredSubcommands();
    QVERIFY(names.size() >= 11);
    for (const auto &command : registry().subcommands()) {
        QVERIFY2(!command->summary().contains(QLatin1Char('\n')), qPrintable(command->name()));
        const QString line =
            QStringLiteral("\n  %1 %2\n").arg(command->name(), -14).arg(command->summary());
        QVERIFY2(usage.contains(line), qPrintable(command->name() + QLatin1Char('\n') + usage));
    }
    QCOMPARE(names.removeDuplicates(), 0);
}

void TestCli::helpEqualsDashDashHelp_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : registeredSubcommands())
        QTest::newRow(qPrintable(name)) << name;
}

void TestCli::helpEqualsDashDashHelp()
{
    QFETCH(QString, name);
    const Outcome help = runCli({QStringLiteral("help"), name});
    const Outcome dashDash = runCli({name, QStringLiteral("--help")});
    const Outcome dash = runCli({name, QStringLiteral("-h")});
    if (name == QLatin1String("config")) {
        // `help config` is the configuration reference (docs/CONFIGURATION.md); its section
        // "Changing the configuration" holds the config subcommand's usage.
        QVERIFY(help.out.startsWith(QStringLiteral("# Configuration reference\n")));
        QVERIFY(help.out.contains(registry().subcommand(name)->usage()));
        for (const Outcome &outcome : {dashDash, dash}) {
            QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
            QCOMPARE(outcome.out, registry().subcommand(name)->usage());
        }
        return;
    }
    for (const Outcome &outcome : {help, dashDash, dash}) {
        QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
        QVERIFY(outcome.err.isEmpty());
        QCOMPARE(outcome.out, registry().subcommand(name)->usage());
    }
    QVERIFY2(help.out.startsWith(QStringLiteral("Usage: proxmox-mcpd %1").arg(name)),
             qPrintable(help.out));
    QVERIFY(help.out.endsWith(QLatin1Char('\n')));
}

void TestCli::helpWinsOverMistakes()
{
    // Someone asking for help gets it, whatever else is wrong on the line.
    const Outcome outcome =
        runCli({QStringLiteral("audit"), QStringLiteral("--bogus"), QStringLiteral("--help")});
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QCOMPARE(outcome.out, registry().subcommand(QStringLiteral("audit"))->usage());
}

void TestCli::usageNamesEveryOption_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("option");
    for (const auto &command : registry().subcommands()) {
        if (command->takesConfig())
            QTest::addRow("%s --config", qPrintable(command->name()))
                << command->name() << QStringLiteral("--config FILE");
        for (const QCommandLineOption &option : command->options()) {
            const QString text =
                spelled(option.names().last()) +
                (option.valueName().isEmpty() ? QString() : QLatin1Char(' ') + option.valueName());
            QTest::addRow("%s %s", qPrintable(command->name()), qPrintable(text))
                << command->name() << text;
        }
    }
}

void TestCli::usageNamesEveryOption()
{
    QFETCH(QString, name);
    QFETCH(QString, option);
    const QString usage = registry().subcommand(name)->usage();
    QVERIFY2(usage.contains(option), qPrintable(usage));
}

void TestCli::unknownOptionRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("option");
    for (const QString &name : registeredSubcommands()) {
        QTest::addRow("%s --no-such-option", qPrintable(name))
            << QStringList{name, QStringLiteral("--no-such-option")} << name
            << QStringLiteral("--no-such-option");
    }
    const auto nested = [](const char *row, const QStringList &arguments, const QString &option) {
        QTest::newRow(row) << arguments << arguments.first() << option;
    };
    nested("clients create NAME --bogus",
           {QStringLiteral("clients"), QStringLiteral("create"), QStringLiteral("laptop"),
            QStringLiteral("--bogus")},
           QStringLiteral("--bogus"));
    nested("audit tail -x", {QStringLiteral("audit"), QStringLiteral("tail"), QStringLiteral("-x")},
           QStringLiteral("-x"));
    nested("ssh trust --force=1",
           {QStringLiteral("ssh"), QStringLiteral("trust"), QStringLiteral("--force=1")},
           QStringLiteral("--force"));
    nested("policy check COMMAND --bogus",
           {QStringLiteral("policy"), QStringLiteral("check"), QStringLiteral("qm list"),
            QStringLiteral("--bogus")},
           QStringLiteral("--bogus"));
    nested("clients --read-only before the action, then --bogus",
           {QStringLiteral("clients"), QStringLiteral("--read-only"), QStringLiteral("create"),
            QStringLiteral("x"), QStringLiteral("--bogus")},
           QStringLiteral("--bogus"));
}

void TestCli::unknownOptionRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, name);
    QFETCH(QString, option);
    // Refused before anything runs: no daemon, no client token, no file read.
    const EnvGuard guard("PMCP_CONFIG", writeValidConfig(*m_dir).toLocal8Bit());
    const Outcome outcome = runCli(arguments);
    QVERIFY2(outcome.code == 2, qPrintable(describe(outcome)));
    QVERIFY(outcome.out.isEmpty());
    QCOMPARE(outcome.err, QStringLiteral("proxmox-mcpd: unknown option %1 for `%2`; see "
                                         "`proxmox-mcpd help %2`\n")
                              .arg(option, name));
    QCOMPARE(ClientStore(m_dir->filePath(QStringLiteral("state"))).activeCount(), 0);
}

void TestCli::configNeedsAValue_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("name");
    for (const auto &command : registry().subcommands()) {
        if (!command->takesConfig())
            continue;
        const QString name = command->name();
        QTest::addRow("%s --config", qPrintable(name))
            << QStringList{name, QStringLiteral("--config")} << name;
        QTest::addRow("%s --config=", qPrintable(name))
            << QStringList{name, QStringLiteral("--config=")} << name;
    }
    QTest::newRow("clients create NAME --config")
        << QStringList{QStringLiteral("clients"), QStringLiteral("create"),
                       QStringLiteral("laptop"), QStringLiteral("--config")}
        << QStringLiteral("clients");
    QTest::newRow("clients list --config=")
        << QStringList{QStringLiteral("clients"), QStringLiteral("list"),
                       QStringLiteral("--config=")}
        << QStringLiteral("clients");
    QTest::newRow("ssh trust --yes --config")
        << QStringList{QStringLiteral("ssh"), QStringLiteral("trust"), QStringLiteral("--yes"),
                       QStringLiteral("--config")}
        << QStringLiteral("ssh");
    QTest::newRow("no subcommand, --config")
        << QStringList{QStringLiteral("--config")} << QStringLiteral("serve");
}

void TestCli::configNeedsAValue()
{
    // A forgotten FILE must not silently fall back to the system-wide configuration (and, for
    // `clients create`, to the production client store).
    QFETCH(QStringList, arguments);
    QFETCH(QString, name);
    const EnvGuard guard("PMCP_CONFIG", writeValidConfig(*m_dir).toLocal8Bit());
    const Outcome outcome = runCli(arguments);
    QVERIFY2(outcome.code == 2, qPrintable(describe(outcome)));
    QCOMPARE(outcome.err, QStringLiteral("proxmox-mcpd %1: --config needs a FILE; see "
                                         "`proxmox-mcpd help %1`\n")
                              .arg(name));
    QVERIFY(outcome.out.isEmpty());
    QCOMPARE(ClientStore(m_dir->filePath(QStringLiteral("state"))).activeCount(), 0);
}

void TestCli::configRefusedWhereNotTaken_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &command : registry().subcommands()) {
        if (!command->takesConfig())
            QTest::newRow(qPrintable(command->name())) << command->name();
    }
}

void TestCli::configRefusedWhereNotTaken()
{
    QFETCH(QString, name);
    const Outcome outcome = runCli({name, QStringLiteral("--config"), writeValidConfig(*m_dir)});
    QCOMPARE(outcome.code, 2);
    QVERIFY2(outcome.err.startsWith(
                 QStringLiteral("proxmox-mcpd: unknown option --config for `%1`").arg(name)),
             qPrintable(describe(outcome)));
}

void TestCli::optionValueMissing_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("option");
    for (const auto &command : registry().subcommands()) {
        for (const QCommandLineOption &option : command->options()) {
            if (option.valueName().isEmpty())
                continue;
            const QString text = spelled(option.names().last());
            QTest::addRow("%s %s", qPrintable(command->name()), qPrintable(text))
                << command->name() << text;
        }
    }
}

void TestCli::optionValueMissing()
{
    QFETCH(QString, name);
    QFETCH(QString, option);
    const Outcome outcome = runCli({name, option});
    QVERIFY2(outcome.code == 2, qPrintable(describe(outcome)));
    QCOMPARE(outcome.err,
             QStringLiteral("proxmox-mcpd %1: %2 needs a value; see `proxmox-mcpd help %1`\n")
                 .arg(name, option));
}

void TestCli::flagWithAValueRefused()
{
    const Outcome outcome =
        runCli({QStringLiteral("ssh"), QStringLiteral("trust"), QStringLiteral("--yes=no")});
    QCOMPARE(outcome.code, 2);
    QCOMPARE(outcome.err, QStringLiteral("proxmox-mcpd ssh: --yes takes no value; see "
                                         "`proxmox-mcpd help ssh`\n"));
}

void TestCli::configGoesBeforeOrAfterTheAction_data()
{
    QTest::addColumn<bool>("joined");
    QTest::addColumn<bool>("first");
    QTest::newRow("--config FILE first") << false << true;
    QTest::newRow("--config=FILE first") << true << true;
    QTest::newRow("--config FILE last") << false << false;
    QTest::newRow("--config=FILE last") << true << false;
}

void TestCli::configGoesBeforeOrAfterTheAction()
{
    QFETCH(bool, joined);
    QFETCH(bool, first);
    const QString path = writeValidConfig(*m_dir);
    const QStringList config = joined ? QStringList{QStringLiteral("--config=") + path}
                                      : QStringList{QStringLiteral("--config"), path};
    const QStringList action{QStringLiteral("create"), QStringLiteral("laptop")};
    const Outcome created = runCli(QStringList{QStringLiteral("clients")} +
                                   (first ? config + action : action + config));
    QVERIFY2(created.code == 0, qPrintable(describe(created)));
    // The store is the one under the file's STATE_DIR.
    const auto records = ClientStore(m_dir->filePath(QStringLiteral("state"))).list();
    QVERIFY(records.ok());
    QCOMPARE(records.value().size(), 1);
    QCOMPARE(records.value().first().name, QStringLiteral("laptop"));
}

void TestCli::bareCommandWithoutConfigSaysWhatToDo()
{
    // A first run: no file at the default path. One line, naming the file and the fix.
    const QString path = m_dir->filePath(QStringLiteral("proxmox-mcp.env"));
    qputenv("PMCP_CONFIG", path.toUtf8());
    const Outcome outcome = runCli({});
    qunsetenv("PMCP_CONFIG");
    QCOMPARE(outcome.code, 1);
    QCOMPARE(outcome.err,
             QStringLiteral("proxmox-mcpd serve: the configuration file %1 does not exist; create "
                            "it (see docs/CONFIGURATION.md) or pass --config FILE\n")
                 .arg(path));
}

void TestCli::withoutSubcommandServes()
{
    // An invalid configuration stops serve before it listens: enough to see who got the line.
    const QString path = writeConfig(*m_dir, QStringLiteral("MCP_PORT=80a\n"));
    const Outcome outcome = runCli({QStringLiteral("--config"), path});
    QCOMPARE(outcome.code, 1);
    QVERIFY2(outcome.err.contains(QStringLiteral("proxmox-mcpd serve: %1 is not valid").arg(path)),
             qPrintable(describe(outcome)));
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
