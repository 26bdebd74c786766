#include "server/cli/VersionCommand.h"

#include "CliTestHelpers.h"
#include "shared/core/Version.h"

#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// `proxmox-mcpd version`: one line with the product version, and nothing else.
class TestVersionCommand final : public QObject {
    Q_OBJECT

private slots:
    void printsTheVersion();
    void rejectsArguments();
};

void TestVersionCommand::printsTheVersion()
{
    QString out;
    QString err;
    {
        QTextStream outStream(&out);
        QTextStream errStream(&err);
        QCOMPARE(VersionCommand(outStream, errStream).run({}), 0);
    }
    QCOMPARE(out, QStringLiteral("proxmox-mcpd %1\n").arg(productVersion()));
    QVERIFY(!productVersion().isEmpty());
    QVERIFY(err.isEmpty());
}

void TestVersionCommand::rejectsArguments()
{
    const Outcome outcome = runCli({QStringLiteral("version"), QStringLiteral("extra")});
    QCOMPARE(outcome.code, 2);
    QVERIFY(outcome.out.isEmpty());
    QVERIFY2(outcome.err.startsWith(
                 QLatin1String("proxmox-mcpd version: unexpected argument \"extra\"")),
             qPrintable(describe(outcome)));
}

QTEST_GUILESS_MAIN(TestVersionCommand)
#include "TestVersionCommand.moc"
