#include "server/cli/MigrateCommand.h"

#include "CliTestHelpers.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

// `proxmox-mcpd migrate` on a copy of the administrator guide's old layout
// (tests/server/app/fixtures/old-deployment; the key pair made here with ssh-keygen).
class TestMigrateCommand final : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(QDir().mkpath(old(QStringLiteral("keys"))));
        QVERIFY(QFile::copy(fixture("env"), old(QStringLiteral(".env"))));
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"),
                                   {QStringLiteral("-q"), QStringLiteral("-t"),
                                    QStringLiteral("ed25519"), QStringLiteral("-N"), QString(),
                                    QStringLiteral("-f"),
                                    old(QStringLiteral("keys/claude_proxmox_key"))}),
                 0);
        m_config = writeValidConfig(*m_dir);
        QVERIFY(!m_config.isEmpty());
    }

    void theGuidesPlaceholderTokenIsRefusedAndNothingIsWritten()
    {
        // The guide's .env as printed: PROXMOX_TOKEN_VALUE=xxxxxxxx is no token.
        const QByteArray before = read(m_config);
        const Outcome dry = migrate({QStringLiteral("--dry-run")});
        QCOMPARE(dry.code, 1);
        QVERIFY2(dry.out.contains(QStringLiteral("error: PROXMOX_TOKEN_VALUE")),
                 qPrintable(describe(dry)));
        QVERIFY(dry.out.contains(QStringLiteral("would be refused")));
        QVERIFY(!dry.out.contains(QStringLiteral("xxxxxxxx"))); // a secret is never printed
        const Outcome real = migrate({});
        QCOMPARE(real.code, 1);
        QCOMPARE(read(m_config), before);
    }

    void migratesOnceKeepingTheOldFiles()
    {
        setToken();
        const QByteArray oldFiles = hashes(old(QString()));
        const Outcome dry = migrate({QStringLiteral("--dry-run")});
        QVERIFY2(dry.code == 0, qPrintable(describe(dry)));
        QVERIFY(dry.out.contains(QStringLiteral("ignore IMAGE_TAG: ")));
        QVERIFY(dry.out.contains(QStringLiteral("ignore GRAFANA_PASSWORD: ")));
        QVERIFY(dry.out.contains(QStringLiteral("set    PROXMOX_TOKEN_VALUE=(secret)")));
        QVERIFY(dry.out.contains(QStringLiteral("read   %1: grants commands to claude-user")
                                     .arg(fixture("sudoers-claude-user"))));
        QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("keys"))));

        const Outcome real = migrate({});
        QVERIFY2(real.code == 0, qPrintable(describe(real)));
        QVERIFY(real.out.contains(QStringLiteral("as version ")));
        const QByteArray config = read(m_config);
        QVERIFY(config.contains("SSH_HOST=192.168.1.137\n"));
        QVERIFY(config.contains(
            "SSH_KEY_PATH=" + m_dir->filePath(QStringLiteral("keys/claude_proxmox_key")).toUtf8()));
        QVERIFY(!config.contains("IMAGE_TAG"));
        QVERIFY(!config.contains("GRAFANA_PASSWORD"));
        // The daemon's own copy of the key pair, the private half for its owner only.
        const QString key = m_dir->filePath(QStringLiteral("keys/claude_proxmox_key"));
        QCOMPARE(read(key), read(old(QStringLiteral("keys/claude_proxmox_key"))));
        QCOMPARE(read(key + QStringLiteral(".pub")),
                 read(old(QStringLiteral("keys/claude_proxmox_key.pub"))));
        QCOMPARE(QFileInfo(key).permissions() & 0x7077,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(hashes(old(QString())), oldFiles);
        // What check-config says of the result: valid.
        QCOMPARE(
            runCli({QStringLiteral("check-config"), QStringLiteral("--config"), m_config}).code, 0);

        const Outcome again = migrate({});
        QVERIFY2(again.code == 0, qPrintable(describe(again)));
        QVERIFY(again.out.contains(QStringLiteral("nothing changed")));
        // One change, so one rollback undoes it.
        QCOMPARE(runCli({QStringLiteral("config"), QStringLiteral("rollback"),
                         QStringLiteral("--config"), m_config})
                     .code,
                 0);
        QVERIFY(!read(m_config).contains("SSH_HOST=192.168.1.137"));
    }

    void needsTheOldFolder()
    {
        const Outcome outcome =
            runCli({QStringLiteral("migrate"), QStringLiteral("--config"), m_config});
        QCOMPARE(outcome.code, 2);
        QVERIFY(outcome.err.contains(QStringLiteral("--from DIR")));
    }

private:
    static QString fixture(const char *name)
    {
        return qEnvironmentVariable("PMCP_SOURCE_DIR") +
               QStringLiteral("/tests/server/app/fixtures/old-deployment/") +
               QString::fromLatin1(name);
    }
    QString old(const QString &path) const
    {
        return m_dir->filePath(QStringLiteral("old/") + path);
    }
    static QByteArray read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static QByteArray hashes(const QString &dir)
    {
        QStringList lines;
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            lines.append(
                path + u' ' +
                QString::fromLatin1(
                    QCryptographicHash::hash(read(path), QCryptographicHash::Sha256).toHex()) +
                u' ' + QString::number(int(QFileInfo(path).permissions())));
        }
        lines.sort();
        return lines.join(u'\n').toUtf8();
    }
    void setToken()
    {
        QByteArray env = read(old(QStringLiteral(".env")));
        env.replace("PROXMOX_TOKEN_VALUE=xxxxxxxx",
                    "PROXMOX_TOKEN_VALUE=12345678-1234-1234-1234-1234567890ab");
        QFile file(old(QStringLiteral(".env")));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(env);
    }
    Outcome migrate(QStringList extra)
    {
        return runCli(QStringList{QStringLiteral("migrate"), QStringLiteral("--from"),
                                  old(QString()), QStringLiteral("--sudoers"),
                                  fixture("sudoers-claude-user"), QStringLiteral("--config"),
                                  m_config} +
                      extra);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_config;
};

QTEST_GUILESS_MAIN(TestMigrateCommand)
#include "TestMigrateCommand.moc"
