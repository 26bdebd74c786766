#include "shared/admin/AdminTypes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pmcp;
using namespace pmcp::admin;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

// The admin API's answers as typed values: what the desktop shows comes from these fields, and
// an answer that lacks what makes it usable is refused with a sentence.
class TestAdminTypes final : public QObject {
    Q_OBJECT
private slots:
    void statusReadsEveryField()
    {
        const auto status = DaemonStatus::fromJson(parse(R"({
            "apiVersion": 1, "version": "0.1.0", "started": "2026-12-04T10:00:00.000Z",
            "uptimeSeconds": 3600,
            "health": {"status": "degraded", "checks": [
                {"name": "audit", "status": "ok", "detail": "the chain verifies"},
                {"name": "proxmox", "status": "warn", "detail": "not asked yet"}]},
            "targets": [{"name": "pve1", "status": "fail", "detail": "refused"}],
            "now": {"sessionsOpen": 2, "clientsActive": 3, "adminStreamsOpen": 1},
            "counters": {"requests": 40, "errors": 4, "meanLatencyMs": 12.5,
                         "deniedCommands": 2, "authFailures": 5},
            "lastHour": {"bucketSeconds": 60, "start": "2026-12-04T09:00:00.000Z",
                         "requests": [1, 2, 3], "errors": [0, 1, 0], "latencyMs": [5, 6, 7],
                         "deniedCommands": [0, 0, 2], "authFailures": [5, 0, 0]},
            "lastEventId": "1764842400000017"})"));
        QVERIFY(status.ok());
        const DaemonStatus &s = status.value();
        QCOMPARE(s.version, QStringLiteral("0.1.0"));
        QCOMPARE(s.started, QDateTime(QDate(2026, 12, 4), QTime(10, 0), Qt::UTC));
        QCOMPARE(s.uptimeSeconds, 3600);
        QCOMPARE(s.health, QStringLiteral("degraded"));
        QCOMPARE(s.checks.size(), 2);
        QCOMPARE(s.checks[1].name, QStringLiteral("proxmox"));
        QCOMPARE(s.checks[1].detail, QStringLiteral("not asked yet"));
        QCOMPARE(s.targets.size(), 1);
        QCOMPARE(s.targets[0].status, QStringLiteral("fail"));
        QCOMPARE(s.sessionsOpen, 2);
        QCOMPARE(s.clientsActive, 3);
        QCOMPARE(s.requests, 40);
        QCOMPARE(s.meanLatencyMs, 12.5);
        QCOMPARE(s.deniedCommands, 2);
        QCOMPARE(s.authFailures, 5);
        QCOMPARE(s.lastHour.requests, (QList<double>{1, 2, 3}));
        QCOMPARE(s.lastHour.latencyMs, (QList<double>{5, 6, 7}));
        QCOMPARE(s.lastHour.authFailures, (QList<double>{5, 0, 0}));
        QCOMPARE(s.lastEventId, QStringLiteral("1764842400000017"));
    }

    void refusesAnswersWithoutTheirKeyField_data()
    {
        QTest::addColumn<QByteArray>("kind");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::newRow("status without health")
            << QByteArray("status") << QByteArray("{}") << QStringLiteral("health");
        QTest::newRow("version without apiVersion")
            << QByteArray("version") << QByteArray(R"({"version": "1"})")
            << QStringLiteral("apiVersion");
        QTest::newRow("event without type")
            << QByteArray("event") << QByteArray(R"({"id": "1"})") << QStringLiteral("type");
        QTest::newRow("client without name")
            << QByteArray("client") << QByteArray("{}") << QStringLiteral("name");
        QTest::newRow("request without id")
            << QByteArray("request") << QByteArray("{}") << QStringLiteral("id");
        QTest::newRow("token without token")
            << QByteArray("token") << QByteArray(R"({"name": "x"})") << QStringLiteral("token");
        QTest::newRow("backup without name")
            << QByteArray("backup") << QByteArray(R"({"size": 1})") << QStringLiteral("name");
        QTest::newRow("backup check without ok")
            << QByteArray("check") << QByteArray(R"({"name": "x"})") << QStringLiteral("ok");
        QTest::newRow("restore without parts")
            << QByteArray("restore") << QByteArray(R"({"name": "x"})") << QStringLiteral("parts");
    }

    void refusesAnswersWithoutTheirKeyField()
    {
        QFETCH(QByteArray, kind);
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        const QJsonObject object = parse(json.constData());
        Error error;
        if (kind == "status")
            error = DaemonStatus::fromJson(object).error();
        else if (kind == "version")
            error = VersionInfo::fromJson(object).error();
        else if (kind == "event")
            error = Event::fromJson(object).error();
        else if (kind == "client")
            error = ClientEntry::fromJson(object).error();
        else if (kind == "request")
            error = PendingRequest::fromJson(object).error();
        else if (kind == "backup")
            error = BackupEntry::fromJson(object).error();
        else if (kind == "check")
            error = BackupCheck::fromJson(object).error();
        else if (kind == "restore")
            error = RestoreResult::fromJson(object).error();
        else
            error = CreatedToken::fromJson(object).error();
        QVERIFY2(error.message.contains(QLatin1Char('"') + field + QLatin1Char('"')),
                 qPrintable(error.message));
        QVERIFY(error.message.endsWith(QLatin1Char('.')));
    }

    void eventIdsStayExact()
    {
        // 2^53 + 1 is not a double: the id must come through as the string it was.
        const auto event = Event::fromJson(parse(
            R"({"id": "9007199254740993", "type": "client.requested", "time": "2026-12-04T10:00:00.000Z", "data": {"code": "ABCD"}})"));
        QVERIFY(event.ok());
        QCOMPARE(event.value().id, QStringLiteral("9007199254740993"));
        QCOMPARE(event.value().data[QLatin1String("code")].toString(), QStringLiteral("ABCD"));
        QVERIFY(event.value().time.isValid());
    }

    void clientNullsAreInvalidTimes()
    {
        const auto client = ClientEntry::fromJson(parse(
            R"({"name": "alice", "kind": "token", "scope": "full", "state": "active", "created": "2026-12-04T10:00:00.000Z", "expires": null, "revoked": null, "lastUsed": null, "calls": 3})"));
        QVERIFY(client.ok());
        QVERIFY(client.value().created.isValid());
        QVERIFY(!client.value().expires.isValid());
        QVERIFY(!client.value().lastUsed.isValid());
        QCOMPARE(client.value().calls, 3);
    }

    void backupsReadEveryField()
    {
        const auto list = BackupList::fromJson(parse(
            R"({"backups": [{"name": "proxmox-mcp-20261204-100000.tar.gz", "size": 20480, "created": "2026-12-04T10:00:00.000Z", "ageSeconds": 7200, "verification": "failed", "verifiedAt": "2026-12-04T11:00:00.000Z", "verifyMessage": "FAILED at state/clients.json: its content does not match"}, {"name": "proxmox-mcp-20261203-100000.tar.gz", "size": 1}], "directory": "/var/lib/proxmox-mcp/backups", "running": true})"));
        QVERIFY(list.ok());
        QCOMPARE(list.value().backups.size(), 2);
        QCOMPARE(list.value().directory, QStringLiteral("/var/lib/proxmox-mcp/backups"));
        QVERIFY(list.value().running);
        const BackupEntry &first = list.value().backups.first();
        QCOMPARE(first.size, 20480);
        QCOMPARE(first.ageSeconds, 7200);
        QCOMPARE(first.verification, QStringLiteral("failed"));
        QVERIFY(first.created.isValid());
        QVERIFY(first.verifiedAt.isValid());
        QVERIFY(first.verifyMessage.contains(QLatin1String("state/clients.json")));
        // Never checked: unverified, and no time.
        QCOMPARE(list.value().backups.at(1).verification, QStringLiteral("unverified"));
        QVERIFY(!list.value().backups.at(1).verifiedAt.isValid());

        const auto check = BackupCheck::fromJson(parse(
            R"({"name": "b.tar.gz", "ok": false, "files": 4, "message": "FAILED at state/x: y", "firstBadFile": "state/x"})"));
        QVERIFY(check.ok());
        QVERIFY(!check.value().ok);
        QCOMPARE(check.value().files, 4);
        QCOMPARE(check.value().firstBadFile, QStringLiteral("state/x"));

        const auto restored = RestoreResult::fromJson(parse(
            R"({"name": "b.tar.gz", "parts": ["clients", "audit"], "files": 5, "configRestored": false, "restartNeeded": false, "savedAs": "proxmox-mcp-20261204-120000-pre-restore.tar.gz"})"));
        QVERIFY(restored.ok());
        QCOMPARE(restored.value().parts,
                 (QStringList{QStringLiteral("clients"), QStringLiteral("audit")}));
        QCOMPARE(restored.value().files, 5);
        QVERIFY(restored.value().savedAs.endsWith(QLatin1String("-pre-restore.tar.gz")));
    }

    void rotationStatusReadsBothCredentialsAndTheRuns()
    {
        const auto status = RotationStatus::fromJson(parse(R"({
            "rotationDays": 90,
            "sshKey": {"enabled": true, "keyPath": "/k/id_ed25519", "present": true,
                       "fingerprint": "SHA256:abc", "created": "2026-09-01T02:00:00Z",
                       "ageDays": 98, "lastRotated": null, "due": true},
            "apiToken": {"enabled": true, "tokenId": "mcp@pve!mcp", "created": null,
                         "ageDays": null, "lastRotated": null, "due": false},
            "running": {"id": "api-token-1", "kind": "api-token", "dryRun": false,
                        "started": "2026-12-08T10:00:00.000Z",
                        "steps": [{"index": 1, "name": "inspect", "state": "ok",
                                   "message": "3 ACL rows"}]},
            "last": {"id": "ssh-key-1", "kind": "ssh-key", "ok": false,
                     "oldCredentialWorks": true, "message": "The rotation failed.",
                     "finished": "2026-12-08T09:00:00.000Z", "steps": []}})"));
        QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().message));
        const RotationStatus &s = status.value();
        QCOMPARE(s.rotationDays, 90);
        QCOMPARE(s.sshKey.fingerprint, QStringLiteral("SHA256:abc"));
        QCOMPARE(s.sshKey.ageDays, 98);
        QVERIFY(s.sshKey.due);
        QVERIFY(!s.sshKey.lastRotated.isValid());
        QCOMPARE(s.apiToken.tokenId, QStringLiteral("mcp@pve!mcp"));
        QCOMPARE(s.apiToken.ageDays, -1); // unknown
        QVERIFY(!s.apiToken.created.isValid());
        QVERIFY(s.running.has_value());
        QVERIFY(!s.running->ok.has_value());
        QCOMPARE(s.running->steps.size(), 1);
        QCOMPARE(s.running->steps.first().state, QStringLiteral("ok"));
        QVERIFY(s.last.has_value());
        QCOMPARE(s.last->ok, std::optional<bool>(false));
        QVERIFY(s.last->oldCredentialWorks);
        QVERIFY(s.last->finished.isValid());

        const auto idle = RotationStatus::fromJson(
            parse(R"({"rotationDays": 30, "sshKey": {}, "apiToken": {}, "running": null})"));
        QVERIFY(idle.ok());
        QVERIFY(!idle.value().running.has_value());
        QVERIFY(!idle.value().last.has_value());

        const auto noKey = RotationStatus::fromJson(parse(R"({"apiToken": {}})"));
        QVERIFY(!noKey.ok());
        QVERIFY(noKey.error().message.contains(QStringLiteral("\"sshKey\"")));
        const auto badStep = RotationStatus::fromJson(parse(
            R"({"sshKey": {}, "apiToken": {}, "running": {"id": "x", "kind": "ssh-key", "steps": [{"index": 1}]}})"));
        QVERIFY(!badStep.ok());
        QVERIFY(!StartedRotation::fromJson(parse(R"({"kind": "ssh-key"})")).ok());
        QCOMPARE(
            StartedRotation::fromJson(parse(R"({"id": "a", "kind": "ssh-key", "dryRun": true})"))
                .value()
                .dryRun,
            true);
    }

    void listRefusesAMissingListAndABadEntry()
    {
        QVERIFY(!listFromJson<ClientEntry>(parse("{}"), QStringLiteral("clients")).ok());
        QVERIFY(!listFromJson<ClientEntry>(parse(R"({"clients": [{"name": "a"}, {}]})"),
                                           QStringLiteral("clients"))
                     .ok());
        const auto two = listFromJson<PendingRequest>(
            parse(R"({"requests": [{"id": "A"}, {"id": "B"}]})"), QStringLiteral("requests"));
        QVERIFY(two.ok());
        QCOMPARE(two.value().size(), 2);
        QCOMPARE(two.value()[1].id, QStringLiteral("B"));
    }
};

QTEST_GUILESS_MAIN(TestAdminTypes)
#include "TestAdminTypes.moc"
