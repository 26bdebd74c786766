#include "server/cli/CheckConfigCommand.h"

#include "CliTestHelpers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// `proxmox-mcpd check-config`: every problem on stdout with its key and line, and the verdict.
class TestCheckConfigCommand final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void valid();
    void reportsEveryBadKey();
    void missingFile();
    void syntaxErrorsDoNotHideTheOtherProblems();
    void rejectsExtraArgument();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCheckConfigCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestCheckConfigCommand::valid()
{
    const QString path = writeValidConfig(*m_dir);
    const Outcome outcome =
        runCli({QStringLiteral("check-config"), QStringLiteral("--config"), path});
    QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
    QVERIFY2(
        outcome.out.endsWith(QStringLiteral("%1: valid (0 error(s), 0 warning(s))\n").arg(path)),
        qPrintable(describe(outcome)));
    QVERIFY(!outcome.out.contains(QLatin1String("error:")));
}

void TestCheckConfigCommand::reportsEveryBadKey()
{
    const QString path = writeConfig(
        *m_dir,
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

void TestCheckConfigCommand::missingFile()
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

void TestCheckConfigCommand::syntaxErrorsDoNotHideTheOtherProblems()
{
    const QString path = writeConfig(
        *m_dir, QStringLiteral("MCP_PORT=80a\nBROKEN LINE\nLOG_LEVEL=LOUD\n1BAD=x\nFOO=1\n"
                               "STATE_DIR=%1\nENABLE_PROXMOX_API=false\nENABLE_SSH=false\n")
                    .arg(m_dir->filePath(QStringLiteral("state"))));
    const Outcome outcome =
        runCli({QStringLiteral("check-config"), QStringLiteral("--config"), path});
    QVERIFY2(outcome.code == 1, qPrintable(describe(outcome)));
    const QStringList lines = outcome.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    // Both syntax errors, and the problems of the lines after the first of them.
    QCOMPARE(lines.filter(QStringLiteral("(line 2)")).size(), 1);
    QVERIFY2(lines.filter(QStringLiteral("(line 2)")).first().startsWith(QLatin1String("error: ")),
             qPrintable(describe(outcome)));
    QCOMPARE(lines.filter(QStringLiteral("(line 4)")).size(), 1);
    QVERIFY2(!lines.filter(QStringLiteral("error: MCP_PORT: ")).isEmpty(),
             qPrintable(describe(outcome)));
    QVERIFY2(!lines.filter(QStringLiteral("error: LOG_LEVEL: ")).isEmpty(),
             qPrintable(describe(outcome)));
    QVERIFY2(!lines.filter(QStringLiteral("warning: FOO: ")).isEmpty(),
             qPrintable(describe(outcome)));
    // Each line number once: "line 2: ... (line 2)" would say it twice.
    for (const QString &line : lines)
        QVERIFY2(!line.contains(QLatin1String("line 2:")) &&
                     !line.contains(QLatin1String("line 4:")),
                 qPrintable(line));
    QVERIFY2(lines.last() == QStringLiteral("%1: invalid (4 error(s), 1 warning(s))").arg(path),
             qPrintable(describe(outcome)));
}

void TestCheckConfigCommand::rejectsExtraArgument()
{
    const Outcome outcome = runCli({QStringLiteral("check-config"), QStringLiteral("--config"),
                                    writeValidConfig(*m_dir), QStringLiteral("extra")});
    QCOMPARE(outcome.code, 2);
    QVERIFY(outcome.err.contains(QLatin1String("unexpected argument \"extra\"")));
}

QTEST_GUILESS_MAIN(TestCheckConfigCommand)
#include "TestCheckConfigCommand.moc"
