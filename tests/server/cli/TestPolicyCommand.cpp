#include "server/cli/PolicyCommand.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {
struct Run {
    int code = 0;
    QString out;
    QString err;
};

Run run(const QStringList &arguments)
{
    Run result;
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    result.code = PolicyCommand(out, err).run(arguments);
    return result;
}
} // namespace

class TestPolicyCommand final : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        // No /etc configuration is read: each test gives its own or none.
        qputenv("PMCP_CONFIG", QByteArrayLiteral("/nonexistent/proxmox-mcp.env"));
    }

    void checkAllowsAndDenies_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("expected");
        QTest::newRow("read") << QStringLiteral("qm list") << 0 << QStringLiteral("allowed");
        QTest::newRow("rm root") << QStringLiteral("rm -rf /") << 1
                                 << QStringLiteral("denied by rule rm-root");
        QTest::newRow("quoted") << QStringLiteral("'r'm -rf /etc") << 1
                                << QStringLiteral("denied by rule");
        QTest::newRow("a person decides")
            << QStringLiteral("qm destroy 100") << 1
            << QStringLiteral("needs a person's confirmation by rule core-guest-destroy-qemu");
        QTest::newRow("unknown program") << QStringLiteral("frobnicate --all") << 1
                                         << QStringLiteral("denied by rule unknown-program");
    }

    void checkAllowsAndDenies()
    {
        QFETCH(QString, command);
        QFETCH(int, code);
        QFETCH(QString, expected);
        const Run r = run({QStringLiteral("check"), command});
        QCOMPARE(r.code, code);
        QVERIFY2(r.out.startsWith(expected), qPrintable(r.out));
    }

    void showPrintsTheBuiltInRules()
    {
        const Run r = run({QStringLiteral("show")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("rm-root")));
    }

    void aRulesFileFromTheConfigurationIsUsed()
    {
        QTemporaryDir dir;
        const QString rules = dir.filePath(QStringLiteral("rules.txt"));
        QFile file(rules);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("mode allowlist\nallow qm-read qm list -- reading guests\n");
        file.close();
        const QString config = dir.filePath(QStringLiteral("p.env"));
        QFile env(config);
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("ENABLE_PROXMOX_API=false\nENABLE_SSH=false\nSTATE_DIR=" + dir.path().toUtf8() +
                  "\nCOMMAND_POLICY_FILE=" + rules.toUtf8() + "\n");
        env.close();
        const Run allowed = run({QStringLiteral("check"), QStringLiteral("qm list"),
                                 QStringLiteral("--config"), config});
        QCOMPARE(allowed.code, 0);
        QVERIFY2(allowed.out.contains(QStringLiteral("qm-read")), qPrintable(allowed.out));
        const Run denied = run(
            {QStringLiteral("check"), QStringLiteral("df -h"), QStringLiteral("--config"), config});
        QCOMPARE(denied.code, 1); // allowlist: what no rule allows is denied
        const Run shown = run({QStringLiteral("show"), QStringLiteral("--config"), config});
        QVERIFY(shown.out.startsWith(QStringLiteral("mode allowlist")));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("nothing") << QStringList{};
        QTest::newRow("unknown action") << QStringList{QStringLiteral("list")};
        QTest::newRow("check without command") << QStringList{QStringLiteral("check")};
        QTest::newRow("show with argument")
            << QStringList{QStringLiteral("show"), QStringLiteral("x")};
        QTest::newRow("config without file")
            << QStringList{QStringLiteral("show"), QStringLiteral("--config")};
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        const Run r = run(arguments);
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPolicyCommand)
#include "TestPolicyCommand.moc"
