#include "server/cli/ManPage.h"

#include "CliTestHelpers.h"
#include "server/cli/Cli.h"

#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// proxmox-mcpd(1): every subcommand's usage, as --help prints it, in roff that man can read.
class TestManPage final : public QObject {
    Q_OBJECT

private slots:
    void escape_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("roff");
        QTest::newRow("minus signs")
            << QStringLiteral("--config FILE") << QStringLiteral("\\-\\-config FILE");
        QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("a\\eb");
        QTest::newRow("request at a line start") << QStringLiteral("x\n.env and\n'quoted")
                                                 << QStringLiteral("x\n\\&.env and\n\\&'quoted");
        QTest::newRow("dot inside a line")
            << QStringLiteral("proxmox-mcp.env") << QStringLiteral("proxmox\\-mcp.env");
    }
    void escape()
    {
        QFETCH(QString, text);
        QFETCH(QString, roff);
        QCOMPARE(ManPage::escape(text), roff);
    }

    void everySubcommandHasItsSection()
    {
        QString ignored;
        QTextStream out(&ignored);
        const Cli cli(out, out);
        const QString page = ManPage::roff(cli);
        QVERIFY(page.startsWith(QStringLiteral(".TH PROXMOX\\-MCPD 1 ")));
        int previous = -1;
        for (const QString &name : registeredSubcommands()) {
            const int at = page.indexOf(QStringLiteral("\n.SS %1\n").arg(ManPage::escape(name)));
            QVERIFY2(at > previous, qPrintable(name)); // present, in the overview's order
            previous = at;
            // The usage itself, line by line, so the page says what --help says.
            const QString usage = cli.subcommand(name)->usage();
            for (const QString &line : usage.split(u'\n', Qt::SkipEmptyParts))
                QVERIFY2(page.contains(ManPage::escape(line)), qPrintable(line));
        }
    }

    void printedByHelpMan()
    {
        const Outcome outcome = runCli({QStringLiteral("help"), QStringLiteral("man")});
        QCOMPARE(outcome.code, 0);
        QString ignored;
        QTextStream out(&ignored);
        QCOMPARE(outcome.out, ManPage::roff(Cli(out, out)));
    }

    void noLineReadsAsAnUnknownRequest()
    {
        // Every line starting with a dot is one of the few requests the page uses.
        QString ignored;
        QTextStream out(&ignored);
        const QStringList known = {QStringLiteral(".TH"), QStringLiteral(".SH"),
                                   QStringLiteral(".SS"), QStringLiteral(".PP"),
                                   QStringLiteral(".TP"), QStringLiteral(".B"),
                                   QStringLiteral(".I"),  QStringLiteral(".RI"),
                                   QStringLiteral(".nf"), QStringLiteral(".fi")};
        for (const QString &line : ManPage::roff(Cli(out, out)).split(u'\n')) {
            if (line.startsWith(u'.') || line.startsWith(u'\''))
                QVERIFY2(known.contains(line.section(u' ', 0, 0)), qPrintable(line));
        }
    }
};

QTEST_GUILESS_MAIN(TestManPage)
#include "TestManPage.moc"
