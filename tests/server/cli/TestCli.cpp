#include "server/cli/Cli.h"

#include "CliTestHelpers.h"
#include "server/auth/ClientStore.h"
#include "shared/core/Version.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

using namespace pmcp;
using namespace pmcp::test;

class TestCli final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void version_data();
    void version();
    void help_data();
    void help();
    void unknownSubcommand_data();
    void unknownSubcommand();
    void defaultConfigPathFollowsEnvironment();
    void checkConfigValid();
    void checkConfigReportsEveryBadKey();
    void checkConfigMissingFile();
    void checkConfigRejectsExtraArgument();
    void configOptionForms_data();
    void configOptionForms();
    void configOptionNeedsAValue_data();
    void configOptionNeedsAValue();
    void clientsCreatePrintsTokenLast();
    void clientsCreateReadOnlyWithExpiry();
    void clientsCreateBadExpiry_data();
    void clientsCreateBadExpiry();
    void clientsCreateDuplicate();
    void clientsCreateBadName();
    void clientsUsageErrors_data();
    void clientsUsageErrors();
    void clientsListNeverShowsTokens();
    void clientsRevoke();
    void clientsRevokeUnknown();
    void clientsNeedAnExistingConfig();
    void environmentOverridesStateDir();
    void serveRefusesInvalidConfig();
    void serveStopsOnSigterm();

private:
    QString writeConfig(const QString &content);
    QString validConfig();

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestCli::writeConfig(const QString &content)
{
    const QString path = m_dir->filePath(QStringLiteral("proxmox-mcp.env"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(content.toUtf8());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

QString TestCli::validConfig()
{
    return writeConfig(QStringLiteral("STATE_DIR=%1\nMCP_PORT=0\nENABLE_PROXMOX_API=false\n"
                                      "ENABLE_SSH=false\n")
                           .arg(m_dir->filePath(QStringLiteral("state"))));
}

void TestCli::version_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")};
    QTest::newRow("version") << QStringList{QStringLiteral("version")};
}

void TestCli::version()
{
    QFETCH(QStringList, arguments);
    const Outcome outcome = runCli(arguments);
    QCOMPARE(outcome.code, 0);
    QCOMPARE(outcome.out, QStringLiteral("proxmox-mcpd %1\n").arg(productVersion()));
    QVERIFY(outcome.err.isEmpty());
}

void TestCli::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << Cli::usage();
    QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << Cli::usage();
    QTest::newRow("help") << QStringList{QStringLiteral("help")} << Cli::usage();
    QTest::newRow("help clients") << QStringList{QStringLiteral("help"), QStringLiteral("clients")}
                                  << Cli::usage(QStringLiteral("clients"));
    QTest::newRow("help check-config")
        << QStringList{QStringLiteral("help"), QStringLiteral("check-config")}
        << Cli::usage(QStringLiteral("check-config"));
    QTest::newRow("clients --help")
        << QStringList{QStringLiteral("clients"), QStringLiteral("--help")}
        << Cli::usage(QStringLiteral("clients"));
    QTest::newRow("stdio -h") << QStringList{QStringLiteral("stdio"), QStringLiteral("-h")}
                              << Cli::usage(QStringLiteral("stdio"));
}

void TestCli::help()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const Outcome outcome = runCli(arguments);
    QCOMPARE(outcome.code, 0);
    QCOMPARE(outcome.out, expected);
    QVERIFY(outcome.err.isEmpty());
    QVERIFY(outcome.out.startsWith(QLatin1String("Usage: proxmox-mcpd")));
}

void TestCli::unknownSubcommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named");
    QTest::newRow("unknown") << QStringList{QStringLiteral("frobnicate")}
                             << QStringLiteral("unknown subcommand \"frobnicate\"");
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

void TestCli::defaultConfigPathFollowsEnvironment()
{
    {
        const EnvGuard guard("PMCP_CONFIG", "/somewhere/else.env");
        QCOMPARE(Cli::defaultConfigPath(), QStringLiteral("/somewhere/else.env"));
    }
    const EnvGuard cleared("PMCP_CONFIG", QByteArray());
    QCOMPARE(Cli::defaultConfigPath(), QStringLiteral("/etc/proxmox-mcp/proxmox-mcp.env"));
}

void TestCli::checkConfigValid()
{
    const QString path = validConfig();
    const Outcome outcome =
        runCli({QStringLiteral("check-config"), QStringLiteral("--config"), path});
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY2(
        outcome.out.endsWith(QStringLiteral("%1: valid (0 error(s), 0 warning(s))\n").arg(path)),
        qPrintable(describe(outcome)));
    QVERIFY(!outcome.out.contains(QLatin1String("error:")));
}

void TestCli::checkConfigReportsEveryBadKey()
{
    const QString path = writeConfig(
        QStringLiteral("MCP_PORT=80a\nLOG_LEVEL=LOUD\nPROXMOX_VERIFY_SSL=maybe\nFOO=1\n"
                       "IMAGE_TAG=x\nSTATE_DIR=%1\nENABLE_PROXMOX_API=false\nENABLE_SSH=false\n")
            .arg(m_dir->filePath(QStringLiteral("state"))));
    const Outcome outcome =
        runCli({QStringLiteral("check-config"), QStringLiteral("--config=") + path});
    QVERIFY2(outcome.code == 1, qPrintable(describe(outcome)));
    const QStringList lines = outcome.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const auto lineFor = [&lines](const QString &prefix) {
        for (const QString &line : lines) {
            if (line.startsWith(prefix))
                return line;
        }
        return QString();
    };
    const QList<std::pair<QString, int>> errors{{QStringLiteral("MCP_PORT"), 1},
                                                {QStringLiteral("LOG_LEVEL"), 2},
                                                {QStringLiteral("PROXMOX_VERIFY_SSL"), 3}};
    for (const auto &[key, line] : errors) {
        const QString found = lineFor(QStringLiteral("error: %1: ").arg(key));
        QVERIFY2(!found.isEmpty(), qPrintable(key + QLatin1Char('\n') + describe(outcome)));
        QVERIFY2(found.endsWith(QStringLiteral("(line %1)").arg(line)), qPrintable(found));
    }
    const QList<std::pair<QString, int>> warnings{{QStringLiteral("FOO"), 4},
                                                  {QStringLiteral("IMAGE_TAG"), 5}};
    for (const auto &[key, line] : warnings) {
        const QString found = lineFor(QStringLiteral("warning: %1: ").arg(key));
        QVERIFY2(!found.isEmpty(), qPrintable(key + QLatin1Char('\n') + describe(outcome)));
        QVERIFY2(found.endsWith(QStringLiteral("(line %1)").arg(line)), qPrintable(found));
    }
    // The bad values themselves are quoted, the unknown key's value never is.
    QVERIFY(lineFor(QStringLiteral("error: MCP_PORT")).contains(QLatin1String("80a")));
    QVERIFY(!lineFor(QStringLiteral("warning: FOO")).contains(QLatin1String("=1")));
    QVERIFY2(lines.last() == QStringLiteral("%1: invalid (3 error(s), 2 warning(s))").arg(path),
             qPrintable(describe(outcome)));
}

void TestCli::checkConfigMissingFile()
{
    const QString path = m_dir->filePath(QStringLiteral("does-not-exist.env"));
    const Outcome outcome =
        runCli({QStringLiteral("check-config"), QStringLiteral("--config"), path});
    QCOMPARE(outcome.code, 1);
    const QStringList lines = outcome.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(!lines.isEmpty() && lines.first().startsWith(QLatin1String("error: ")) &&
                 lines.first().contains(path),
             qPrintable(describe(outcome)));
}

void TestCli::checkConfigRejectsExtraArgument()
{
    const Outcome outcome = runCli({QStringLiteral("check-config"), QStringLiteral("--config"),
                                    validConfig(), QStringLiteral("extra")});
    QCOMPARE(outcome.code, 2);
    QVERIFY(outcome.err.contains(QLatin1String("unexpected argument \"extra\"")));
}

void TestCli::configOptionForms_data()
{
    QTest::addColumn<bool>("joined");
    QTest::newRow("--config FILE") << false;
    QTest::newRow("--config=FILE") << true;
}

void TestCli::configOptionForms()
{
    QFETCH(bool, joined);
    const QString path = validConfig();
    const QStringList config = joined ? QStringList{QStringLiteral("--config=") + path}
                                      : QStringList{QStringLiteral("--config"), path};
    // The option may come before or after the action and its NAME.
    const Outcome created = runCli(QStringList{QStringLiteral("clients")} + config +
                                   QStringList{QStringLiteral("create"), QStringLiteral("laptop")});
    QVERIFY2(created.code == 0, qPrintable(describe(created)));
    const Outcome listed =
        runCli(QStringList{QStringLiteral("clients"), QStringLiteral("list")} + config);
    QVERIFY2(listed.code == 0, qPrintable(describe(listed)));
    QVERIFY(listed.out.contains(QLatin1String("laptop")));
    // The store is the one under the file's STATE_DIR.
    ClientStore store(m_dir->filePath(QStringLiteral("state")));
    const auto records = store.list();
    QVERIFY(records.ok());
    QCOMPARE(records.value().size(), 1);
    QCOMPARE(records.value().first().name, QStringLiteral("laptop"));
}

void TestCli::configOptionNeedsAValue_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("check-config --config")
        << QStringList{QStringLiteral("check-config"), QStringLiteral("--config")};
    QTest::newRow("check-config --config=")
        << QStringList{QStringLiteral("check-config"), QStringLiteral("--config=")};
    QTest::newRow("clients create --config")
        << QStringList{QStringLiteral("clients"), QStringLiteral("create"),
                       QStringLiteral("laptop"), QStringLiteral("--config")};
    QTest::newRow("clients list --config=") << QStringList{
        QStringLiteral("clients"), QStringLiteral("list"), QStringLiteral("--config=")};
    QTest::newRow("serve --config") << QStringList{QStringLiteral("--config")};
    QTest::newRow("stdio --config")
        << QStringList{QStringLiteral("stdio"), QStringLiteral("--config")};
}

void TestCli::configOptionNeedsAValue()
{
    // A forgotten FILE must not silently fall back to the system-wide configuration (and, for
    // `clients create`, to the production client store).
    QFETCH(QStringList, arguments);
    const EnvGuard guard("PMCP_CONFIG", validConfig().toLocal8Bit());
    const Outcome outcome = runCli(arguments);
    QVERIFY2(outcome.code == 2, qPrintable(describe(outcome)));
    QVERIFY2(outcome.err.contains(QLatin1String("--config needs a FILE")),
             qPrintable(describe(outcome)));
    QVERIFY(!outcome.out.contains(QLatin1String("pmcp_")));
    ClientStore store(m_dir->filePath(QStringLiteral("state")));
    QCOMPARE(store.activeCount(), 0);
}

void TestCli::clientsCreatePrintsTokenLast()
{
    const QString path = validConfig();
    const Outcome outcome = runCli({QStringLiteral("clients"), QStringLiteral("create"),
                                    QStringLiteral("laptop"), QStringLiteral("--config"), path});
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY(outcome.out.endsWith(QLatin1Char('\n')));
    const QStringList lines = outcome.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 2);
    const QString token = lines.last();
    QVERIFY2(kToken.match(token).hasMatch(), qPrintable(token));
    QCOMPARE(outcome.out.count(token), 1);
    QVERIFY(lines.first().contains(QLatin1String("laptop")));
    // The printed token is the one the store accepts.
    ClientStore store(m_dir->filePath(QStringLiteral("state")));
    const auto identity = store.authenticate(token.toLatin1());
    QVERIFY(identity.has_value());
    QCOMPARE(identity->name, QStringLiteral("laptop"));
    QVERIFY(!identity->readOnly);
}

void TestCli::clientsCreateReadOnlyWithExpiry()
{
    const QString path = validConfig();
    const Outcome outcome =
        runCli({QStringLiteral("clients"), QStringLiteral("create"), QStringLiteral("reader"),
                QStringLiteral("--read-only"), QStringLiteral("--expires-days"),
                QStringLiteral("30"), QStringLiteral("--config"), path});
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY(outcome.out.contains(QLatin1String("(read-only)")));
    QVERIFY(outcome.out.contains(QLatin1String("expires in 30 day(s)")));
    const QString token = outcome.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).last();
    QVERIFY(kToken.match(token).hasMatch());

    ClientStore store(m_dir->filePath(QStringLiteral("state")));
    const auto identity = store.authenticate(token.toLatin1());
    QVERIFY(identity.has_value());
    QVERIFY(identity->readOnly);
    const auto records = store.list();
    QVERIFY(records.ok());
    const QDateTime expires = records.value().first().expires;
    QVERIFY(expires.isValid());
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().daysTo(expires) - 30) <= 1);
}

void TestCli::clientsCreateBadExpiry_data()
{
    QTest::addColumn<QStringList>("option");
    QTest::newRow("zero") << QStringList{QStringLiteral("--expires-days"), QStringLiteral("0")};
    QTest::newRow("negative") << QStringList{QStringLiteral("--expires-days=-3")};
    QTest::newRow("not a number") << QStringList{QStringLiteral("--expires-days"),
                                                 QStringLiteral("abc")};
    QTest::newRow("fraction") << QStringList{QStringLiteral("--expires-days=1.5")};
    QTest::newRow("too many") << QStringList{QStringLiteral("--expires-days=36501")};
    QTest::newRow("missing value") << QStringList{QStringLiteral("--expires-days")};
}

void TestCli::clientsCreateBadExpiry()
{
    QFETCH(QStringList, option);
    const QString path = validConfig();
    const Outcome outcome =
        runCli(QStringList{QStringLiteral("clients"), QStringLiteral("--config"), path,
                           QStringLiteral("create"), QStringLiteral("laptop")} +
               option);
    QVERIFY2(outcome.code == 2, qPrintable(describe(outcome)));
    QVERIFY(outcome.err.contains(QLatin1String("--expires-days")));
    QVERIFY(!outcome.out.contains(QLatin1String("pmcp_")));
    ClientStore store(m_dir->filePath(QStringLiteral("state")));
    QCOMPARE(store.activeCount(), 0);
}

void TestCli::clientsCreateDuplicate()
{
    const QString path = validConfig();
    const QStringList create{QStringLiteral("clients"), QStringLiteral("create"),
                             QStringLiteral("laptop"), QStringLiteral("--config"), path};
    QCOMPARE(runCli(create).code, 0);
    const Outcome again = runCli(create);
    QVERIFY2(again.code == 1, qPrintable(describe(again)));
    QVERIFY(again.err.contains(QLatin1String("laptop")));
    QVERIFY(!again.out.contains(QLatin1String("pmcp_")));
}

void TestCli::clientsCreateBadName()
{
    const Outcome outcome =
        runCli({QStringLiteral("clients"), QStringLiteral("create"), QStringLiteral("bad name!"),
                QStringLiteral("--config"), validConfig()});
    QCOMPARE(outcome.code, 1);
    QVERIFY(outcome.err.contains(QLatin1String("invalid client name")));
}

void TestCli::clientsUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no action") << QStringList{} << QStringLiteral("clients needs an action");
    QTest::newRow("unknown action")
        << QStringList{QStringLiteral("frob")} << QStringLiteral("unknown clients action \"frob\"");
    QTest::newRow("create without name")
        << QStringList{QStringLiteral("create")} << QStringLiteral("exactly one NAME");
    QTest::newRow("create two names")
        << QStringList{QStringLiteral("create"), QStringLiteral("a"), QStringLiteral("b")}
        << QStringLiteral("exactly one NAME");
    QTest::newRow("list with name") << QStringList{QStringLiteral("list"), QStringLiteral("a")}
                                    << QStringLiteral("takes no NAME");
    QTest::newRow("list --read-only")
        << QStringList{QStringLiteral("list"), QStringLiteral("--read-only")}
        << QStringLiteral("go with clients create");
    QTest::newRow("revoke without name")
        << QStringList{QStringLiteral("revoke")} << QStringLiteral("exactly one NAME");
}

void TestCli::clientsUsageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Outcome outcome =
        runCli(QStringList{QStringLiteral("clients"), QStringLiteral("--config"), validConfig()} +
               arguments);
    QVERIFY2(outcome.code == 2, qPrintable(describe(outcome)));
    QVERIFY2(outcome.err.contains(message), qPrintable(describe(outcome)));
}

void TestCli::clientsListNeverShowsTokens()
{
    const QString path = validConfig();
    const Outcome a = runCli({QStringLiteral("clients"), QStringLiteral("create"),
                              QStringLiteral("alpha"), QStringLiteral("--config"), path});
    const Outcome b =
        runCli({QStringLiteral("clients"), QStringLiteral("create"), QStringLiteral("beta"),
                QStringLiteral("--read-only"), QStringLiteral("--config"), path});
    QCOMPARE(a.code, 0);
    QCOMPARE(b.code, 0);
    const QString tokenA = a.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).last();
    const QString tokenB = b.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).last();

    const Outcome listed = runCli(
        {QStringLiteral("clients"), QStringLiteral("list"), QStringLiteral("--config"), path});
    QVERIFY2(listed.code == 0, qPrintable(describe(listed)));
    const QStringList lines = listed.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QStringList header = lines[0].split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QCOMPARE(header.mid(0, 3), (QStringList{QStringLiteral("NAME"), QStringLiteral("ACCESS"),
                                            QStringLiteral("STATE")}));
    QCOMPARE(
        lines[1].split(QLatin1Char(' '), Qt::SkipEmptyParts).mid(0, 3),
        (QStringList{QStringLiteral("alpha"), QStringLiteral("full"), QStringLiteral("active")}));
    QCOMPARE(lines[2].split(QLatin1Char(' '), Qt::SkipEmptyParts).mid(0, 3),
             (QStringList{QStringLiteral("beta"), QStringLiteral("read-only"),
                          QStringLiteral("active")}));
    QVERIFY(lines[1].endsWith(QLatin1String("never")));
    // Neither the tokens nor their hashes are printed.
    QVERIFY(!listed.out.contains(QLatin1String("pmcp_")));
    QVERIFY(!listed.out.contains(tokenA.mid(5, 12)));
    QVERIFY(!listed.out.contains(tokenB.mid(5, 12)));
    ClientStore store(m_dir->filePath(QStringLiteral("state")));
    const auto records = store.list();
    QVERIFY(records.ok());
    for (const auto &record : records.value())
        QVERIFY(!listed.out.contains(QString::fromLatin1(record.tokenHash.left(16))));
}

void TestCli::clientsRevoke()
{
    const QString path = validConfig();
    const Outcome created = runCli({QStringLiteral("clients"), QStringLiteral("create"),
                                    QStringLiteral("laptop"), QStringLiteral("--config"), path});
    QCOMPARE(created.code, 0);
    const QString token = created.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).last();

    const Outcome revoked = runCli({QStringLiteral("clients"), QStringLiteral("revoke"),
                                    QStringLiteral("laptop"), QStringLiteral("--config"), path});
    QVERIFY2(revoked.code == 0, qPrintable(describe(revoked)));
    QCOMPARE(revoked.out, QStringLiteral("Revoked client laptop\n"));

    const Outcome listed = runCli(
        {QStringLiteral("clients"), QStringLiteral("list"), QStringLiteral("--config"), path});
    const QStringList lines = listed.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(
        lines[1].split(QLatin1Char(' '), Qt::SkipEmptyParts).mid(0, 3),
        (QStringList{QStringLiteral("laptop"), QStringLiteral("full"), QStringLiteral("revoked")}));
    ClientStore store(m_dir->filePath(QStringLiteral("state")));
    QVERIFY(!store.authenticate(token.toLatin1()).has_value());
}

void TestCli::clientsRevokeUnknown()
{
    const Outcome outcome =
        runCli({QStringLiteral("clients"), QStringLiteral("revoke"), QStringLiteral("ghost"),
                QStringLiteral("--config"), validConfig()});
    QVERIFY2(outcome.code == 1, qPrintable(describe(outcome)));
    QVERIFY(outcome.err.contains(QLatin1String("ghost")));
    QVERIFY(outcome.out.isEmpty());
}

void TestCli::clientsNeedAnExistingConfig()
{
    const QString path = m_dir->filePath(QStringLiteral("missing.env"));
    const Outcome outcome = runCli({QStringLiteral("clients"), QStringLiteral("create"),
                                    QStringLiteral("laptop"), QStringLiteral("--config"), path});
    QCOMPARE(outcome.code, 1);
    QVERIFY2(outcome.err.contains(path), qPrintable(describe(outcome)));
    QVERIFY(!outcome.out.contains(QLatin1String("pmcp_")));
}

void TestCli::environmentOverridesStateDir()
{
    const QString path = validConfig();
    const QString otherState = m_dir->filePath(QStringLiteral("other-state"));
    const bool wasSet = qEnvironmentVariableIsSet("STATE_DIR");
    const QByteArray before = qgetenv("STATE_DIR");
    {
        const EnvGuard guard("STATE_DIR", otherState.toLocal8Bit());
        const Outcome outcome =
            runCli({QStringLiteral("clients"), QStringLiteral("create"),
                    QStringLiteral("envclient"), QStringLiteral("--config"), path});
        QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    }
    QCOMPARE(qEnvironmentVariableIsSet("STATE_DIR"), wasSet);
    QCOMPARE(qgetenv("STATE_DIR"), before);
    ClientStore other(otherState);
    QCOMPARE(other.activeCount(), 1);
    ClientStore fromFile(m_dir->filePath(QStringLiteral("state")));
    QCOMPARE(fromFile.activeCount(), 0);
}

void TestCli::serveRefusesInvalidConfig()
{
    const QString path = writeConfig(QStringLiteral("MCP_PORT=80a\n"));
    const Outcome outcome = runCli({QStringLiteral("serve"), QStringLiteral("--config"), path});
    QCOMPARE(outcome.code, 1);
    QVERIFY2(outcome.err.contains(QLatin1String("error: MCP_PORT:")),
             qPrintable(describe(outcome)));
    QVERIFY(outcome.err.contains(QStringLiteral("%1 is not valid").arg(path)));
}

void TestCli::serveStopsOnSigterm()
{
    // `serve` runs the event loop until SIGTERM. Raised as soon as the loop runs, the signal
    // must end it cleanly with exit code 0.
    const QString path = validConfig();
    QtMessageHandler previous = qInstallMessageHandler(nullptr);
    qInstallMessageHandler(previous);
    QTimer::singleShot(0, qApp, [] { std::raise(SIGTERM); });
    const Outcome outcome = runCli({QStringLiteral("--config"), path});
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("state"))));
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
