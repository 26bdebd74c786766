#include "server/cli/ConfigLoader.h"

#include "CliTestHelpers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// Which file a subcommand reads, what it reports of it and when it refuses it.
class TestConfigLoader final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void defaultPathFollowsEnvironment();
    void describeNamesKeyAndLine_data();
    void describeNamesKeyAndLine();
    void missingFile_data();
    void missingFile();
    void reportsAsTheCheckAsks_data();
    void reportsAsTheCheckAsks();
    void loadsTheFileUnderTheEnvironment();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestConfigLoader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestConfigLoader::defaultPathFollowsEnvironment()
{
    {
        const EnvGuard guard("PMCP_CONFIG", "/somewhere/else.env");
        QCOMPARE(ConfigLoader::defaultPath(), QStringLiteral("/somewhere/else.env"));
    }
    const EnvGuard cleared("PMCP_CONFIG", QByteArray());
    QCOMPARE(ConfigLoader::defaultPath(), QStringLiteral("/etc/proxmox-mcp/proxmox-mcp.env"));
}

void TestConfigLoader::describeNamesKeyAndLine_data()
{
    QTest::addColumn<int>("severity");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("expected");
    const int error = int(ConfigProblem::Severity::Error);
    const int warning = int(ConfigProblem::Severity::Warning);
    QTest::newRow("error with key and line") << error << QStringLiteral("MCP_PORT") << 3
                                             << QStringLiteral("error: MCP_PORT: bad (line 3)");
    QTest::newRow("warning without line")
        << warning << QStringLiteral("FOO") << 0 << QStringLiteral("warning: FOO: bad");
    QTest::newRow("about the file") << error << QString() << 0 << QStringLiteral("error: bad");
}

void TestConfigLoader::describeNamesKeyAndLine()
{
    QFETCH(int, severity);
    QFETCH(QString, key);
    QFETCH(int, line);
    QFETCH(QString, expected);
    const ConfigProblem problem{ConfigProblem::Severity(severity), key, QStringLiteral("bad"),
                                line};
    QCOMPARE(ConfigLoader::describe(problem), expected);
}

void TestConfigLoader::missingFile_data()
{
    QTest::addColumn<int>("check");
    QTest::addColumn<QString>("message");
    const QString missing =
        QStringLiteral("the configuration file %1 does not exist; create it (see "
                       "docs/CONFIGURATION.md) or pass --config FILE");
    QTest::newRow("Exists") << int(ConfigLoader::Check::Exists) << missing;
    QTest::newRow("NoErrors") << int(ConfigLoader::Check::NoErrors) << missing;
    // The daemon too: one message, not a "cannot read" problem before it.
    QTest::newRow("Valid") << int(ConfigLoader::Check::Valid) << missing;
}

void TestConfigLoader::missingFile()
{
    QFETCH(int, check);
    QFETCH(QString, message);
    const QString path = m_dir->filePath(QStringLiteral("missing.env"));
    QString report;
    QTextStream stream(&report);
    const auto loaded = ConfigLoader(stream).load(path, ConfigLoader::Check(check));
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().message, message.arg(path));
    stream.flush();
    QVERIFY2(report.isEmpty(), qPrintable(report));
}

void TestConfigLoader::reportsAsTheCheckAsks_data()
{
    QTest::addColumn<int>("check");
    QTest::addColumn<QString>("port");
    QTest::addColumn<bool>("loaded");
    QTest::addColumn<bool>("errorReported");
    QTest::addColumn<bool>("warningReported");
    const int exists = int(ConfigLoader::Check::Exists);
    const int noErrors = int(ConfigLoader::Check::NoErrors);
    const int valid = int(ConfigLoader::Check::Valid);
    QTest::newRow("Exists, bad port") << exists << QStringLiteral("80a") << true << false << false;
    QTest::newRow("NoErrors, bad port")
        << noErrors << QStringLiteral("80a") << false << true << false;
    QTest::newRow("NoErrors, good port")
        << noErrors << QStringLiteral("0") << true << false << false;
    QTest::newRow("Valid, bad port") << valid << QStringLiteral("80a") << false << true << true;
    QTest::newRow("Valid, good port") << valid << QStringLiteral("0") << true << false << true;
}

void TestConfigLoader::reportsAsTheCheckAsks()
{
    QFETCH(int, check);
    QFETCH(QString, port);
    QFETCH(bool, loaded);
    QFETCH(bool, errorReported);
    QFETCH(bool, warningReported);
    const QString path = writeConfig(
        *m_dir, QStringLiteral("STATE_DIR=%1\nENABLE_PROXMOX_API=false\nENABLE_SSH=false\nFOO=1\n"
                               "MCP_PORT=%2\n")
                    .arg(m_dir->filePath(QStringLiteral("state")), port));
    QString report;
    QTextStream stream(&report);
    const auto result = ConfigLoader(stream).load(path, ConfigLoader::Check(check));
    stream.flush();
    QCOMPARE(result.ok(), loaded);
    QCOMPARE(report.contains(QLatin1String("error: MCP_PORT: ")), errorReported);
    QCOMPARE(report.contains(QLatin1String("warning: FOO: ")), warningReported);
    if (errorReported)
        QVERIFY2(report.contains(QLatin1String("(line 5)")), qPrintable(report));
}

void TestConfigLoader::loadsTheFileUnderTheEnvironment()
{
    const QString path = writeValidConfig(*m_dir);
    const EnvGuard guard("LOG_LEVEL", "DEBUG");
    QString report;
    QTextStream stream(&report);
    const auto loaded = ConfigLoader(stream).load(path, ConfigLoader::Check::Valid);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.value().string(ConfigKey::StateDir), m_dir->filePath(QStringLiteral("state")));
    QCOMPARE(loaded.value().string(ConfigKey::LogLevel), QStringLiteral("DEBUG"));
}

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "TestConfigLoader.moc"
