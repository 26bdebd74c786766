#include "server/app/SshKeyRotation.h"

#include "server/app/RotationRecord.h"
#include "server/backup/BackupStore.h"
#include "server/ssh/SshKeyPair.h"
#include "server/ssh/SshSessionWorker.h"
#include "shared/config/Config.h"
#include "tests/support/LoopbackSshd.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace pmcp;

using Step = SshKeyRotation::Step;
Q_DECLARE_METATYPE(SshKeyRotation::Step)

// What a rotation reported, one "step state" a line.
struct Reports final {
    QStringList lines;
    SshKeyRotation::Progress progress()
    {
        return [this](Step step, const QString &state, const QString &) {
            lines.append(SshKeyRotation::stepName(step) + u' ' + state);
        };
    }
};

class TestSshKeyRotation final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void dryRunChangesNothing();
    void aKeyFromACredentialIsNotRotated();
    void rotatesTheKey();
    void oldKeyWorksUntilTheNewOneIsProven();
    void failureAtEachStepLeavesTheOldKey_data();
    void failureAtEachStepLeavesTheOldKey();
    void aRefusedNewKeyIsUndone();
    void reloadIsCalledAfterTheSwitch();

private:
    Config config() const;
    QString configPath() const { return m_dir->filePath(QStringLiteral("proxmox-mcp.env")); }
    QString oldKey() const { return m_dir->filePath(QStringLiteral("keys/id_ed25519")); }
    QByteArray authorizedKeys() const;
    bool logsIn(const QString &keyPath) const;
    void writeConfig(const QString &authorizedKeysPath);
    void expectOldStateIntact(const QByteArray &authorizedBefore);

    LoopbackSshd m_sshd;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSshKeyRotation::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
    QVERIFY2(m_sshd.start(), qPrintable(m_sshd.error()));
    QFile knownHosts(m_sshd.path(QStringLiteral("known_hosts")));
    QVERIFY(knownHosts.open(QIODevice::WriteOnly));
    knownHosts.write(m_sshd.knownHostsLine().toUtf8() + '\n');
}

void TestSshKeyRotation::init()
{
    // Each test starts from one authorized key, the daemon's, and nothing rotated.
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QFile::remove(m_sshd.path(QStringLiteral("authorized_keys")));
    QFile::remove(m_sshd.path(QStringLiteral("client")));
    QFile::remove(m_sshd.path(QStringLiteral("client.pub")));
    QVERIFY(m_sshd.addClientKey(QStringLiteral("client"), QStringLiteral("ed25519")));
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("keys"))));
    QVERIFY(QFile::copy(m_sshd.path(QStringLiteral("client")), oldKey()));
    QVERIFY(
        QFile::copy(m_sshd.path(QStringLiteral("client.pub")), oldKey() + QStringLiteral(".pub")));
    writeConfig(m_sshd.path(QStringLiteral("authorized_keys")));
    QVERIFY(logsIn(oldKey()));
}

void TestSshKeyRotation::writeConfig(const QString &authorizedKeysPath)
{
    QFile file(configPath());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QStringLiteral("STATE_DIR=%1\nENABLE_PROXMOX_API=false\nENABLE_SSH=true\n"
                              "SSH_HOST=127.0.0.1\nSSH_PORT=%2\nSSH_USER=%3\nSSH_KEY_PATH=%4\n"
                              "SSH_KNOWN_HOSTS=%5\nSSH_AUTHORIZED_KEYS=%6\n")
                   .arg(m_dir->filePath(QStringLiteral("state")))
                   .arg(m_sshd.port())
                   .arg(LoopbackSshd::userName(), oldKey(),
                        m_sshd.path(QStringLiteral("known_hosts")), authorizedKeysPath)
                   .toUtf8());
    file.close();
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("state"))));
}

Config TestSshKeyRotation::config() const
{
    return Config::load(configPath(), QProcessEnvironment());
}

QByteArray TestSshKeyRotation::authorizedKeys() const
{
    QFile file(m_sshd.path(QStringLiteral("authorized_keys")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool TestSshKeyRotation::logsIn(const QString &keyPath) const
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

void TestSshKeyRotation::expectOldStateIntact(const QByteArray &authorizedBefore)
{
    QCOMPARE(authorizedKeys(), authorizedBefore);
    QVERIFY(logsIn(oldKey()));
    QCOMPARE(config().string(ConfigKey::SshKeyPath), oldKey());
    QVERIFY(QFile::exists(oldKey()));
    const QStringList keys =
        QDir(m_dir->filePath(QStringLiteral("keys"))).entryList(QDir::Files, QDir::Name);
    QCOMPARE(keys, (QStringList{QStringLiteral("id_ed25519"), QStringLiteral("id_ed25519.pub")}));
    QVERIFY(!QFile::exists(m_sshd.path(QStringLiteral("authorized_keys.pmcp-before"))));
}

void TestSshKeyRotation::dryRunChangesNothing()
{
    const QByteArray before = authorizedKeys();
    const SshKeyRotation rotation(config(), configPath());
    const auto plan = rotation.plan();
    QVERIFY2(plan.ok(), qPrintable(plan.ok() ? QString() : plan.error().message));
    QCOMPARE(plan.value().size(), SshKeyRotation::steps().size());
    for (qsizetype i = 0; i < plan.value().size(); ++i)
        QVERIFY(plan.value().at(i).startsWith(
            SshKeyRotation::stepName(SshKeyRotation::steps().at(i)) + u':'));
    QVERIFY(plan.value().join(u'\n').contains(m_sshd.path(QStringLiteral("authorized_keys"))));
    expectOldStateIntact(before);
}

void TestSshKeyRotation::aKeyFromACredentialIsNotRotated()
{
    const QByteArray before = authorizedKeys();
    QFile file(configPath());
    QVERIFY(file.open(QIODevice::Append));
    file.write("SSH_KEY_CREDENTIAL=proxmox-mcp.ssh-key\n");
    file.close();
    SshKeyRotation rotation(config(), configPath());
    const auto plan = rotation.plan();
    QVERIFY(!plan.ok());
    QVERIFY2(plan.error().message.startsWith(
                 QStringLiteral("SSH_KEY_CREDENTIAL is set: the service reads its SSH key from "
                                "the systemd credential proxmox-mcp.ssh-key")),
             qPrintable(plan.error().message));
    const auto outcome = rotation.run({});
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().message, plan.error().message);
    expectOldStateIntact(before);
}

void TestSshKeyRotation::rotatesTheKey()
{
    const QDateTime when = QDateTime(QDate(2026, 12, 7), QTime(9, 30), Qt::UTC);
    const auto oldBlob = SshKeyPair::publicBlobOf(oldKey(), {});
    QVERIFY(oldBlob.ok());
    SshKeyRotation rotation(config(), configPath());
    rotation.setClock([when] { return when; });
    Reports reports;
    const auto outcome = rotation.run(reports.progress());
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().message));

    QStringList expected;
    for (const Step step : SshKeyRotation::steps())
        expected << SshKeyRotation::stepName(step) + QStringLiteral(" running")
                 << SshKeyRotation::stepName(step) + QStringLiteral(" done");
    QCOMPARE(reports.lines, expected);

    const QString newKey = outcome.value().newKeyPath;
    QCOMPARE(newKey, oldKey() + QStringLiteral("-20261207T093000Z"));
    QCOMPARE(QFileInfo(newKey).permissions() & ~(QFile::ReadUser | QFile::WriteUser),
             QFile::ReadOwner | QFile::WriteOwner);
    QCOMPARE(config().string(ConfigKey::SshKeyPath), newKey);
    QVERIFY(logsIn(newKey));
    // The old public key is gone from the host, its private key from the disk.
    QVERIFY(!authorizedKeys().contains(oldBlob.value().toLatin1()));
    QVERIFY(authorizedKeys().contains(outcome.value().newFingerprint.toLatin1()));
    QVERIFY(!QFile::exists(oldKey()));
    QVERIFY(!QFile::exists(oldKey() + QStringLiteral(".pub")));
    QVERIFY(!QFile::exists(m_sshd.path(QStringLiteral("authorized_keys.pmcp-before"))));
    // ... and survives in the backup taken before the switch.
    const BackupStore store(BackupStore::directoryFor(config()));
    const QList<BackupEntry> backups = store.list();
    QCOMPARE(backups.size(), 1);
    QCOMPARE(backups.first().name, outcome.value().backupName);
    // The change is a kept configuration version; the age starts again.
    QVERIFY(outcome.value().configVersion > 0);
    QCOMPARE(RotationRecord(config().string(ConfigKey::StateDir)).sshKeyCreated(config()), when);

    // A second rotation starts from the rotated key and keeps the name from growing.
    SshKeyRotation again(config(), configPath());
    again.setClock([when] { return when.addDays(1); });
    const auto second = again.run({});
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().message));
    QCOMPARE(second.value().newKeyPath, oldKey() + QStringLiteral("-20261208T093000Z"));
    QVERIFY(!authorizedKeys().contains(outcome.value().newFingerprint.toLatin1()));
    QVERIFY(logsIn(second.value().newKeyPath));
}

void TestSshKeyRotation::oldKeyWorksUntilTheNewOneIsProven()
{
    SshKeyRotation rotation(config(), configPath());
    QStringList checked;
    // Before each step up to the switch, the old key still logs in; the proof comes first.
    rotation.setFault([&](Step step) -> std::optional<Error> {
        if (step == Step::Generate || step == Step::Authorize || step == Step::Prove ||
            step == Step::Backup || step == Step::Switch) {
            if (!logsIn(oldKey()))
                return Error::internal(QStringLiteral("the old key stopped working before ") +
                                       SshKeyRotation::stepName(step));
            checked.append(SshKeyRotation::stepName(step));
        }
        return std::nullopt;
    });
    Reports reports;
    const auto outcome = rotation.run(reports.progress());
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().message));
    QCOMPARE(checked.size(), 5);
    QVERIFY(reports.lines.indexOf(QStringLiteral("prove done")) <
            reports.lines.indexOf(QStringLiteral("revoke running")));
    QVERIFY(!logsIn(m_sshd.path(QStringLiteral("client")))); // the same key, now revoked
}

void TestSshKeyRotation::failureAtEachStepLeavesTheOldKey_data()
{
    QTest::addColumn<Step>("failing");
    for (const Step step : SshKeyRotation::steps())
        QTest::newRow(qPrintable(SshKeyRotation::stepName(step))) << step;
}

void TestSshKeyRotation::failureAtEachStepLeavesTheOldKey()
{
    QFETCH(Step, failing);
    const QByteArray before = authorizedKeys();
    SshKeyRotation rotation(config(), configPath());
    rotation.setFault([failing](Step step) -> std::optional<Error> {
        if (step == failing)
            return Error::internal(QStringLiteral("injected"));
        return std::nullopt;
    });
    Reports reports;
    const auto outcome = rotation.run(reports.progress());
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().message, QStringLiteral("injected"));
    QVERIFY(reports.lines.contains(SshKeyRotation::stepName(failing) + QStringLiteral(" failed")));
    // Every step before it that changed something says it was undone.
    for (const Step step : {Step::Generate, Step::Authorize, Step::Switch, Step::Revoke}) {
        if (step < failing)
            QVERIFY2(
                reports.lines.contains(SshKeyRotation::stepName(step) + QStringLiteral(" undone")),
                qPrintable(reports.lines.join(u',')));
    }
    expectOldStateIntact(before);
    QVERIFY(!QFile::exists(
        QDir(config().string(ConfigKey::StateDir)).filePath(RotationRecord::fileName())));
}

void TestSshKeyRotation::aRefusedNewKeyIsUndone()
{
    // authorized_keys given wrong: the new key lands in a file sshd does not read, so the proof
    // on a fresh connection fails for real and the added line is taken out again.
    const QString elsewhere = m_dir->filePath(QStringLiteral("other_authorized_keys"));
    writeConfig(elsewhere);
    const QByteArray before = authorizedKeys();
    SshKeyRotation rotation(config(), configPath());
    rotation.setCommandTimeoutMs(15000);
    Reports reports;
    const auto outcome = rotation.run(reports.progress());
    QVERIFY(!outcome.ok());
    QVERIFY2(outcome.error().message.contains(QStringLiteral("logging in with the new key")),
             qPrintable(outcome.ok() ? QString() : outcome.error().message));
    QVERIFY(reports.lines.contains(QStringLiteral("prove failed")));
    QVERIFY(reports.lines.contains(QStringLiteral("authorize undone")));
    QFile other(elsewhere);
    QVERIFY(other.open(QIODevice::ReadOnly));
    QCOMPARE(other.readAll(), QByteArray());
    expectOldStateIntact(before);
}

void TestSshKeyRotation::reloadIsCalledAfterTheSwitch()
{
    SshKeyRotation rotation(config(), configPath());
    QStringList seen;
    rotation.setReload([&]() -> Result<void> {
        seen.append(config().string(ConfigKey::SshKeyPath));
        return {};
    });
    rotation.setFault([](Step step) -> std::optional<Error> {
        if (step == Step::Revoke)
            return Error::internal(QStringLiteral("injected"));
        return std::nullopt;
    });
    QVERIFY(!rotation.run({}).ok());
    // Once after the switch (the new key), once after undoing it (the old key again).
    QCOMPARE(seen.size(), 2);
    QVERIFY(seen.first() != oldKey());
    QCOMPARE(seen.last(), oldKey());
}

QTEST_GUILESS_MAIN(TestSshKeyRotation)
#include "TestSshKeyRotation.moc"
