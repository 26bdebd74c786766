#include "server/cli/ClientsCommand.h"

#include "CliTestHelpers.h"
#include "server/auth/ClientStore.h"
#include "server/oauth/OAuthStore.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// `proxmox-mcpd clients create|list|revoke` through the dispatcher, against a store in a
// temporary STATE_DIR.
class TestClientsCommand final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void createPrintsTokenLast();
    void createReadOnlyWithExpiry();
    void createBadExpiry_data();
    void createBadExpiry();
    void createDuplicate();
    void createBadName();
    void usageErrors_data();
    void usageErrors();
    void listNeverShowsTokens();
    void revoke();
    void revokeUnknown();
    void oauthRegisterPendingApproveRevoke();
    void rejectAPendingRequest();
    void needAnExistingConfig();
    void environmentOverridesStateDir();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestClientsCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestClientsCommand::createPrintsTokenLast()
{
    const QString path = writeValidConfig(*m_dir);
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

void TestClientsCommand::createReadOnlyWithExpiry()
{
    const QString path = writeValidConfig(*m_dir);
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

void TestClientsCommand::createBadExpiry_data()
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

void TestClientsCommand::createBadExpiry()
{
    QFETCH(QStringList, option);
    const QString path = writeValidConfig(*m_dir);
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

void TestClientsCommand::createDuplicate()
{
    const QString path = writeValidConfig(*m_dir);
    const QStringList create{QStringLiteral("clients"), QStringLiteral("create"),
                             QStringLiteral("laptop"), QStringLiteral("--config"), path};
    QCOMPARE(runCli(create).code, 0);
    const Outcome again = runCli(create);
    QVERIFY2(again.code == 1, qPrintable(describe(again)));
    QVERIFY(again.err.contains(QLatin1String("laptop")));
    QVERIFY(!again.out.contains(QLatin1String("pmcp_")));
}

void TestClientsCommand::createBadName()
{
    const Outcome outcome =
        runCli({QStringLiteral("clients"), QStringLiteral("create"), QStringLiteral("bad name!"),
                QStringLiteral("--config"), writeValidConfig(*m_dir)});
    QCOMPARE(outcome.code, 1);
    QVERIFY(outcome.err.contains(QLatin1String("invalid client name")));
}

void TestClientsCommand::usageErrors_data()
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
        << QStringLiteral("goes with clients create");
    QTest::newRow("approve --read-only")
        << QStringList{QStringLiteral("approve"), QStringLiteral("ABCD-EFGH"),
                       QStringLiteral("--read-only")}
        << QStringLiteral("goes with clients create");
    QTest::newRow("approve without id")
        << QStringList{QStringLiteral("approve")} << QStringLiteral("exactly one ID");
    QTest::newRow("approve too long")
        << QStringList{QStringLiteral("approve"), QStringLiteral("ABCD-EFGH"),
                       QStringLiteral("--expires-days=366")}
        << QStringLiteral("from 7 to 365");
    QTest::newRow("approve bad scope")
        << QStringList{QStringLiteral("approve"), QStringLiteral("ABCD-EFGH"),
                       QStringLiteral("--scope=root")}
        << QStringLiteral("--scope: unknown scope");
    QTest::newRow("register without redirect")
        << QStringList{QStringLiteral("register"), QStringLiteral("app")}
        << QStringLiteral("--redirect-uri");
    QTest::newRow("pending with id") << QStringList{QStringLiteral("pending"), QStringLiteral("x")}
                                     << QStringLiteral("takes no NAME");
    QTest::newRow("revoke without name")
        << QStringList{QStringLiteral("revoke")} << QStringLiteral("exactly one NAME");
}

void TestClientsCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Outcome outcome =
        runCli(QStringList{QStringLiteral("clients"), QStringLiteral("--config"),
                           writeValidConfig(*m_dir)} +
               arguments);
    QVERIFY2(outcome.code == 2, qPrintable(describe(outcome)));
    QVERIFY2(outcome.err.contains(message), qPrintable(describe(outcome)));
}

void TestClientsCommand::listNeverShowsTokens()
{
    const QString path = writeValidConfig(*m_dir);
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
    QCOMPARE(header.mid(0, 4), (QStringList{QStringLiteral("NAME"), QStringLiteral("KIND"),
                                            QStringLiteral("SCOPE"), QStringLiteral("STATE")}));
    QCOMPARE(lines[1].split(QLatin1Char(' '), Qt::SkipEmptyParts).mid(0, 4),
             (QStringList{QStringLiteral("alpha"), QStringLiteral("token"), QStringLiteral("full"),
                          QStringLiteral("active")}));
    QCOMPARE(lines[2].split(QLatin1Char(' '), Qt::SkipEmptyParts).mid(0, 4),
             (QStringList{QStringLiteral("beta"), QStringLiteral("token"),
                          QStringLiteral("read-only"), QStringLiteral("active")}));
    // Expires never, never used, no calls.
    QVERIFY(lines[1].endsWith(QLatin1String("never                 never                 0")));
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

void TestClientsCommand::revoke()
{
    const QString path = writeValidConfig(*m_dir);
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
    QCOMPARE(lines[1].split(QLatin1Char(' '), Qt::SkipEmptyParts).mid(0, 4),
             (QStringList{QStringLiteral("laptop"), QStringLiteral("token"), QStringLiteral("full"),
                          QStringLiteral("revoked")}));
    ClientStore store(m_dir->filePath(QStringLiteral("state")));
    QVERIFY(!store.authenticate(token.toLatin1()).has_value());
}

void TestClientsCommand::revokeUnknown()
{
    const Outcome outcome =
        runCli({QStringLiteral("clients"), QStringLiteral("revoke"), QStringLiteral("ghost"),
                QStringLiteral("--config"), writeValidConfig(*m_dir)});
    QVERIFY2(outcome.code == 1, qPrintable(describe(outcome)));
    QVERIFY(outcome.err.contains(QLatin1String("ghost")));
    QVERIFY(outcome.out.isEmpty());
}

void TestClientsCommand::needAnExistingConfig()
{
    const QString path = m_dir->filePath(QStringLiteral("missing.env"));
    const Outcome outcome = runCli({QStringLiteral("clients"), QStringLiteral("create"),
                                    QStringLiteral("laptop"), QStringLiteral("--config"), path});
    QCOMPARE(outcome.code, 1);
    QVERIFY2(outcome.err.contains(path), qPrintable(describe(outcome)));
    QVERIFY(!outcome.out.contains(QLatin1String("pmcp_")));
}

void TestClientsCommand::environmentOverridesStateDir()
{
    const QString path = writeValidConfig(*m_dir);
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

void TestClientsCommand::oauthRegisterPendingApproveRevoke()
{
    const QString path = writeValidConfig(*m_dir);
    const Outcome registered =
        runCli({QStringLiteral("clients"), QStringLiteral("register"), QStringLiteral("Desk app"),
                QStringLiteral("--redirect-uri"), QStringLiteral("http://127.0.0.1/callback"),
                QStringLiteral("--config"), path});
    QVERIFY2(registered.code == 0, qPrintable(describe(registered)));
    const QString clientId = registered.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).last();
    QVERIFY(clientId.startsWith(QLatin1String("pmc_")));
    const Outcome none = runCli(
        {QStringLiteral("clients"), QStringLiteral("pending"), QStringLiteral("--config"), path});
    QCOMPARE(none.out, QStringLiteral("No access request is waiting.\n"));

    // The daemon's part: a browser asked.
    OAuthStore daemon(m_dir->filePath(QStringLiteral("state")));
    const auto request = daemon.createRequest(
        {clientId, QStringLiteral("http://127.0.0.1:4000/callback"), QStringLiteral("s"),
         QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
         QStringLiteral("http://127.0.0.1:8080/api/mcp"), QStringLiteral("full")});
    QVERIFY(request.ok());
    const QString id = request.value().first.id;
    const Outcome pending = runCli({QStringLiteral("clients"), QStringLiteral("pending"),
                                    QStringLiteral("--json"), QStringLiteral("--config"), path});
    const QJsonArray list = QJsonDocument::fromJson(pending.out.toUtf8()).array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().toObject().value(QLatin1String("id")).toString(), id);
    QCOMPARE(list.first().toObject().value(QLatin1String("clientName")).toString(),
             QStringLiteral("Desk app"));
    const Outcome table = runCli(
        {QStringLiteral("clients"), QStringLiteral("pending"), QStringLiteral("--config"), path});
    QVERIFY(table.out.contains(id + QStringLiteral("  Desk app")));

    const Outcome approved =
        runCli({QStringLiteral("clients"), QStringLiteral("approve"), id, QStringLiteral("--scope"),
                QStringLiteral("tools:list_vms"), QStringLiteral("--expires-days"),
                QStringLiteral("14"), QStringLiteral("--config"), path});
    QVERIFY2(approved.code == 0, qPrintable(describe(approved)));
    const OAuthGrant grant = daemon.read().value().grants.first();
    QCOMPARE(grant.scope, QStringLiteral("tools:list_vms"));
    QCOMPARE(grant.created.daysTo(grant.expires), 14);
    QVERIFY(grant.approvedBy.startsWith(QLatin1String("cli:")));
    const Outcome again = runCli({QStringLiteral("clients"), QStringLiteral("approve"), id,
                                  QStringLiteral("--config"), path});
    QCOMPARE(again.code, 1);
    QVERIFY(again.err.contains(QLatin1String("not pending")));

    const Outcome listed = runCli(
        {QStringLiteral("clients"), QStringLiteral("list"), QStringLiteral("--config"), path});
    QVERIFY(listed.out.contains(grant.name));
    const QStringList row = listed.out.split(QLatin1Char('\n'))
                                .filter(grant.name)
                                .first()
                                .split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QCOMPARE(row.mid(1, 3), (QStringList{QStringLiteral("oauth"), QStringLiteral("tools:list_vms"),
                                         QStringLiteral("active")}));
    const Outcome revoked = runCli({QStringLiteral("clients"), QStringLiteral("revoke"), grant.name,
                                    QStringLiteral("--reason"), QStringLiteral("lost laptop"),
                                    QStringLiteral("--config"), path});
    QVERIFY2(revoked.code == 0, qPrintable(describe(revoked)));
    QCOMPARE(daemon.read().value().grants.first().revokeReason, QStringLiteral("lost laptop"));
}

void TestClientsCommand::rejectAPendingRequest()
{
    const QString path = writeValidConfig(*m_dir);
    OAuthStore daemon(m_dir->filePath(QStringLiteral("state")));
    const QString clientId =
        daemon
            .registerClient(QStringLiteral("App"), {QStringLiteral("https://app.example/cb")},
                            QStringLiteral("dcr"))
            .value()
            .clientId;
    const QString id =
        daemon
            .createRequest({clientId,
                            QStringLiteral("https://app.example/cb"),
                            {},
                            QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
                            QStringLiteral("r"),
                            {}})
            .value()
            .first.id;
    const Outcome rejected = runCli({QStringLiteral("clients"), QStringLiteral("reject"),
                                     id.toLower(), QStringLiteral("--config"), path});
    QVERIFY2(rejected.code == 0, qPrintable(describe(rejected)));
    QCOMPARE(daemon.read().value().requests.first().status, AccessRequest::Status::Rejected);
    QCOMPARE(runCli({QStringLiteral("clients"), QStringLiteral("reject"),
                     QStringLiteral("ZZZZ-ZZZZ"), QStringLiteral("--config"), path})
                 .code,
             1);
}

QTEST_GUILESS_MAIN(TestClientsCommand)
#include "TestClientsCommand.moc"
