#include "server/cli/SetupHostCommand.h"

#include "tests/support/LoopbackSshd.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace pmcp;

namespace {

struct Outcome {
    int code = -1;
    QString out;
    QString err;
    QString describe() const { return QStringLiteral("exit %1\n%2%3").arg(code).arg(out, err); }
};

QByteArray read(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(path.section(u'/', 0, -2));
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) >= 0;
}

} // namespace

// `proxmox-mcpd setup-host` for real: over SSH as root to a loopback sshd (the test's own
// OpenSSH server), the host's files in a throwaway root (--root, i.e. useradd --prefix), so the
// same commands that prepare a Proxmox host run here without touching this machine's users.
class TestSetupHostCommand final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
            QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
        if (::geteuid() != 0)
            QSKIP("useradd and chown in the throwaway root need root");
        if (!QFile::exists(QStringLiteral("/usr/sbin/visudo")))
            QSKIP("visudo (sudo) is not installed");
        QVERIFY2(m_sshd.start(), qPrintable(m_sshd.error()));
        // root's key for the host (the sshd logs in as the user running the test: root here)
        QVERIFY(m_sshd.addClientKey(QStringLiteral("admin_key"), QStringLiteral("ed25519")));
        int code = -1;
        LoopbackSshd::runTool(QStringLiteral("ssh-keygen"),
                              {QStringLiteral("-q"), QStringLiteral("-t"),
                               QStringLiteral("ed25519"), QStringLiteral("-N"), QString(),
                               QStringLiteral("-C"), QStringLiteral("proxmox-mcpd"),
                               QStringLiteral("-f"), m_dir.filePath(QStringLiteral("daemon_key"))},
                              &code);
        QCOMPARE(code, 0);
    }

    void init()
    {
        // A host with nothing but root, and a daemon that trusts no host yet.
        m_root = std::make_unique<QTemporaryDir>();
        QVERIFY(m_root->isValid());
        QVERIFY(write(m_root->filePath(QStringLiteral("etc/passwd")),
                      "root:x:0:0:root:/root:/bin/bash\n"));
        QVERIFY(write(m_root->filePath(QStringLiteral("etc/group")), "root:x:0:\n"));
        QVERIFY(
            write(m_root->filePath(QStringLiteral("etc/shadow")), "root:*:19000:0:99999:7:::\n"));
        QVERIFY(write(m_root->filePath(QStringLiteral("etc/gshadow")), "root:*::\n"));
        QFile::remove(knownHosts());
        QVERIFY(
            write(m_dir.filePath(QStringLiteral("proxmox-mcp.env")),
                  QStringLiteral("STATE_DIR=%1\nSSH_HOST=127.0.0.1\nSSH_PORT=%2\nSSH_USER=%3\n"
                                 "SSH_KEY_PATH=%4\n")
                      .arg(m_dir.filePath(QStringLiteral("state")))
                      .arg(m_sshd.port())
                      .arg(QString::fromLatin1(kUser), m_dir.filePath(QStringLiteral("daemon_key")))
                      .toUtf8()));
        QFile::setPermissions(m_dir.filePath(QStringLiteral("proxmox-mcp.env")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    void preparesOnceAndChangesNothingTheSecondTime()
    {
        const QByteArray passwd = read(hostFile("etc/passwd"));
        const Outcome dry = run({QStringLiteral("--dry-run"), fingerprintOption()});
        QVERIFY2(dry.code == 0, qPrintable(dry.describe()));
        QCOMPARE(dry.out.count(QStringLiteral("would be made (dry run)")), 4);
        // Nothing changed: no user, no trusted key.
        QCOMPARE(read(hostFile("etc/passwd")), passwd);
        QVERIFY(!QFile::exists(knownHosts()));

        const Outcome first = run({fingerprintOption()});
        QVERIFY2(first.code == 0, qPrintable(first.describe()));
        QCOMPARE(first.out.count(QStringLiteral(": done")), 4);
        QVERIFY(first.out.startsWith(QStringLiteral("host key  127.0.0.1:%1").arg(m_sshd.port())));
        QVERIFY(read(knownHosts())
                    .startsWith(QStringLiteral("[127.0.0.1]:%1 ").arg(m_sshd.port()).toUtf8()));
        QVERIFY(read(hostFile("etc/passwd")).contains(QByteArray(kUser) + ":x:"));
        const QByteArray keys = read(hostFile("home/pmcp-setup-test/.ssh/authorized_keys"));
        QVERIFY2(keys.startsWith("from=\"127.0.0.1\",no-agent-forwarding,no-port-forwarding,"
                                 "no-X11-forwarding ssh-ed25519 "),
                 keys);
        const QList<QByteArray> publicKey =
            read(m_dir.filePath(QStringLiteral("daemon_key.pub"))).trimmed().split(' ');
        QVERIFY(keys.trimmed().endsWith(publicKey.at(0) + ' ' + publicKey.at(1) + " proxmox-mcpd"));
        QCOMPARE(QFileInfo(hostFile("home/pmcp-setup-test/.ssh/authorized_keys")).permissions() &
                     0x7077,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const QString sudoers = hostFile("etc/sudoers.d/proxmox-mcp");
        QVERIFY(read(sudoers).startsWith("# Generated by `proxmox-mcpd sudoers`"));
        QVERIFY(read(sudoers).contains(QByteArray("Defaults:") + kUser));
        // Owner, group and others (Qt's "User" bits are what the test's own user may do).
        QCOMPARE(QFileInfo(sudoers).permissions() & 0x7077,
                 QFileDevice::ReadOwner | QFileDevice::ReadGroup);

        // Twice: nothing changes, byte for byte, and no fingerprint is needed any more.
        const QByteArray before = snapshot();
        const Outcome second = run({});
        QVERIFY2(second.code == 0, qPrintable(second.describe()));
        QCOMPARE(second.out.count(QStringLiteral("unchanged (already in place)")), 4);
        QCOMPARE(snapshot(), before);
    }

    void undoRemovesWhatItAdded()
    {
        const QByteArray passwd = read(hostFile("etc/passwd"));
        const QByteArray group = read(hostFile("etc/group"));
        QCOMPARE(run({QStringLiteral("--yes")}).code, 0);
        const Outcome dry = run({QStringLiteral("--undo"), QStringLiteral("--dry-run")});
        QVERIFY2(dry.code == 0, qPrintable(dry.describe()));
        QCOMPARE(dry.out.count(QStringLiteral("would be removed (dry run)")), 4);
        QVERIFY(QFile::exists(hostFile("etc/sudoers.d/proxmox-mcp")));

        const Outcome undo = run({QStringLiteral("--undo")});
        QVERIFY2(undo.code == 0, qPrintable(undo.describe()));
        QCOMPARE(undo.out.count(QStringLiteral(": removed")), 4);
        QCOMPARE(read(hostFile("etc/passwd")), passwd);
        QCOMPARE(read(hostFile("etc/group")), group);
        QVERIFY(!QFile::exists(hostFile("etc/sudoers.d/proxmox-mcp")));
        QVERIFY(!QFile::exists(hostFile("home/pmcp-setup-test")));
        QVERIFY(!read(knownHosts()).contains(QStringLiteral("]:%1 ").arg(m_sshd.port()).toUtf8()));

        // The host key entry went with the first undo: a second one confirms the key again.
        const Outcome again = run({QStringLiteral("--undo"), QStringLiteral("--yes")});
        QVERIFY2(again.code == 0, qPrintable(again.describe()));
        QCOMPARE(again.out.count(QStringLiteral("nothing of ours to remove")), 4);
    }

    void undoLeavesAUserItDidNotCreate()
    {
        QVERIFY(
            write(hostFile("etc/passwd"), read(hostFile("etc/passwd")) + kUser +
                                              ":x:1500:1500::/home/pmcp-setup-test:/bin/bash\n"));
        QVERIFY(write(hostFile("etc/group"), read(hostFile("etc/group")) + kUser + ":x:1500:\n"));
        const Outcome setup = run({QStringLiteral("--yes")});
        QVERIFY2(setup.code == 0, qPrintable(setup.describe()));
        QVERIFY(setup.out.contains(QStringLiteral("user      the restricted user pmcp-setup-test: "
                                                  "unchanged")));
        const Outcome undo = run({QStringLiteral("--undo")});
        QVERIFY2(undo.code == 0, qPrintable(undo.describe()));
        QVERIFY(undo.out.contains(QStringLiteral("user      the restricted user pmcp-setup-test: "
                                                 "nothing of ours to remove")));
        QVERIFY(read(hostFile("etc/passwd")).contains(QByteArray(kUser) + ":x:1500"));
    }

    void anUnconfirmedHostKeyStopsBeforeLoggingIn()
    {
        const Outcome outcome = run({});
        QCOMPARE(outcome.code, 1);
        QVERIFY2(
            outcome.out.contains(QStringLiteral("--fingerprint ") + m_sshd.hostKeyFingerprint()),
            qPrintable(outcome.describe()));
        QVERIFY(!QFile::exists(knownHosts()));
        QVERIFY(!read(hostFile("etc/passwd")).contains(kUser));

        const Outcome wrong =
            run({QStringLiteral("--fingerprint"),
                 QStringLiteral("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")});
        QCOMPARE(wrong.code, 1);
        QVERIFY(wrong.out.contains(QStringLiteral("presents another key")));
        QVERIFY(!QFile::exists(knownHosts()));
    }

    void mistakesAreUsageErrors()
    {
        QString out;
        QString err;
        QTextStream outStream(&out);
        QTextStream errStream(&err);
        // Neither root's key nor --local: which host, as whom?
        QCOMPARE(SetupHostCommand(outStream, errStream)
                     .run({QStringLiteral("--config"),
                           m_dir.filePath(QStringLiteral("proxmox-mcp.env"))}),
                 2);
        QVERIFY(err.contains(QStringLiteral("--identity")));
    }

private:
    static constexpr const char *kUser = "pmcp-setup-test";

    QString hostFile(const char *path) const { return m_root->filePath(QString::fromLatin1(path)); }
    QString knownHosts() const { return m_dir.filePath(QStringLiteral("state/known_hosts")); }
    QString fingerprintOption() const
    {
        return QStringLiteral("--fingerprint=") + m_sshd.hostKeyFingerprint();
    }
    QByteArray snapshot() const
    {
        return read(hostFile("etc/passwd")) + read(hostFile("etc/group")) +
               read(hostFile("home/pmcp-setup-test/.ssh/authorized_keys")) +
               read(hostFile("etc/sudoers.d/proxmox-mcp")) + read(knownHosts());
    }

    Outcome run(QStringList extra)
    {
        QStringList arguments = {
            QStringLiteral("--config"),   m_dir.filePath(QStringLiteral("proxmox-mcp.env")),
            QStringLiteral("--identity"), m_sshd.path(QStringLiteral("admin_key")),
            QStringLiteral("--login"),    LoopbackSshd::userName(),
            QStringLiteral("--root"),     m_root->path(),
            QStringLiteral("--from"),     QStringLiteral("127.0.0.1")};
        arguments += extra;
        Outcome outcome;
        QTextStream out(&outcome.out);
        QTextStream err(&outcome.err);
        outcome.code = SetupHostCommand(out, err).run(arguments);
        out.flush();
        err.flush();
        return outcome;
    }

    LoopbackSshd m_sshd;
    QTemporaryDir m_dir;
    std::unique_ptr<QTemporaryDir> m_root;
};

QTEST_GUILESS_MAIN(TestSetupHostCommand)
#include "TestSetupHostCommand.moc"
