#include "server/cli/AdminTokenCommand.h"

#include "CliTestHelpers.h"
#include "server/auth/AdminTokenStore.h"
#include "server/auth/ClientStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

namespace {

const QRegularExpression kAdminToken(QStringLiteral("^pmcp_admin_[A-Za-z0-9_-]{43}$"));

} // namespace

// `proxmox-mcpd admin-token create|list|revoke` through the dispatcher, against a store in a
// temporary STATE_DIR.
class TestAdminTokenCommand final : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_config = writeValidConfig(*m_dir);
    }

    void createPrintsATokenOnlyTheAdminStoreAccepts()
    {
        const Outcome outcome = run({QStringLiteral("create"), QStringLiteral("desktop"),
                                     QStringLiteral("--expires-days"), QStringLiteral("90")});
        QVERIFY2(outcome.code == 0, qPrintable(describe(outcome)));
        const QStringList lines = outcome.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QString token = lines.last();
        QVERIFY2(kAdminToken.match(token).hasMatch(), qPrintable(token));
        QVERIFY(lines.first().contains(QLatin1String("expires in 90 day(s)")));
        const QString stateDir = m_dir->filePath(QStringLiteral("state"));
        AdminTokenStore admins(stateDir);
        QCOMPARE(admins.authenticate(token.toLatin1())->name, QStringLiteral("desktop"));
        ClientStore clients(stateDir);
        QVERIFY(!clients.authenticate(token.toLatin1()));
    }

    void listAsTextAndJsonNeverShowsTokens()
    {
        const Outcome created = run({QStringLiteral("create"), QStringLiteral("tray")});
        QVERIFY2(created.code == 0, qPrintable(describe(created)));
        const QString token = created.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).last();
        QVERIFY(run({QStringLiteral("create"), QStringLiteral("old")}).code == 0);
        QVERIFY(run({QStringLiteral("revoke"), QStringLiteral("old")}).code == 0);

        const Outcome text = run({QStringLiteral("list")});
        QVERIFY2(text.code == 0, qPrintable(describe(text)));
        QVERIFY(text.out.contains(QLatin1String("tray")));
        QVERIFY(!text.out.contains(token));

        const Outcome json = run({QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(json.code == 0, qPrintable(describe(json)));
        QVERIFY(!json.out.contains(token));
        const QJsonArray tokens = QJsonDocument::fromJson(json.out.toUtf8()).array();
        QCOMPARE(tokens.size(), 2);
        QCOMPARE(tokens.at(0)[QLatin1String("name")].toString(), QStringLiteral("tray"));
        QCOMPARE(tokens.at(0)[QLatin1String("state")].toString(), QStringLiteral("active"));
        QVERIFY(tokens.at(0)[QLatin1String("expires")].isNull());
        QCOMPARE(tokens.at(1)[QLatin1String("state")].toString(), QStringLiteral("revoked"));
        QVERIFY(tokens.at(1)[QLatin1String("revoked")].isString());
    }

    void revokeUnknownSaysSo()
    {
        const Outcome outcome = run({QStringLiteral("revoke"), QStringLiteral("ghost")});
        QCOMPARE(outcome.code, 1);
        QVERIFY2(outcome.err.contains(QLatin1String("no admin token named ghost")),
                 qPrintable(describe(outcome)));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no action") << QStringList{} << QStringLiteral("needs an action");
        QTest::newRow("unknown action") << QStringList{QStringLiteral("frob")}
                                        << QStringLiteral("unknown admin-token action \"frob\"");
        QTest::newRow("create without name")
            << QStringList{QStringLiteral("create")} << QStringLiteral("exactly one NAME");
        QTest::newRow("create --json")
            << QStringList{QStringLiteral("create"), QStringLiteral("a"), QStringLiteral("--json")}
            << QStringLiteral("--json goes with admin-token list");
        QTest::newRow("expiry zero")
            << QStringList{QStringLiteral("create"), QStringLiteral("a"),
                           QStringLiteral("--expires-days"), QStringLiteral("0")}
            << QStringLiteral("from 1 to 36500");
        QTest::newRow("list with name") << QStringList{QStringLiteral("list"), QStringLiteral("a")}
                                        << QStringLiteral("takes no NAME");
        QTest::newRow("revoke without name")
            << QStringList{QStringLiteral("revoke")} << QStringLiteral("exactly one NAME");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Outcome outcome = run(arguments);
        QVERIFY2(outcome.code == 2, qPrintable(describe(outcome)));
        QVERIFY2(outcome.err.contains(message), qPrintable(describe(outcome)));
    }

private:
    Outcome run(const QStringList &arguments)
    {
        return runCli(
            QStringList{QStringLiteral("admin-token"), QStringLiteral("--config"), m_config} +
            arguments);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_config;
};

QTEST_GUILESS_MAIN(TestAdminTokenCommand)
#include "TestAdminTokenCommand.moc"
