#include "shared/admin/AdminClient.h"

#include "tests/support/DaemonTestFixture.h"
#include "tests/support/FakePve.h"
#include "tests/support/TestCertificate.h"

#include <QFile>
#include <QTest>

// The error's sentence, or nothing for a value (QVERIFY2 evaluates its message always).
template <typename R>
QString messageOf(const R &result)
{
    return result.ok() ? QString() : result.error().message;
}

using namespace pmcp;
using namespace pmcp::admin;
using namespace pmcp::test;

namespace {

// Answers the certificate question as the test decided, and remembers what it was shown.
class AnsweringConfirmation final : public CertificateConfirmation {
public:
    explicit AnsweringConfirmation(bool trust)
        : m_trust(trust)
    {}
    void confirm(const QUrl &daemon, const QSslCertificate &certificate, const QString &fingerprint,
                 std::function<void(bool)> answer) override
    {
        ++asked;
        shownUrl = daemon;
        shownCertificate = certificate;
        shownFingerprint = fingerprint;
        answer(m_trust);
    }
    int asked = 0;
    QUrl shownUrl;
    QSslCertificate shownCertificate;
    QString shownFingerprint;

private:
    bool m_trust;
};

// Waits for one call's callback; the value or error it got.
template <typename T>
Result<T> await(const std::function<void(QObject *, AdminClient::Callback<T>)> &start)
{
    std::optional<Result<T>> got;
    QObject context;
    start(&context, [&got](Result<T> result) { got.emplace(std::move(result)); });
    if (!QTest::qWaitFor([&] { return got.has_value(); }, 20000))
        return Error::internal(QStringLiteral("the callback never came"));
    return std::move(*got);
}

} // namespace

// The admin API client against the real in-process daemon over real sockets: typed answers,
// errors as sentences, and over HTTPS the certificate pinned only after the person confirmed
// it, a changed certificate refused, and no token ever sent to a certificate not trusted.
class TestAdminClient final : public QObject, public DaemonTestFixture {
    Q_OBJECT

private slots:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void readsVersionAndStatus()
    {
        QVERIFY(start(baseConfig()));
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        const auto version = await<VersionInfo>(
            [&](QObject *context, auto callback) { client.version(context, callback); });
        QVERIFY2(version.ok(), qPrintable(messageOf(version)));
        QCOMPARE(version.value().apiVersion, AdminClient::kApiVersion);
        QCOMPARE(version.value().version, QStringLiteral(PMCP_VERSION));

        const auto status = await<DaemonStatus>(
            [&](QObject *context, auto callback) { client.status(context, callback); });
        QVERIFY2(status.ok(), qPrintable(messageOf(status)));
        QVERIFY(!status.value().health.isEmpty());
        QVERIFY(!status.value().checks.isEmpty());
        for (const CheckState &check : status.value().checks)
            QVERIFY2(!check.detail.isEmpty(), qPrintable(check.name));
        QCOMPARE(status.value().lastHour.requests.size(), 60);
        QCOMPARE(status.value().lastHour.latencyMs.size(), 60);
        QCOMPARE(status.value().clientsActive, 2); // alice and reader
        QVERIFY(!status.value().lastEventId.isEmpty());
    }

    void errorsAreSentences()
    {
        QVERIFY(start(baseConfig()));
        AdminClient wrong(QUrl(m_daemon->baseUrl()), "pmcp_admin_" + QByteArray(43, 'A'));
        const auto refused = await<DaemonStatus>(
            [&](QObject *context, auto callback) { wrong.status(context, callback); });
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Unauthenticated);
        QVERIFY2(refused.error().message.contains(QLatin1String("did not accept the admin token")),
                 qPrintable(messageOf(refused)));

        // An MCP client token opens no admin route either.
        AdminClient mcpToken(QUrl(m_daemon->baseUrl()), m_token);
        QCOMPARE(await<DaemonStatus>(
                     [&](QObject *context, auto callback) { mcpToken.status(context, callback); })
                     .error()
                     .code,
                 ErrorCode::Unauthenticated);

        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        const auto unknown = await<QJsonObject>([&](QObject *context, auto callback) {
            client.approve(QStringLiteral("NOPE-1234"), QStringLiteral("full"), 30, context,
                           callback);
        });
        QCOMPARE(unknown.error().code, ErrorCode::NotFound);
        QVERIFY2(unknown.error().message.endsWith(QLatin1String("(HTTP 404)")),
                 qPrintable(messageOf(unknown)));

        const QString url = m_daemon->baseUrl();
        m_daemon.reset();
        AdminClient gone{QUrl(url), m_adminToken};
        const auto down = await<VersionInfo>(
            [&](QObject *context, auto callback) { gone.version(context, callback); });
        QCOMPARE(down.error().code, ErrorCode::Unavailable);
        QVERIFY2(down.error().message.startsWith(QLatin1String("Nothing answers at ") + url),
                 qPrintable(messageOf(down)));
    }

    void managesClients()
    {
        QVERIFY(start(baseConfig()));
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        const auto created = await<CreatedToken>([&](QObject *context, auto callback) {
            client.createToken(QStringLiteral("scripts"), QStringLiteral("read-only"), 30, context,
                               callback);
        });
        QVERIFY2(created.ok(), qPrintable(messageOf(created)));
        QCOMPARE(created.value().name, QStringLiteral("scripts"));
        QVERIFY(created.value().token.startsWith(QLatin1String("pmcp_")));
        // The new token opens /api/mcp.
        QVERIFY(!openSession(created.value().token.toLatin1()).isEmpty());

        const auto duplicate = await<CreatedToken>([&](QObject *context, auto callback) {
            client.createToken(QStringLiteral("scripts"), QStringLiteral("full"), 0, context,
                               callback);
        });
        QCOMPARE(duplicate.error().code, ErrorCode::Conflict);

        const auto revoked = await<QJsonObject>([&](QObject *context, auto callback) {
            client.revoke(QStringLiteral("scripts"), QStringLiteral("left the team"), context,
                          callback);
        });
        QVERIFY2(revoked.ok(), qPrintable(messageOf(revoked)));

        const auto list = await<QList<ClientEntry>>(
            [&](QObject *context, auto callback) { client.clients(context, callback); });
        QVERIFY2(list.ok(), qPrintable(messageOf(list)));
        QHash<QString, ClientEntry> byName;
        for (const ClientEntry &entry : list.value())
            byName.insert(entry.name, entry);
        QVERIFY(byName.contains(QStringLiteral("alice")));
        QCOMPARE(byName[QStringLiteral("reader")].scope, QStringLiteral("read-only"));
        QCOMPARE(byName[QStringLiteral("scripts")].state, QStringLiteral("revoked"));
        QVERIFY(byName[QStringLiteral("scripts")].expires.isValid());

        const auto pending = await<QList<PendingRequest>>(
            [&](QObject *context, auto callback) { client.pendingRequests(context, callback); });
        QVERIFY2(pending.ok(), qPrintable(messageOf(pending)));
        QVERIFY(pending.value().isEmpty());
    }

    void startsAndFollowsARotation()
    {
        // A rotation writes the new credential to the configuration file: start from one.
        const Config config = proxmoxConfig();
        const QString path = m_dir->filePath(QStringLiteral("proxmox-mcp.env"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (const ConfigKey key :
             {ConfigKey::StateDir, ConfigKey::McpPort, ConfigKey::EnableSsh,
              ConfigKey::EnableProxmoxApi, ConfigKey::ProxmoxHost, ConfigKey::ProxmoxPort,
              ConfigKey::ProxmoxUser, ConfigKey::ProxmoxTokenName, ConfigKey::ProxmoxTokenValue,
              ConfigKey::ProxmoxFingerprint})
            file.write((configKeyName(key) + u'=' + config.string(key) + u'\n').toUtf8());
        file.close();
        m_daemon = std::make_unique<Daemon>(Config::load(path, QProcessEnvironment()));
        m_daemon->setConfigFile(path, QProcessEnvironment());
        QVERIFY(m_daemon->startHttp().ok());
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);

        const auto before = await<RotationStatus>(
            [&](QObject *context, auto callback) { client.rotationStatus(context, callback); });
        QVERIFY2(before.ok(), qPrintable(messageOf(before)));
        QCOMPARE(before.value().apiToken.tokenId, QStringLiteral("root@pam!mcp"));
        QCOMPARE(before.value().apiToken.ageDays, -1);
        QVERIFY(!before.value().sshKey.enabled);
        QVERIFY(!before.value().running.has_value());

        const auto started = await<StartedRotation>([&](QObject *context, auto callback) {
            client.startRotation(QStringLiteral("api-token"), false, context, callback);
        });
        QVERIFY2(started.ok(), qPrintable(messageOf(started)));
        QCOMPARE(started.value().kind, QStringLiteral("api-token"));
        QVERIFY(!started.value().dryRun);
        std::optional<RotationStatus> done;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto now = await<RotationStatus>([&](QObject *context, auto callback) {
                    client.rotationStatus(context, callback);
                });
                if (now.ok() && now.value().last && now.value().last->id == started.value().id)
                    done = now.value();
                return done.has_value();
            },
            30000));
        QCOMPARE(done->last->ok, std::optional<bool>(true));
        QCOMPARE(done->last->steps.size(), 6);
        QVERIFY(done->apiToken.tokenId.startsWith(QStringLiteral("root@pam!mcp-")));
        QCOMPARE(done->apiToken.ageDays, 0);
        QVERIFY(done->apiToken.lastRotated.isValid());

        // SSH is off on this daemon: refused with the daemon's sentence.
        const auto refused = await<StartedRotation>([&](QObject *context, auto callback) {
            client.startRotation(QStringLiteral("ssh-key"), true, context, callback);
        });
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QVERIFY2(refused.error().message.endsWith(QLatin1String("(HTTP 409)")),
                 qPrintable(messageOf(refused)));
    }

    void readsAndVerifiesTheAuditLog()
    {
        QVERIFY(start(baseConfig({{ConfigKey::EnableLocalExecution, QStringLiteral("true")}})));
        // Three commands the policy refuses (nothing runs), and one list of tools that is no
        // tool call: three audit entries, all of alice's execute_command, each denied.
        const QByteArray session = openSession(m_token);
        QVERIFY(!session.isEmpty());
        const QStringList commands{QStringLiteral("rm -rf /"), QStringLiteral("rm -rf / "),
                                   QStringLiteral("rm -rf /*")};
        for (int i = 0; i < commands.size(); ++i) {
            const Answer denied =
                rpc(m_token,
                    toolCallRequest(2 + i, QStringLiteral("execute_command"),
                                    {{QStringLiteral("command"), commands.at(i)}}),
                    session);
            QVERIFY2(denied.status == 200, qPrintable(denied.describe()));
        }
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);

        AuditQuery query;
        query.client = QStringLiteral("alice");
        query.denied = true;
        query.limit = 2;
        const auto first = await<AuditPage>(
            [&](QObject *context, auto callback) { client.audit(query, context, callback); });
        QVERIFY2(first.ok(), qPrintable(messageOf(first)));
        QCOMPARE(first.value().matched, 3);
        QCOMPARE(first.value().entries.size(), 2);
        QCOMPARE(first.value().limit, 2);
        const AuditEntry &newest = first.value().entries.first();
        QCOMPARE(newest.client, QStringLiteral("alice"));
        QCOMPARE(newest.tool, QStringLiteral("execute_command"));
        QVERIFY(newest.denied());
        QVERIFY2(!newest.deniedRule().isEmpty(), qPrintable(newest.decision));
        QVERIFY(newest.time.isValid());
        // Newest first: the last command is on the first page, the first one on the second.
        QCOMPARE(newest.command(), commands.last());
        QVERIFY(newest.seq > first.value().entries.at(1).seq);

        query.offset = 2;
        const auto second = await<AuditPage>(
            [&](QObject *context, auto callback) { client.audit(query, context, callback); });
        QVERIFY2(second.ok(), qPrintable(messageOf(second)));
        QCOMPARE(second.value().offset, 2);
        QCOMPARE(second.value().entries.size(), 1);
        QCOMPARE(second.value().entries.first().command(), commands.first());
        QCOMPARE(second.value().entries.first().deniedRule(), QStringLiteral("rm-root"));

        // Filters that match nothing: another client, calls that were not refused, a time range
        // that ended before the calls.
        AuditQuery none;
        none.client = QStringLiteral("reader");
        QCOMPARE(await<AuditPage>([&](QObject *context, auto callback) {
                     client.audit(none, context, callback);
                 })
                     .value()
                     .matched,
                 0);
        none = {};
        none.denied = false;
        QCOMPARE(await<AuditPage>([&](QObject *context, auto callback) {
                     client.audit(none, context, callback);
                 })
                     .value()
                     .matched,
                 0);
        none = {};
        none.to = newest.time.addSecs(-3600);
        QCOMPARE(await<AuditPage>([&](QObject *context, auto callback) {
                     client.audit(none, context, callback);
                 })
                     .value()
                     .matched,
                 0);
        AuditQuery range;
        range.from = newest.time.addSecs(-3600);
        range.to = newest.time.addSecs(3600);
        range.tool = QStringLiteral("execute_command");
        QCOMPARE(await<AuditPage>([&](QObject *context, auto callback) {
                     client.audit(range, context, callback);
                 })
                     .value()
                     .matched,
                 3);

        // A parameter the route refuses is a sentence naming it.
        AuditQuery bad;
        bad.limit = 0;
        const auto refused = await<AuditPage>(
            [&](QObject *context, auto callback) { client.audit(bad, context, callback); });
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QLatin1String("limit")),
                 qPrintable(messageOf(refused)));
        QVERIFY2(refused.error().message.endsWith(QLatin1String("(HTTP 400)")),
                 qPrintable(messageOf(refused)));

        const auto verified = await<AuditChainResult>(
            [&](QObject *context, auto callback) { client.verifyAudit(context, callback); });
        QVERIFY2(verified.ok(), qPrintable(messageOf(verified)));
        QVERIFY(verified.value().ok);
        QVERIFY(verified.value().entriesChecked >= 3);
        QVERIFY(verified.value().firstBadFile.isEmpty());
    }

    void createsVerifiesAndRestoresBackups()
    {
        QVERIFY(start(baseConfig()));
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        const auto empty = await<BackupList>(
            [&](QObject *context, auto callback) { client.backups(context, callback); });
        QVERIFY2(empty.ok(), qPrintable(messageOf(empty)));
        QVERIFY(empty.value().backups.isEmpty());
        QVERIFY(empty.value().directory.endsWith(QLatin1String("backups")));
        QVERIFY(!empty.value().running);

        const auto created = await<BackupEntry>(
            [&](QObject *context, auto callback) { client.createBackup(context, callback); });
        QVERIFY2(created.ok(), qPrintable(messageOf(created)));
        const QString name = created.value().name;
        QVERIFY(name.startsWith(QLatin1String("proxmox-mcp-")));
        QVERIFY(created.value().size > 0);
        QCOMPARE(created.value().verification, QStringLiteral("verified"));

        const auto listed = await<BackupList>(
            [&](QObject *context, auto callback) { client.backups(context, callback); });
        QVERIFY2(listed.ok(), qPrintable(messageOf(listed)));
        QCOMPARE(listed.value().backups.size(), 1);
        QCOMPARE(listed.value().backups.first().name, name);
        QCOMPARE(listed.value().backups.first().size, created.value().size);
        QVERIFY(listed.value().backups.first().ageSeconds >= 0);
        QVERIFY(listed.value().backups.first().created.isValid());

        const auto verified = await<BackupCheck>(
            [&](QObject *context, auto callback) { client.verifyBackup(name, context, callback); });
        QVERIFY2(verified.ok(), qPrintable(messageOf(verified)));
        QVERIFY2(verified.value().ok, qPrintable(verified.value().message));
        QVERIFY(verified.value().files > 0);
        QVERIFY(verified.value().firstBadFile.isEmpty());

        // One part: the revoked client comes back, the state before is kept as a backup.
        QVERIFY(ClientStore(m_stateDir).revoke(QStringLiteral("alice")).ok());
        const auto restored = await<RestoreResult>([&](QObject *context, auto callback) {
            client.restoreBackup(name, {QStringLiteral("clients")}, context, callback);
        });
        QVERIFY2(restored.ok(), qPrintable(messageOf(restored)));
        QCOMPARE(restored.value().parts, QStringList{QStringLiteral("clients")});
        QVERIFY(restored.value().files > 0);
        QVERIFY(!restored.value().configRestored);
        QVERIFY(restored.value().savedAs.endsWith(QLatin1String("-pre-restore.tar.gz")));
        QTRY_VERIFY_WITH_TIMEOUT(!openSession(m_token).isEmpty(), 5000);

        // Mistakes are sentences: an unknown backup, an unknown part.
        const auto unknown = await<BackupCheck>([&](QObject *context, auto callback) {
            client.verifyBackup(QStringLiteral("proxmox-mcp-20000101-000000.tar.gz"), context,
                                callback);
        });
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, ErrorCode::NotFound);
        QVERIFY2(unknown.error().message.endsWith(QLatin1String("(HTTP 404)")),
                 qPrintable(messageOf(unknown)));
        const auto badPart = await<RestoreResult>([&](QObject *context, auto callback) {
            client.restoreBackup(name, {QStringLiteral("everything")}, context, callback);
        });
        QVERIFY(!badPart.ok());
        QCOMPARE(badPart.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(badPart.error().message.contains(QLatin1String("everything")),
                 qPrintable(messageOf(badPart)));
    }

    void aCallbackWhoseContextIsGoneIsNotRun()
    {
        QVERIFY(start(baseConfig()));
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        bool ranGone = false;
        bool ranAlive = false;
        {
            QObject gone;
            client.version(&gone, [&](Result<VersionInfo>) { ranGone = true; });
        }
        // The later call on the same connection answers after the first one.
        QObject alive;
        client.version(&alive, [&](Result<VersionInfo>) { ranAlive = true; });
        QTRY_VERIFY_WITH_TIMEOUT(ranAlive, 15000);
        QVERIFY(!ranGone);
    }

    void pinsTheCertificateOnlyAfterConfirmation()
    {
        generateCertificate();
        if (m_certificate.isNull())
            QSKIP("openssl is not installed");
        QVERIFY(start(tlsConfig(m_tlsDir)));
        const QString expected = AdminClient::fingerprintOf(m_certificate);
        QCOMPARE(expected.size(), 32 * 3 - 1);

        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        QVERIFY(client.isHttps());
        QSignalSpy pinned(&client, &AdminClient::certificatePinned);

        // Declined: nothing pinned, the call fails with a sentence naming the fingerprint.
        AnsweringConfirmation decline(false);
        client.setCertificateConfirmation(&decline);
        const auto declined = await<VersionInfo>(
            [&](QObject *context, auto callback) { client.version(context, callback); });
        QVERIFY(!declined.ok());
        QCOMPARE(decline.asked, 1);
        QCOMPARE(decline.shownFingerprint, expected);
        QCOMPARE(decline.shownCertificate, m_certificate);
        QVERIFY2(declined.error().message.contains(expected), qPrintable(messageOf(declined)));
        QVERIFY(client.pinnedFingerprint().isEmpty());
        QCOMPARE(pinned.count(), 0);

        // Trusted: pinned, announced, and the call goes through.
        AnsweringConfirmation trust(true);
        client.setCertificateConfirmation(&trust);
        const auto version = await<VersionInfo>(
            [&](QObject *context, auto callback) { client.version(context, callback); });
        QVERIFY2(version.ok(), qPrintable(messageOf(version)));
        QCOMPARE(trust.asked, 1);
        QCOMPARE(client.pinnedFingerprint(), expected);
        QCOMPARE(pinned.count(), 1);
        QCOMPARE(pinned.first().first().toString(), expected);

        // Pinned: later calls, on new connections too, ask nobody.
        AdminClient again(QUrl(m_daemon->baseUrl()), m_adminToken);
        again.setPinnedFingerprint(expected.toLower());
        again.setCertificateConfirmation(&trust);
        const auto status = await<DaemonStatus>(
            [&](QObject *context, auto callback) { again.status(context, callback); });
        QVERIFY2(status.ok(), qPrintable(messageOf(status)));
        QCOMPARE(trust.asked, 1);
    }

    void refusesAChangedCertificate()
    {
        generateCertificate();
        if (m_certificate.isNull())
            QSKIP("openssl is not installed");
        QVERIFY(start(tlsConfig(m_tlsDir)));
        const quint16 port = m_daemon->port();
        AdminClient client(QUrl(m_daemon->baseUrl()), m_adminToken);
        AnsweringConfirmation trust(true);
        client.setCertificateConfirmation(&trust);
        QVERIFY(await<VersionInfo>([&](QObject *context, auto callback) {
                    client.version(context, callback);
                }).ok());
        const QString first = client.pinnedFingerprint();

        // The daemon comes back on the same port with another certificate.
        QTemporaryDir otherDir;
        QString why;
        const auto other = testing::TestCertificate::generate(&why, otherDir.path());
        QVERIFY2(other, qPrintable(why));
        m_daemon.reset();
        Config config = tlsConfig(otherDir);
        config.set(ConfigKey::McpPort, QString::number(port));
        QVERIFY(start(config));

        const auto refused = await<DaemonStatus>(
            [&](QObject *context, auto callback) { client.status(context, callback); });
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::PermissionDenied);
        const QString now = AdminClient::fingerprintOf(other->certificate);
        QVERIFY2(refused.error().message.contains(now) && refused.error().message.contains(first),
                 qPrintable(messageOf(refused)));
        QVERIFY(refused.error().message.contains(QLatin1String("changed")));
        QCOMPARE(trust.asked, 1); // a changed certificate is refused, not asked about
        QCOMPARE(client.pinnedFingerprint(), first);
    }

    void sendsNothingToACertificateItDoesNotTrust()
    {
        QString why;
        QTemporaryDir dir;
        const auto certificate = testing::TestCertificate::generate(&why, dir.path());
        if (!certificate)
            QSKIP(qPrintable(why));
        testing::RawTlsServer server(testing::RawTlsServer::response("200 OK", "{}"));
        QVERIFY(server.start(*certificate));
        const QUrl url(QStringLiteral("https://127.0.0.1:%1").arg(server.port()));

        // Pinned to another certificate.
        AdminClient pinnedElsewhere(url, m_adminToken);
        pinnedElsewhere.setPinnedFingerprint(QStringLiteral("AA:") +
                                             QString(QStringLiteral("BB:")).repeated(30) +
                                             QStringLiteral("CC"));
        QCOMPARE(await<VersionInfo>([&](QObject *context, auto callback) {
                     pinnedElsewhere.version(context, callback);
                 })
                     .error()
                     .code,
                 ErrorCode::PermissionDenied);

        // Not pinned, and the person declines.
        AdminClient unpinned(url, m_adminToken);
        AnsweringConfirmation decline(false);
        unpinned.setCertificateConfirmation(&decline);
        QVERIFY(!await<VersionInfo>([&](QObject *context, auto callback) {
                     unpinned.version(context, callback);
                 }).ok());
        QCOMPARE(decline.asked, 1);

        // Not pinned and nobody to ask.
        AdminClient nobody(url, m_adminToken);
        QVERIFY(!await<VersionInfo>([&](QObject *context, auto callback) {
                     nobody.version(context, callback);
                 }).ok());
        QCOMPARE(server.requestCount(), 0);

        // Positive control: the pinned certificate gets the request.
        AdminClient pinned(url, m_adminToken);
        pinned.setPinnedFingerprint(AdminClient::fingerprintOf(certificate->certificate));
        const auto answered = await<QJsonObject>([&](QObject *context, auto callback) {
            pinned.call("GET", QStringLiteral("/api/admin/version"), {}, context, callback);
        });
        QVERIFY2(answered.ok(), qPrintable(messageOf(answered)));
        QCOMPARE(server.requestCount(), 1);
    }

private:
    Config tlsConfig(const QTemporaryDir &dir) const
    {
        return baseConfig({{ConfigKey::McpTlsCert, dir.filePath(QStringLiteral("cert.pem"))},
                           {ConfigKey::McpTlsKey, dir.filePath(QStringLiteral("key.pem"))}});
    }
};

QTEST_GUILESS_MAIN(TestAdminClient)
#include "TestAdminClient.moc"
