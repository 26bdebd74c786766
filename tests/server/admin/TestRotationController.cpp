#include "server/admin/RotationController.h"

#include "server/app/RotationRunner.h"
#include "server/events/EventBus.h"
#include "server/proxmox/ProxmoxClient.h"
#include "server/simulator/SimState.h"
#include "server/ssh/SshSessionWorker.h"
#include "shared/config/ConfigSchema.h"
#include "tests/support/DaemonTestFixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// The rotation routes on the real daemon over a real socket, started from a configuration
// file (a rotation writes the new credential there): the API token against the Proxmox
// simulator, the SSH key against the loopback sshd of the SSH tests.
class TestRotationController final : public QObject, private DaemonTestFixture {
    Q_OBJECT
private slots:
    void init() { setUp(); }
    void cleanup()
    {
        tearDown();
        m_sshd.stop();
    }

    void statusShowsBothCredentialsWithoutSecrets();
    void dryRunPublishesThePlannedStepsAndChangesNothing();
    void rotatesTheApiTokenWithEachStepAsAnEvent();
    void aSecondRotationWhileOneRunsIsAConflict();
    void aFailedRotationKeepsTheOldTokenWorking();
    void mistakesGetClearAnswers();
    void rotatesTheSshKeyAgainstTheLoopbackSshd();
    void aDaemonStoppedDuringAnSshRotationLeavesAKeyThatLogsIn();

private:
    // Writes settings as the configuration file and starts the daemon from it.
    bool startFromFile(const Config &config, const QList<ConfigKey> &keys);
    bool startWithSimulator();
    // The daemon with SSH to the loopback sshd, logging in with *oldKey (a copy of its client key).
    bool startWithSshd(QString *oldKey);
    bool logsIn(const QString &keyPath) const;
    QString configPath() const { return m_dir->filePath(QStringLiteral("proxmox-mcp.env")); }
    Answer post(const QString &kind, const QByteArray &body = {});
    // The events of the rotation id published after `after`, once rotation.finished came.
    QList<AdminEvent> rotationEvents(qint64 after, const QString &id, int timeoutMs = 30000);
    bool tokenWorks(const QString &name, const QString &secret);

    LoopbackSshd m_sshd;
};

bool TestRotationController::startFromFile(const Config &config, const QList<ConfigKey> &keys)
{
    QByteArray text;
    for (const ConfigKey key : keys)
        text += (configKeyName(key) + u'=' + config.string(key) + u'\n').toUtf8();
    QFile file(configPath());
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        return false;
    file.close();
    m_daemon = std::make_unique<Daemon>(Config::load(configPath(), QProcessEnvironment()));
    m_daemon->setConfigFile(configPath(), QProcessEnvironment());
    const auto started = m_daemon->startHttp();
    if (!started.ok())
        qWarning("startHttp failed: %s", qPrintable(started.error().message));
    return started.ok();
}

bool TestRotationController::startWithSimulator()
{
    const Config config = proxmoxConfig();
    return startFromFile(config, {ConfigKey::StateDir, ConfigKey::McpPort, ConfigKey::EnableSsh,
                                  ConfigKey::EnableProxmoxApi, ConfigKey::ProxmoxHost,
                                  ConfigKey::ProxmoxPort, ConfigKey::ProxmoxUser,
                                  ConfigKey::ProxmoxTokenName, ConfigKey::ProxmoxTokenValue,
                                  ConfigKey::ProxmoxFingerprint});
}

Answer TestRotationController::post(const QString &kind, const QByteArray &body)
{
    Headers headers = bearer(m_adminToken);
    if (!body.isEmpty())
        headers.emplace_back("Content-Type", "application/json");
    return request("POST", QStringLiteral("/api/admin/rotation/") + kind, headers, body);
}

QList<AdminEvent> TestRotationController::rotationEvents(qint64 after, const QString &id,
                                                         int timeoutMs)
{
    const auto collect = [this, after, id] {
        QList<AdminEvent> events;
        for (const AdminEvent &event : m_daemon->events().since(after)) {
            if (event.type.startsWith(QLatin1String("rotation.")) &&
                event.data[QLatin1String("id")].toString() == id)
                events.append(event);
        }
        return events;
    };
    (void)QTest::qWaitFor(
        [&collect] {
            const QList<AdminEvent> events = collect();
            return !events.isEmpty() &&
                   events.last().type == QLatin1String(EventType::RotationFinished);
        },
        timeoutMs);
    return collect();
}

bool TestRotationController::tokenWorks(const QString &name, const QString &secret)
{
    ProxmoxTarget target;
    target.hosts = {QStringLiteral("127.0.0.1")};
    target.port = m_simulator->port();
    target.user = PveSimulator::tokenUser();
    target.tokenName = name;
    target.tokenSecret = secret;
    target.fingerprint = m_simulator->fingerprintSha256();
    target.timeoutMs = 5000;
    ProxmoxClient client(target);
    std::optional<bool> ok;
    client.get(QStringLiteral("/version"), {}, [&ok](const ProxmoxResult &result) {
        ok = std::holds_alternative<ProxmoxReply>(result);
    });
    return QTest::qWaitFor([&ok] { return ok.has_value(); }, 10000) && *ok;
}

bool TestRotationController::startWithSshd(QString *oldKey)
{
    if (!m_sshd.start()) {
        qWarning("sshd: %s", qPrintable(m_sshd.error()));
        return false;
    }
    QFile knownHosts(m_sshd.path(QStringLiteral("known_hosts")));
    if (!knownHosts.open(QIODevice::WriteOnly))
        return false;
    knownHosts.write(m_sshd.knownHostsLine().toUtf8() + '\n');
    knownHosts.close();
    for (const char *name : {"authorized_keys", "client", "client.pub"})
        QFile::remove(m_sshd.path(QString::fromLatin1(name)));
    if (!m_sshd.addClientKey(QStringLiteral("client"), QStringLiteral("ed25519")))
        return false;
    // The daemon's key lives in its own folder (the rotation writes the new one beside it).
    const QString keys = m_dir->filePath(QStringLiteral("keys"));
    *oldKey = QDir(keys).filePath(QStringLiteral("id_ed25519"));
    if (!QDir().mkpath(keys) || !QFile::copy(m_sshd.path(QStringLiteral("client")), *oldKey) ||
        !QFile::copy(m_sshd.path(QStringLiteral("client.pub")), *oldKey + QStringLiteral(".pub")))
        return false;
    const Config config = baseConfig(
        {{ConfigKey::EnableSsh, QStringLiteral("true")},
         {ConfigKey::SshHost, QStringLiteral("127.0.0.1")},
         {ConfigKey::SshPort, QString::number(m_sshd.port())},
         {ConfigKey::SshUser, LoopbackSshd::userName()},
         {ConfigKey::SshKeyPath, *oldKey},
         {ConfigKey::SshKnownHosts, m_sshd.path(QStringLiteral("known_hosts"))},
         {ConfigKey::SshAuthorizedKeys, m_sshd.path(QStringLiteral("authorized_keys"))}});
    return startFromFile(config,
                         {ConfigKey::StateDir, ConfigKey::McpPort, ConfigKey::McpToolProfile,
                          ConfigKey::EnableProxmoxApi, ConfigKey::EnableSsh, ConfigKey::SshHost,
                          ConfigKey::SshPort, ConfigKey::SshUser, ConfigKey::SshKeyPath,
                          ConfigKey::SshKnownHosts, ConfigKey::SshAuthorizedKeys});
}

bool TestRotationController::logsIn(const QString &keyPath) const
{
    SshConfig login;
    login.host = QStringLiteral("127.0.0.1");
    login.port = m_sshd.port();
    login.user = LoopbackSshd::userName();
    login.keyPath = keyPath;
    login.knownHostsPath = m_sshd.path(QStringLiteral("known_hosts"));
    SshSessionWorker fresh(login);
    return fresh.execute(QStringLiteral("true"), 15000).status == CommandResult::Status::Success;
}

void TestRotationController::statusShowsBothCredentialsWithoutSecrets()
{
    QVERIFY(startWithSimulator());
    QCOMPARE(get(QStringLiteral("/api/admin/rotation")).status, 401);
    QCOMPARE(get(QStringLiteral("/api/admin/rotation"), bearer(m_token)).status, 401);
    const Answer answer = get(QStringLiteral("/api/admin/rotation"), bearer(m_adminToken));
    QVERIFY2(answer.status == 200, qPrintable(answer.describe()));
    const QJsonObject json = answer.json();
    QCOMPARE(json[QLatin1String("rotationDays")].toInt(), 90);
    const QJsonObject token = json[QLatin1String("apiToken")].toObject();
    QCOMPARE(token[QLatin1String("enabled")].toBool(), true);
    QCOMPARE(token[QLatin1String("tokenId")].toString(), QStringLiteral("root@pam!mcp"));
    // A token made outside the daemon: its age is unknown, and it was never rotated.
    QVERIFY(token[QLatin1String("ageDays")].isNull());
    QVERIFY(token[QLatin1String("lastRotated")].isNull());
    QCOMPARE(token[QLatin1String("due")].toBool(), false);
    const QJsonObject key = json[QLatin1String("sshKey")].toObject();
    QCOMPARE(key[QLatin1String("enabled")].toBool(), false);
    QVERIFY(key[QLatin1String("fingerprint")].isNull());
    QVERIFY(json[QLatin1String("running")].isNull());
    QVERIFY(json[QLatin1String("last")].isNull());
    QVERIFY(!answer.body.contains(m_simulator->tokenSecret().toUtf8()));
}

void TestRotationController::dryRunPublishesThePlannedStepsAndChangesNothing()
{
    QVERIFY(startWithSimulator());
    const QByteArray before = [this] {
        QFile file(configPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    const qint64 after = m_daemon->events().lastId();
    const Answer started = post(QStringLiteral("api-token"), R"({"dryRun": true})");
    QVERIFY2(started.status == 202, qPrintable(started.describe()));
    QCOMPARE(started.json()[QLatin1String("kind")].toString(), QStringLiteral("api-token"));
    QCOMPARE(started.json()[QLatin1String("dryRun")].toBool(), true);
    const QString id = started.json()[QLatin1String("id")].toString();
    const QList<AdminEvent> events = rotationEvents(after, id);
    const QList<ApiTokenRotation::Step> steps = ApiTokenRotation::steps();
    QCOMPARE(events.size(), steps.size() + 1);
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QJsonObject &data = events.at(i).data;
        QCOMPARE(events.at(i).type, QLatin1String(EventType::RotationStep));
        QCOMPARE(data[QLatin1String("state")].toString(), QStringLiteral("planned"));
        QCOMPARE(data[QLatin1String("name")].toString(), ApiTokenRotation::stepName(steps.at(i)));
        QCOMPARE(data[QLatin1String("index")].toInt(), int(i) + 1);
        QCOMPARE(data[QLatin1String("total")].toInt(), int(steps.size()));
        QVERIFY(!data[QLatin1String("message")].toString().isEmpty());
    }
    QCOMPARE(events.last().data[QLatin1String("ok")].toBool(), true);
    QFile file(configPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    QVERIFY(tokenWorks(PveSimulator::tokenName(), m_simulator->tokenSecret()));
}

void TestRotationController::rotatesTheApiTokenWithEachStepAsAnEvent()
{
    QVERIFY(startWithSimulator());
    const QString oldSecret = m_simulator->tokenSecret();
    const qint64 after = m_daemon->events().lastId();
    const Answer started = post(QStringLiteral("api-token"));
    QVERIFY2(started.status == 202, qPrintable(started.describe()));
    const QString id = started.json()[QLatin1String("id")].toString();
    QVERIFY(!id.isEmpty());
    const QList<AdminEvent> events = rotationEvents(after, id);
    QVERIFY(!events.isEmpty());
    // In order: each step running, then ok; then the end.
    QStringList seen;
    for (const AdminEvent &event : events) {
        if (event.type == QLatin1String(EventType::RotationStep))
            seen.append(event.data[QLatin1String("name")].toString() + u' ' +
                        event.data[QLatin1String("state")].toString());
    }
    QStringList expected;
    for (const ApiTokenRotation::Step step : ApiTokenRotation::steps())
        expected << ApiTokenRotation::stepName(step) + QStringLiteral(" running")
                 << ApiTokenRotation::stepName(step) + QStringLiteral(" ok");
    QCOMPARE(seen, expected);
    const QJsonObject finished = events.last().data;
    QCOMPARE(events.last().type, QLatin1String(EventType::RotationFinished));
    QVERIFY2(finished[QLatin1String("ok")].toBool(),
             qPrintable(finished[QLatin1String("message")].toString()));
    const QString newId = finished[QLatin1String("result")][QLatin1String("tokenId")].toString();
    QVERIFY(newId.startsWith(QStringLiteral("root@pam!mcp-")));

    // The daemon reloaded: it calls with the new token, and the status shows it.
    QCOMPARE(m_daemon->currentConfig().string(ConfigKey::ProxmoxTokenName), newId.section(u'!', 1));
    const QJsonObject status =
        get(QStringLiteral("/api/admin/rotation"), bearer(m_adminToken)).json();
    const QJsonObject token = status[QLatin1String("apiToken")].toObject();
    QCOMPARE(token[QLatin1String("tokenId")].toString(), newId);
    QCOMPARE(token[QLatin1String("ageDays")].toInt(), 0);
    QVERIFY(!token[QLatin1String("lastRotated")].isNull());
    QVERIFY(status[QLatin1String("running")].isNull());
    QCOMPARE(status[QLatin1String("last")][QLatin1String("id")].toString(), id);
    QCOMPARE(status[QLatin1String("last")][QLatin1String("steps")].toArray().size(),
             ApiTokenRotation::steps().size());
    const QString newSecret = m_daemon->currentConfig().string(ConfigKey::ProxmoxTokenValue);
    QVERIFY(tokenWorks(newId.section(u'!', 1), newSecret));
    QVERIFY(!tokenWorks(PveSimulator::tokenName(), oldSecret));
    // No event and no answer carries a secret.
    for (const AdminEvent &event : events)
        QVERIFY(!QJsonDocument(event.data).toJson().contains(newSecret.toUtf8()));
}

void TestRotationController::aSecondRotationWhileOneRunsIsAConflict()
{
    QVERIFY(startWithSimulator());
    // Asked while the rotation is at its prove step, on the event loop it runs on.
    std::optional<Answer> second;
    std::optional<Answer> otherKind;
    m_daemon->rotations()->setTokenFault([this, &second, &otherKind](
                                             ApiTokenRotation::Step step) -> std::optional<Error> {
        if (step == ApiTokenRotation::Step::Prove && !second) {
            second = post(QStringLiteral("api-token"));
            otherKind = post(QStringLiteral("ssh-key"));
            const Answer status = get(QStringLiteral("/api/admin/rotation"), bearer(m_adminToken));
            if (status.json()[QLatin1String("running")][QLatin1String("steps")].toArray().isEmpty())
                return Error::internal(QStringLiteral("no running rotation in the status"));
        }
        return std::nullopt;
    });
    const qint64 after = m_daemon->events().lastId();
    const Answer first = post(QStringLiteral("api-token"));
    QCOMPARE(first.status, 202);
    const QList<AdminEvent> events =
        rotationEvents(after, first.json()[QLatin1String("id")].toString());
    QVERIFY(second.has_value());
    QCOMPARE(second->status, 409);
    QVERIFY2(second->json()[QLatin1String("error")][QLatin1String("message")].toString().contains(
                 QStringLiteral("is running")),
             qPrintable(second->describe()));
    QCOMPARE(second->json()[QLatin1String("error")][QLatin1String("running")].toString(),
             first.json()[QLatin1String("id")].toString());
    QCOMPARE(otherKind->status, 409);
    QCOMPARE(events.last().data[QLatin1String("ok")].toBool(), true);
    // Once it finished, the next one may start (a second later: a new token's name carries
    // the second it was made in).
    QTest::qWait(1100);
    const Answer next = post(QStringLiteral("api-token"), R"({"dryRun": true})");
    QVERIFY2(next.status == 202, qPrintable(next.describe()));
}

void TestRotationController::aFailedRotationKeepsTheOldTokenWorking()
{
    QVERIFY(startWithSimulator());
    const QString oldSecret = m_simulator->tokenSecret();
    m_daemon->rotations()->setTokenFault([](ApiTokenRotation::Step step) -> std::optional<Error> {
        if (step == ApiTokenRotation::Step::Switch)
            return Error::internal(QStringLiteral("injected failure"));
        return std::nullopt;
    });
    const qint64 after = m_daemon->events().lastId();
    const Answer started = post(QStringLiteral("api-token"));
    QCOMPARE(started.status, 202);
    const QList<AdminEvent> events =
        rotationEvents(after, started.json()[QLatin1String("id")].toString());
    QVERIFY(!events.isEmpty());
    const QJsonObject finished = events.last().data;
    QCOMPARE(finished[QLatin1String("ok")].toBool(), false);
    QCOMPARE(finished[QLatin1String("oldCredentialWorks")].toBool(), true);
    QVERIFY(finished[QLatin1String("message")].toString().contains(
        QStringLiteral("works as before: injected failure")));
    QStringList seen;
    for (const AdminEvent &event : events) {
        if (event.type == QLatin1String(EventType::RotationStep))
            seen.append(event.data[QLatin1String("name")].toString() + u' ' +
                        event.data[QLatin1String("state")].toString());
    }
    QVERIFY2(seen.contains(QStringLiteral("switch failed")), qPrintable(seen.join(u',')));
    QVERIFY2(seen.contains(QStringLiteral("create undone")), qPrintable(seen.join(u',')));
    // The old token still works and is still the daemon's; the new one is gone again.
    QVERIFY(tokenWorks(PveSimulator::tokenName(), oldSecret));
    QCOMPARE(m_daemon->currentConfig().string(ConfigKey::ProxmoxTokenName),
             PveSimulator::tokenName());
    QStringList tokens;
    for (const SimToken &token : m_simulator->state().tokens())
        tokens.append(token.userid + u'!' + token.tokenid);
    QCOMPARE(tokens, QStringList{PveSimulator::tokenUser() + u'!' + PveSimulator::tokenName()});
}

void TestRotationController::mistakesGetClearAnswers()
{
    QVERIFY(startWithSimulator());
    const Answer badType = post(QStringLiteral("api-token"), R"({"dryRun": "yes"})");
    QCOMPARE(badType.status, 400);
    QCOMPARE(badType.json()[QLatin1String("error")][QLatin1String("key")].toString(),
             QStringLiteral("dryRun"));
    const Answer notJson = request("POST", QStringLiteral("/api/admin/rotation/api-token"),
                                   bearer(m_adminToken), "dryRun=true");
    QCOMPARE(notJson.status, 400);
    // SSH is off: nothing to rotate, said as a sentence.
    const Answer noSsh = post(QStringLiteral("ssh-key"));
    QCOMPARE(noSsh.status, 409);
    QVERIFY(!noSsh.json()[QLatin1String("error")][QLatin1String("message")].toString().isEmpty());
    QCOMPARE(
        request("GET", QStringLiteral("/api/admin/rotation/ssh-key"), bearer(m_adminToken)).status,
        405);

    // A daemon without a configuration file has nowhere to write the new credential.
    tearDown();
    setUp();
    QVERIFY(start(proxmoxConfig()));
    const Answer noFile = post(QStringLiteral("api-token"));
    QCOMPARE(noFile.status, 409);
    QVERIFY(noFile.json()[QLatin1String("error")][QLatin1String("message")].toString().contains(
        QStringLiteral("configuration file")));
}

void TestRotationController::rotatesTheSshKeyAgainstTheLoopbackSshd()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
    QString oldKey;
    QVERIFY(startWithSshd(&oldKey));
    const QJsonObject before = get(QStringLiteral("/api/admin/rotation"), bearer(m_adminToken))
                                   .json()[QLatin1String("sshKey")]
                                   .toObject();
    const QString oldFingerprint = before[QLatin1String("fingerprint")].toString();
    QVERIFY(oldFingerprint.startsWith(QStringLiteral("SHA256:")));
    QCOMPARE(oldFingerprint, RotationRunner::fingerprintOf(oldKey, {}));
    QVERIFY(before[QLatin1String("lastRotated")].isNull());

    const qint64 after = m_daemon->events().lastId();
    const Answer started = post(QStringLiteral("ssh-key"), R"({"dryRun": false})");
    QVERIFY2(started.status == 202, qPrintable(started.describe()));
    const QList<AdminEvent> events =
        rotationEvents(after, started.json()[QLatin1String("id")].toString(), 60000);
    QVERIFY(!events.isEmpty());
    QStringList seen;
    for (const AdminEvent &event : events) {
        if (event.type == QLatin1String(EventType::RotationStep))
            seen.append(event.data[QLatin1String("name")].toString() + u' ' +
                        event.data[QLatin1String("state")].toString());
    }
    QStringList expected;
    for (const SshKeyRotation::Step step : SshKeyRotation::steps())
        expected << SshKeyRotation::stepName(step) + QStringLiteral(" running")
                 << SshKeyRotation::stepName(step) + QStringLiteral(" ok");
    QCOMPARE(seen, expected);
    const QJsonObject finished = events.last().data;
    QVERIFY2(finished[QLatin1String("ok")].toBool(),
             qPrintable(finished[QLatin1String("message")].toString()));
    const QString newKey = finished[QLatin1String("result")][QLatin1String("keyPath")].toString();
    QVERIFY(newKey != oldKey);
    QVERIFY(QFile::exists(newKey));
    QVERIFY(!QFile::exists(oldKey));
    // The daemon reloaded onto the new key; the status shows its fingerprint and rotation.
    QCOMPARE(m_daemon->currentConfig().string(ConfigKey::SshKeyPath), newKey);
    const QJsonObject key = get(QStringLiteral("/api/admin/rotation"), bearer(m_adminToken))
                                .json()[QLatin1String("sshKey")]
                                .toObject();
    QCOMPARE(key[QLatin1String("keyPath")].toString(), newKey);
    QCOMPARE(key[QLatin1String("fingerprint")].toString(),
             finished[QLatin1String("result")][QLatin1String("fingerprint")].toString());
    QVERIFY(key[QLatin1String("fingerprint")].toString() != oldFingerprint);
    QVERIFY(!key[QLatin1String("lastRotated")].isNull());
    QCOMPARE(key[QLatin1String("ageDays")].toInt(), 0);

    // The daemon's own SSH executor logs in with the new key: every session ended (sshd
    // restarted), a command still runs, though the old key is no longer authorized.
    m_sshd.stop();
    QVERIFY2(m_sshd.start(), qPrintable(m_sshd.error()));
    const QByteArray session = openSession(m_token);
    QVERIFY(!session.isEmpty());
    const Answer ran =
        rpc(m_token,
            toolCallRequest(2, QStringLiteral("execute_command"),
                            {{QStringLiteral("command"), QStringLiteral("echo rotated-login")}}),
            session);
    QCOMPARE(ran.status, 200);
    QVERIFY2(!ran.result()[QLatin1String("isError")].toBool(), qPrintable(ran.describe()));
    QVERIFY2(ran.body.contains("rotated-login"), qPrintable(ran.describe()));
}

// Stopping the daemon waits for the rotation's thread: whichever step it was at, the key the
// configuration file names afterwards logs in (the rotation either finished or undid itself).
void TestRotationController::aDaemonStoppedDuringAnSshRotationLeavesAKeyThatLogsIn()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
    QString oldKey;
    QVERIFY(startWithSshd(&oldKey));
    QCOMPARE(post(QStringLiteral("ssh-key")).status, 202);
    QTest::qWait(50);
    m_daemon.reset();
    const QString key =
        Config::load(configPath(), QProcessEnvironment()).string(ConfigKey::SshKeyPath);
    QVERIFY(QFile::exists(key));
    QVERIFY2(logsIn(key), qPrintable(key));
}

QTEST_MAIN(TestRotationController)
#include "TestRotationController.moc"
