#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace pmcp;

class TestAtomicFile final : public QObject {
    Q_OBJECT
private slots:
    void writesContentWithOwnerOnlyPermissions()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/secret.json"));
        QVERIFY(AtomicFile::write(path, "one").ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("one"));
        QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions{});
    }

    void replacesExistingContentWhole()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("f"));
        QVERIFY(AtomicFile::write(path, QByteArray(10000, 'a')).ok());
        QVERIFY(AtomicFile::write(path, "short").ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("short"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1); // no temporary left behind
    }

    void replaceKeepsPermissionsOwnerAndGroup()
    {
        if (::geteuid() != 0)
            QSKIP("giving a file to another user needs root");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("proxmox-mcp.env"));
        QVERIFY(AtomicFile::write(path, "A=1\n").ok());
        // As installed: root:daemon-group 0640; here nobody's group stands for the daemon's.
        const struct passwd *nobody = ::getpwnam("nobody");
        QVERIFY(nobody);
        QCOMPARE(::chown(QFile::encodeName(path).constData(), 0, nobody->pw_gid), 0);
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ReadGroup));
        QVERIFY(AtomicFile::replace(path, "A=2\n").ok());
        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(info.st_gid, nobody->pw_gid);
        QCOMPARE(info.st_mode & 0777, mode_t(0640));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("A=2\n"));
    }

    void writeOwnedLikeGivesTheFileToTheFolderOwner()
    {
        if (::geteuid() != 0)
            QSKIP("giving a file to another user needs root");
        QTemporaryDir dir;
        const struct passwd *nobody = ::getpwnam("nobody");
        QVERIFY(nobody);
        // The daemon's STATE_DIR, and root's CLI writing into it.
        QCOMPARE(::chown(QFile::encodeName(dir.path()).constData(), nobody->pw_uid, nobody->pw_gid),
                 0);
        const QString sub = dir.filePath(QStringLiteral("config-versions"));
        QVERIFY(QDir().mkpath(sub));
        QVERIFY(AtomicFile::giveLike(sub, dir.path()));
        const QString path = sub + QStringLiteral("/000001.env");
        QVERIFY(AtomicFile::writeOwnedLike(
                    path, "A=1\n", QFileDevice::ReadOwner | QFileDevice::WriteOwner, dir.path())
                    .ok());
        for (const QString &made : {sub, path}) {
            struct stat info = {};
            QCOMPARE(::stat(QFile::encodeName(made).constData(), &info), 0);
            QCOMPARE(info.st_uid, nobody->pw_uid);
        }
    }

    void reportsUnwritablePath()
    {
        const auto result = AtomicFile::write(QStringLiteral("/proc/version/x"), "x");
        QVERIFY(!result.ok());
        QVERIFY(result.error().message.contains(QStringLiteral("/proc/version")));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "TestAtomicFile.moc"
