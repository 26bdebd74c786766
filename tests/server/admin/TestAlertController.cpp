#include "server/admin/AlertController.h"

#include "server/app/RotationRecord.h"
#include "server/alerts/AlertService.h"
#include "server/events/EventBus.h"
#include "tests/support/DaemonTestFixture.h"
#include "tests/support/LoopbackSshd.h"
#include "tests/support/WebhookReceiver.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;
using namespace pmcp::testing;

namespace {

QStringList keysReceived(const WebhookReceiver &receiver)
{
    QStringList keys;
    for (const auto &request : receiver.requests())
        keys.append(QJsonDocument::fromJson(request.body)[QLatin1String("key")].toString());
    return keys;
}

QJsonObject denied()
{
    return {{QStringLiteral("client"), QStringLiteral("alice")},
            {QStringLiteral("tool"), QStringLiteral("execute_command")},
            {QStringLiteral("rule"), QStringLiteral("core:shutdown")},
            {QStringLiteral("command"), QStringLiteral("shutdown -h now")},
            {QStringLiteral("reason"), QStringLiteral("the command policy refused it")}};
}

} // namespace

// The alert routes and the alerts of a real daemon over real sockets, to a loopback webhook.
class TestAlertController final : public QObject, private DaemonTestFixture {
    Q_OBJECT

    Config withWebhook(const QString &url)
    {
        return baseConfig({{ConfigKey::AlertWebhookUrl, url}});
    }

    // execute_command of `echo`, whatever its outcome: what the SSH executor meets is the point.
    void runEcho(const QByteArray &sessionId, int id)
    {
        const Answer ran =
            rpc(m_token,
                toolCallRequest(id, QStringLiteral("execute_command"),
                                {{QStringLiteral("command"), QStringLiteral("echo hi")}}),
                sessionId);
        QVERIFY2(ran.status == 200, qPrintable(ran.describe()));
    }

private slots:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void testAlertThroughTheAdminApi()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        QVERIFY(start(withWebhook(receiver.url())));
        Headers admin = bearer(m_adminToken);
        admin.emplace_back("Content-Type", "application/json");
        const Answer sent = request("POST", QStringLiteral("/api/admin/alerts/test"), admin,
                                    R"({"channel":"webhook"})");
        QVERIFY2(sent.status == 200, qPrintable(sent.describe()));
        QCOMPARE(sent.json()[QLatin1String("sent")].toBool(), true);
        QCOMPARE(keysReceived(receiver), QStringList{QStringLiteral("test")});

        QCOMPARE(request("POST", QStringLiteral("/api/admin/alerts/test"), admin,
                         R"({"channel":"email"})")
                     .status,
                 404);
        QCOMPARE(request("POST", QStringLiteral("/api/admin/alerts/test"), admin, "{}").status,
                 400);
        receiver.setStatus(500);
        const Answer refused = request("POST", QStringLiteral("/api/admin/alerts/test"), admin,
                                       R"({"channel":"webhook"})");
        QCOMPARE(refused.status, 502);
        QVERIFY(
            refused.json()[QLatin1String("error")][QLatin1String("message")].toString().contains(
                QLatin1String("HTTP 500")));
    }

    void aDeniedCommandIsAlertedListedAndOnTheEventStream()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        QVERIFY(start(withWebhook(receiver.url())));
        m_daemon->events().publish(QLatin1String(EventType::CommandDenied), denied());
        QTRY_VERIFY(
            keysReceived(receiver).contains(QStringLiteral("command.denied:core:shutdown")));

        const Answer list = get(QStringLiteral("/api/admin/alerts"), bearer(m_adminToken));
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json()[QLatin1String("channels")].toArray(),
                 QJsonArray{QStringLiteral("webhook")});
        QJsonObject found;
        for (const QJsonValue &alert : list.json()[QLatin1String("recent")].toArray()) {
            if (alert[QLatin1String("key")].toString() ==
                QLatin1String("command.denied:core:shutdown"))
                found = alert.toObject();
        }
        QCOMPARE(found[QLatin1String("kind")].toString(), QStringLiteral("notice"));
        QTRY_COMPARE(get(QStringLiteral("/api/admin/alerts?limit=1"), bearer(m_adminToken))
                         .json()[QLatin1String("queued")]
                         .toInt(),
                     0);
        QCOMPARE(get(QStringLiteral("/api/admin/alerts?limit=0"), bearer(m_adminToken)).status,
                 400);
        bool raised = false;
        for (const AdminEvent &event : m_daemon->events().since(0))
            raised = raised || (event.type == QLatin1String(EventType::AlertRaised) &&
                                event.data[QLatin1String("alert")].toString() ==
                                    QLatin1String("command.denied:core:shutdown"));
        QVERIFY(raised);
    }

    void aFailedBackupIsRaisedOnceAndRecovers()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        QVERIFY(start(withWebhook(receiver.url())));
        const QJsonObject failed{{QStringLiteral("operation"), QStringLiteral("create")},
                                 {QStringLiteral("ok"), false},
                                 {QStringLiteral("error"), QStringLiteral("disk full")}};
        m_daemon->events().publish(QLatin1String(EventType::BackupFinished), failed);
        m_daemon->events().publish(QLatin1String(EventType::BackupFinished), failed);
        m_daemon->events().publish(QLatin1String(EventType::BackupFinished),
                                   {{QStringLiteral("operation"), QStringLiteral("create")},
                                    {QStringLiteral("ok"), true},
                                    {QStringLiteral("name"), QStringLiteral("b.tar.gz")}});
        QTRY_COMPARE(keysReceived(receiver).count(QStringLiteral("backup.failed")), 2);
        QTRY_COMPARE(m_daemon->alerts()->queued(), 0);
        QStringList kinds; // deliveries run one at a time, in the order of the queue
        for (const auto &request : receiver.requests()) {
            const QJsonObject body = QJsonDocument::fromJson(request.body).object();
            if (body[QLatin1String("key")].toString() == QLatin1String("backup.failed"))
                kinds.append(body[QLatin1String("kind")].toString());
        }
        QCOMPARE(kinds, (QStringList{QStringLiteral("raised"), QStringLiteral("cleared")}));
    }

    void anOldApiTokenIsRaisedAgainstRotationDays()
    {
        // The token's age is what `rotate api-token` recorded, weighed against ROTATION_DAYS
        // (not a fixed 90): 45 days is too old for a 30-day rotation period.
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        Config config = proxmoxConfig();
        config.set(ConfigKey::AlertWebhookUrl, receiver.url());
        config.set(ConfigKey::RotationDays, QStringLiteral("30"));
        const QString token = config.string(ConfigKey::ProxmoxUser) + u'!' +
                              config.string(ConfigKey::ProxmoxTokenName);
        QVERIFY(RotationRecord(m_stateDir)
                    .recordApiToken(token, QDateTime::currentDateTimeUtc().addDays(-45))
                    .ok());
        QVERIFY(start(config));
        const QString key = QStringLiteral("credential.age:Proxmox API token");
        QTRY_VERIFY_WITH_TIMEOUT(keysReceived(receiver).contains(key), 15000);
        QVERIFY(m_daemon->alerts()->engine().isActive(key));
        const QJsonObject body = QJsonDocument::fromJson(receiver.requests().last().body).object();
        QVERIFY2(body[QLatin1String("message")].toString().contains(u"45"),
                 QJsonDocument(body).toJson().constData());
    }

    void aRecentApiTokenIsNotRaised()
    {
        Config config = proxmoxConfig();
        config.set(ConfigKey::RotationDays, QStringLiteral("30"));
        const QString token = config.string(ConfigKey::ProxmoxUser) + u'!' +
                              config.string(ConfigKey::ProxmoxTokenName);
        QVERIFY(RotationRecord(m_stateDir)
                    .recordApiToken(token, QDateTime::currentDateTimeUtc().addDays(-10))
                    .ok());
        QVERIFY(start(config));
        QVERIFY(!m_daemon->alerts()->engine().isActive(
            QStringLiteral("credential.age:Proxmox API token")));
    }

    void sshUnreachableIsRaisedAndRecovers()
    {
        if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
            QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        LoopbackSshd sshd;
        QVERIFY2(sshd.start(), qPrintable(sshd.error()));
        QVERIFY(sshd.addClientKey(QStringLiteral("id_ed25519"), QStringLiteral("ed25519")));
        Config config = sshConfig(sshd, QStringLiteral("id_ed25519"));
        config.set(ConfigKey::AlertWebhookUrl, receiver.url());
        QVERIFY(start(config));
        const QByteArray sessionId = openSession(m_token);
        QVERIFY(!sessionId.isEmpty());
        runEcho(sessionId, 2);
        QVERIFY(!m_daemon->alerts()->engine().isActive(QStringLiteral("ssh.unreachable")));

        sshd.stop();
        runEcho(sessionId, 3);
        QTRY_VERIFY(keysReceived(receiver).contains(QStringLiteral("ssh.unreachable")));
        runEcho(sessionId, 4); // still down: no second alert
        QVERIFY2(sshd.start(), qPrintable(sshd.error()));
        runEcho(sessionId, 5);
        QTRY_COMPARE(keysReceived(receiver).count(QStringLiteral("ssh.unreachable")), 2);
        QCOMPARE(QJsonDocument::fromJson(receiver.requests().last().body)[QLatin1String("kind")]
                     .toString(),
                 QStringLiteral("cleared"));
    }

    // No command runs: the periodic check logs in (running `true`) at each evaluation.
    void sshUnreachableIsRaisedAndRecoversWithoutCommands()
    {
        if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
            QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        LoopbackSshd sshd;
        QVERIFY2(sshd.start(), qPrintable(sshd.error()));
        QVERIFY(sshd.addClientKey(QStringLiteral("id_ed25519"), QStringLiteral("ed25519")));
        Config config = sshConfig(sshd, QStringLiteral("id_ed25519"));
        config.set(ConfigKey::AlertWebhookUrl, receiver.url());
        config.set(ConfigKey::AlertCheckIntervalS, QStringLiteral("5")); // the least it takes
        QVERIFY(start(config));
        QTest::qWait(1000); // the first check, at start, logs in
        QVERIFY(!m_daemon->alerts()->engine().isActive(QStringLiteral("ssh.unreachable")));

        sshd.stop();
        QTRY_VERIFY_WITH_TIMEOUT(keysReceived(receiver).contains(QStringLiteral("ssh.unreachable")),
                                 30000);
        QVERIFY2(sshd.start(), qPrintable(sshd.error()));
        QTRY_COMPARE_WITH_TIMEOUT(keysReceived(receiver).count(QStringLiteral("ssh.unreachable")),
                                  2, 30000);
        QCOMPARE(QJsonDocument::fromJson(receiver.requests().last().body)[QLatin1String("kind")]
                     .toString(),
                 QStringLiteral("cleared"));
    }

    // ALERT_* keys apply on reload: the next alert goes to the channel as changed, and the
    // burst threshold changes too, without a restart.
    void alertSettingsApplyOnReload()
    {
        WebhookReceiver first;
        QVERIFY(first.listen());
        WebhookReceiver second;
        QVERIFY(second.listen());
        const QString path = m_dir->filePath(QStringLiteral("proxmox-mcp.env"));
        const auto writeFile = [&](const QString &url, const QString &burst) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QStringLiteral("STATE_DIR=%1\nMCP_PORT=0\nENABLE_SSH=false\n"
                                      "ENABLE_PROXMOX_API=false\nALERT_WEBHOOK_URL=%2\n"
                                      "ALERT_AUTH_FAILURES=%3\n")
                           .arg(m_stateDir, url, burst)
                           .toUtf8());
        };
        writeFile(first.url(), QStringLiteral("20"));
        m_daemon = std::make_unique<Daemon>(Config::load(path, QProcessEnvironment()));
        m_daemon->setConfigFile(path, QProcessEnvironment());
        QVERIFY(m_daemon->startHttp().ok());
        m_daemon->alerts()->engine().notice(QStringLiteral("reload.before"), Alert::Severity::Info,
                                            QStringLiteral("before"), QStringLiteral("one"));
        QTRY_VERIFY(keysReceived(first).contains(QStringLiteral("reload.before")));

        writeFile(second.url(), QStringLiteral("7"));
        const auto reloaded = m_daemon->reload();
        QVERIFY2(reloaded.ok(), qPrintable(reloaded.ok() ? QString() : reloaded.error().message));
        QVERIFY(reloaded.value().applied.contains(QStringLiteral("ALERT_WEBHOOK_URL")));
        QVERIFY(reloaded.value().applied.contains(QStringLiteral("ALERT_AUTH_FAILURES")));
        QVERIFY(reloaded.value().restartNeeded.isEmpty());
        QCOMPARE(m_daemon->alerts()->engine().authFailureBurst(), 7);
        m_daemon->alerts()->engine().notice(QStringLiteral("reload.after"), Alert::Severity::Info,
                                            QStringLiteral("after"), QStringLiteral("two"));
        QTRY_VERIFY(keysReceived(second).contains(QStringLiteral("reload.after")));
        QVERIFY(!keysReceived(first).contains(QStringLiteral("reload.after")));
        QCOMPARE(keysReceived(second), QStringList{QStringLiteral("reload.after")});

        // Removing the channel: the next alert goes nowhere, and nothing stays queued for it.
        writeFile(QString(), QStringLiteral("7"));
        QVERIFY(m_daemon->reload().ok());
        QVERIFY(m_daemon->alerts()->channels().isEmpty());
        m_daemon->alerts()->engine().notice(QStringLiteral("reload.none"), Alert::Severity::Info,
                                            QStringLiteral("none"), QStringLiteral("three"));
        QTest::qWait(300);
        QVERIFY(!keysReceived(second).contains(QStringLiteral("reload.none")));
        QCOMPARE(m_daemon->alerts()->queued(), 0);
    }

    void aChangedHostKeyIsRaised()
    {
        if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
            QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        LoopbackSshd sshd;
        QVERIFY2(sshd.start(), qPrintable(sshd.error()));
        QVERIFY(sshd.addClientKey(QStringLiteral("id_ed25519"), QStringLiteral("ed25519")));
        Config config = sshConfig(sshd, QStringLiteral("id_ed25519"));
        config.set(ConfigKey::AlertWebhookUrl, receiver.url());
        // The pin of another key: the server's key "changed".
        config.set(ConfigKey::SshHostKeyFingerprint,
                   QStringLiteral("SHA256:") +
                       QString::fromLatin1(
                           QByteArray(32, '\x01').toBase64(QByteArray::OmitTrailingEquals)));
        QVERIFY(start(config));
        const QByteArray sessionId = openSession(m_token);
        QVERIFY(!sessionId.isEmpty());
        runEcho(sessionId, 2);
        QTRY_VERIFY(keysReceived(receiver).contains(QStringLiteral("ssh.host_key")));
        QVERIFY(!keysReceived(receiver).contains(QStringLiteral("ssh.unreachable")));
    }

    void theQueueSurvivesADaemonRestart()
    {
        const quint16 port = WebhookReceiver::closedPort();
        const Config config = withWebhook(QStringLiteral("http://127.0.0.1:%1/hook").arg(port));
        QVERIFY(start(config));
        QSignalSpy attempts(m_daemon->alerts(), &AlertService::attempted);
        m_daemon->events().publish(QLatin1String(EventType::CommandDenied), denied());
        QVERIFY(attempts.wait());
        QCOMPARE(attempts.first().at(2).toBool(), false);
        m_daemon.reset(); // the daemon stops with the delivery queued

        WebhookReceiver receiver;
        QVERIFY(receiver.listen(port));
        QVERIFY(start(config));
        QTRY_VERIFY(
            keysReceived(receiver).contains(QStringLiteral("command.denied:core:shutdown")));
        QCOMPARE(keysReceived(receiver).count(QStringLiteral("command.denied:core:shutdown")), 1);
    }
};

QTEST_GUILESS_MAIN(TestAlertController)
#include "TestAlertController.moc"
