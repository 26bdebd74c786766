#include "server/ssh/SshKeyPair.h"
#include "server/ssh/SshSessionWorker.h"
#include "shared/config/Config.h"
#include "tests/support/LoopbackSshd.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace pmcp;

// `proxmox-mcpd rotate` end to end: the real binary against the loopback sshd.
class TestRotateCommand final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void dryRunPrintsTheStepsAndChangesNothing();
    // Before the rotation that succeeds: it needs the old key still in place.
    void aFailedRotationExitsOneAndKeepsTheOldKey();
    void rotatesStepByStep();
    void needsWhatToRotate();

private:
    struct Run {
        int code = -1;
        QString out;
        QString err;
    };
    Run rotate(const QStringList &arguments) const;
    void writeConfig(const QString &authorizedKeys);
    bool logsIn(const QString &keyPath) const;
    QByteArray authorizedKeys() const;
    QString oldKey() const { return m_dir.filePath(QStringLiteral("id_ed25519")); }
    QString configPath() const { return m_dir.filePath(QStringLiteral("proxmox-mcp.env")); }

    LoopbackSshd m_sshd;
    QTemporaryDir m_dir;
};

TestRotateCommand::Run TestRotateCommand::rotate(const QStringList &arguments) const
{
    QProcess process;
    process.start(QStringLiteral(PMCP_DAEMON_BINARY),
                  QStringList{QStringLiteral("rotate")} + arguments +
                      QStringList{QStringLiteral("--config"), configPath()});
    Run run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.code = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

void TestRotateCommand::writeConfig(const QString &authorizedKeys)
{
    QFile file(configPath());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QStringLiteral("STATE_DIR=%1\nENABLE_PROXMOX_API=false\nENABLE_SSH=true\n"
                              "SSH_HOST=127.0.0.1\nSSH_PORT=%2\nSSH_USER=%3\nSSH_KEY_PATH=%4\n"
                              "SSH_KNOWN_HOSTS=%5\nSSH_AUTHORIZED_KEYS=%6\n")
                   .arg(m_dir.filePath(QStringLiteral("state")))
                   .arg(m_sshd.port())
                   .arg(LoopbackSshd::userName(), oldKey(),
                        m_sshd.path(QStringLiteral("known_hosts")), authorizedKeys)
                   .toUtf8());
}

bool TestRotateCommand::logsIn(const QString &keyPath) const
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

QByteArray TestRotateCommand::authorizedKeys() const
{
    QFile file(m_sshd.path(QStringLiteral("authorized_keys")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestRotateCommand::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_sshd.start(), qPrintable(m_sshd.error()));
    QFile knownHosts(m_sshd.path(QStringLiteral("known_hosts")));
    QVERIFY(knownHosts.open(QIODevice::WriteOnly));
    knownHosts.write(m_sshd.knownHostsLine().toUtf8() + '\n');
    knownHosts.close();
    QVERIFY(m_sshd.addClientKey(QStringLiteral("client"), QStringLiteral("ed25519")));
    QVERIFY(QFile::copy(m_sshd.path(QStringLiteral("client")), oldKey()));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("state"))));
    writeConfig(m_sshd.path(QStringLiteral("authorized_keys")));
}

void TestRotateCommand::dryRunPrintsTheStepsAndChangesNothing()
{
    const QByteArray before = authorizedKeys();
    const Run run = rotate({QStringLiteral("ssh-key"), QStringLiteral("--dry-run")});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    for (const char *step :
         {"generate:", "authorize:", "prove:", "backup:", "switch:", "revoke:", "discard:"})
        QVERIFY2(run.out.contains(QLatin1String(step)), qPrintable(run.out));
    QCOMPARE(authorizedKeys(), before);
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("id_ed25519*")}, QDir::Files),
             QStringList{QStringLiteral("id_ed25519")});
}

void TestRotateCommand::aFailedRotationExitsOneAndKeepsTheOldKey()
{
    // The new key is written where sshd does not look: the proof fails for real.
    writeConfig(m_dir.filePath(QStringLiteral("elsewhere")));
    const QByteArray before = authorizedKeys();
    const Run run = rotate({QStringLiteral("ssh-key")});
    writeConfig(m_sshd.path(QStringLiteral("authorized_keys")));
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(QStringLiteral("prove: failed")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("authorize: undone")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("generate: undone")), qPrintable(run.out));
    QVERIFY2(run.err.contains(QStringLiteral("logs in as before")), qPrintable(run.err));
    QCOMPARE(authorizedKeys(), before);
    QVERIFY(logsIn(oldKey()));
}

void TestRotateCommand::rotatesStepByStep()
{
    const auto oldBlob = SshKeyPair::publicBlobOf(oldKey(), {});
    QVERIFY(oldBlob.ok());
    const Run run = rotate({QStringLiteral("ssh-key")});
    QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
    // Each step printed as it starts and as it ends, in order.
    qsizetype at = 0;
    for (const char *step :
         {"generate", "authorize", "prove", "backup", "switch", "revoke", "discard"}) {
        const qsizetype running =
            run.out.indexOf(QLatin1String(step) + QStringLiteral(": running"), at);
        const qsizetype done = run.out.indexOf(QLatin1String(step) + QStringLiteral(": done"), at);
        QVERIFY2(running >= 0 && done > running, qPrintable(run.out));
        at = done;
    }
    const Config after = Config::load(configPath(), QProcessEnvironment());
    const QString newKey = after.string(ConfigKey::SshKeyPath);
    QVERIFY(newKey.startsWith(oldKey() + u'-'));
    QVERIFY(logsIn(newKey));
    QVERIFY(!authorizedKeys().contains(oldBlob.value().toLatin1()));
    QVERIFY(!logsIn(m_sshd.path(QStringLiteral("client"))));
    QVERIFY(!QFile::exists(oldKey()));
    QVERIFY(run.out.contains(QStringLiteral("rotated: SSH_KEY_PATH is now ") + newKey));
}

void TestRotateCommand::needsWhatToRotate()
{
    QCOMPARE(rotate({}).code, 2);
    QCOMPARE(rotate({QStringLiteral("ssh-keys")}).code, 2);
}

QTEST_GUILESS_MAIN(TestRotateCommand)
#include "TestRotateCommand.moc"
