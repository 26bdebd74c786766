#include "server/admin/BackupController.h"

#include "server/audit/AuditLog.h"
#include "server/auth/ClientStore.h"
#include "server/backup/BackupService.h"
#include "server/backup/BackupStore.h"
#include "server/events/EventBus.h"
#include "tests/support/DaemonTestFixture.h"

#include <QDir>
#include <QJsonArray>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

namespace {

const QByteArray kAdminToken = "admin-token-for-the-test";

} // namespace

// The backup routes on the real daemon over a real socket, with an admin authenticator set
// in the fixture (admin tokens themselves are another branch's work).
class TestBackupController final : public QObject, private DaemonTestFixture {
    Q_OBJECT
private slots:
    void init()
    {
        setUp();
        QVERIFY(start(baseConfig()));
        m_daemon->router()->setAdminAuthenticator(
            [](const QByteArray &token) -> std::optional<ClientIdentity> {
                if (token == kAdminToken)
                    return ClientIdentity{QStringLiteral("admin"), false};
                return std::nullopt;
            });
    }

    void cleanup() { tearDown(); }

    void onlyAdminTokensOpenTheRoutes()
    {
        QCOMPARE(get(QStringLiteral("/api/admin/backups")).status, 401);
        QCOMPARE(get(QStringLiteral("/api/admin/backups"), bearer(m_token)).status, 401);
        QCOMPARE(get(QStringLiteral("/api/admin/backups"), bearer(kAdminToken)).status, 200);
    }

    void createListVerify()
    {
        const Answer empty = get(QStringLiteral("/api/admin/backups"), bearer(kAdminToken));
        QCOMPARE(empty.json()[QLatin1String("backups")].toArray().size(), 0);
        QCOMPARE(empty.json()[QLatin1String("directory")].toString(),
                 QDir(m_stateDir).filePath(QStringLiteral("backups")));

        const qint64 before = m_daemon->events().lastId();
        const Answer created =
            request("POST", QStringLiteral("/api/admin/backups"), bearer(kAdminToken));
        QVERIFY2(created.status == 200, qPrintable(created.describe()));
        const QString name = created.json()[QLatin1String("name")].toString();
        QVERIFY(BackupStore::isBackupName(name));
        QCOMPARE(created.json()[QLatin1String("verification")].toString(),
                 QStringLiteral("verified"));
        const QList<AdminEvent> events = m_daemon->events().since(before);
        QVERIFY(events.size() >= 2);
        QCOMPARE(events.first().type, QLatin1String(EventType::BackupProgress));
        QCOMPARE(events.last().type, QLatin1String(EventType::BackupFinished));
        QCOMPARE(events.last().data[QLatin1String("name")].toString(), name);

        const Answer listed = get(QStringLiteral("/api/admin/backups"), bearer(kAdminToken));
        const QJsonArray backups = listed.json()[QLatin1String("backups")].toArray();
        QCOMPARE(backups.size(), 1);
        QCOMPARE(backups.first()[QLatin1String("name")].toString(), name);
        QVERIFY(backups.first()[QLatin1String("size")].toInteger() > 0);
        QVERIFY(backups.first()[QLatin1String("ageSeconds")].isDouble());

        const Answer verified = request(
            "POST", QStringLiteral("/api/admin/backups/%1/verify").arg(name), bearer(kAdminToken));
        QCOMPARE(verified.status, 200);
        QCOMPARE(verified.json()[QLatin1String("ok")].toBool(), true);
    }

    void restoreReloadsTheDaemonsState()
    {
        const Answer created =
            request("POST", QStringLiteral("/api/admin/backups"), bearer(kAdminToken));
        QCOMPARE(created.status, 200);
        const QString name = created.json()[QLatin1String("name")].toString();
        QVERIFY(ClientStore(m_stateDir).revoke(QStringLiteral("alice")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(openSession(m_token).isEmpty(), 5000);

        Headers headers = bearer(kAdminToken);
        headers.emplace_back("Content-Type", "application/json");
        const Answer restored =
            request("POST", QStringLiteral("/api/admin/backups/%1/restore").arg(name), headers,
                    R"({"only": ["clients", "audit"]})");
        QVERIFY2(restored.status == 200, qPrintable(restored.describe()));
        QCOMPARE(restored.json()[QLatin1String("parts")].toArray().size(), 2);
        QVERIFY(restored.json()[QLatin1String("savedAs")].toString().endsWith(
            QLatin1String("-pre-restore.tar.gz")));
        // The token works again, and calls go on being audited on the restored chain.
        const QByteArray session = openSession(m_token);
        QVERIFY(!session.isEmpty());
        QCOMPARE(rpc(m_token, toolCallRequest(3, QStringLiteral("server_info")), session).status,
                 200);
        const AuditVerification audit =
            AuditLog::verify(AuditLog::directoryIn(m_stateDir), AuditLog::keyPathIn(m_stateDir));
        QVERIFY2(audit.ok, qPrintable(audit.reason));
        QVERIFY(audit.entriesChecked >= 1);
    }

    void mistakesGetClearAnswers_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown backup")
            << "/api/admin/backups/proxmox-mcp-20000101-000000.tar.gz/verify" << QByteArray() << 404
            << "no backup named";
        QTest::newRow("a path, not a name")
            << "/api/admin/backups/..%2F..%2Fetc/verify" << QByteArray() << 404 << "no such route";
        QTest::newRow("unknown action")
            << "/api/admin/backups/x/copy" << QByteArray() << 404 << "verify or";
        QTest::newRow("bad only") << "/api/admin/backups/x/restore" << QByteArray(R"({"only": 3})")
                                  << 400 << "only";
        QTest::newRow("not JSON") << "/api/admin/backups/x/restore" << QByteArray("only=audit")
                                  << 400 << "JSON";
    }

    void mistakesGetClearAnswers()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, message);
        Headers headers = bearer(kAdminToken);
        if (!body.isEmpty())
            headers.emplace_back("Content-Type", "application/json");
        const Answer answer = request("POST", path, headers, body);
        QCOMPARE(answer.status, status);
        const QString text =
            answer.json()[QLatin1String("error")][QLatin1String("message")].toString();
        QVERIFY2(text.contains(message), qPrintable(answer.describe()));
    }

    // BACKUP_SCHEDULE in the real daemon: the run due two hours ago was missed (no backup at
    // all), so it runs at start; /health shows the backup check.
    void aScheduledRunMissedWhileDownRunsAtStart()
    {
        tearDown();
        setUp();
        const QString due =
            QDateTime::currentDateTime().addSecs(-7200).toString(QStringLiteral("HH:mm"));
        QVERIFY(start(baseConfig({{ConfigKey::BackupSchedule, QStringLiteral("daily ") + due}})));
        QVERIFY(m_daemon->backupScheduler());
        QTRY_COMPARE_WITH_TIMEOUT(
            BackupStore(QDir(m_stateDir).filePath(QStringLiteral("backups"))).list().size(), 1,
            15000);
        QTRY_COMPARE_WITH_TIMEOUT(get(QStringLiteral("/health"), bearer(m_token))
                                      .check(QStringLiteral("backup"))[QLatin1String("status")]
                                      .toString(),
                                  QStringLiteral("ok"), 15000);
        const QList<AdminEvent> events = m_daemon->events().since(0);
        QVERIFY(!events.isEmpty());
        QCOMPARE(events.last().type, QLatin1String(EventType::BackupFinished));
    }

    void aSecondOperationWhileOneRunsIsAConflict()
    {
        QVERIFY(m_daemon->backups()->create().ok());
        const Answer second =
            request("POST", QStringLiteral("/api/admin/backups"), bearer(kAdminToken));
        QCOMPARE(second.status, 409);
        QTRY_VERIFY_WITH_TIMEOUT(!m_daemon->backups()->busy(), 15000);
    }
};

QTEST_MAIN(TestBackupController)
#include "TestBackupController.moc"
