#include "server/app/StateDirCheck.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace pmcp;

namespace {

bool writeFile(const QString &path, mode_t mode)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write("x") != 1)
        return false;
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

// A tree the daemon would leave: 0700 folders, 0600 files.
QString goodTree(const QTemporaryDir &dir)
{
    const QString root = dir.filePath(QStringLiteral("state"));
    QDir().mkpath(root + QStringLiteral("/audit"));
    ::chmod(QFile::encodeName(root).constData(), 0700);
    ::chmod(QFile::encodeName(root + QStringLiteral("/audit")).constData(), 0700);
    writeFile(root + QStringLiteral("/clients.json"), 0600);
    writeFile(root + QStringLiteral("/audit/audit-000001.jsonl"), 0644);
    return root;
}

} // namespace

class TestStateDirCheck final : public QObject {
    Q_OBJECT
private slots:
    void acceptsAGoodTree()
    {
        QTemporaryDir dir;
        const QString root = goodTree(dir);
        const auto checked = StateDirCheck::check(root, ::geteuid());
        QVERIFY2(checked.ok(), qPrintable(checked.error().message));
    }

    void createsAMissingFolderOwnerOnly()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("new/state"));
        QVERIFY(StateDirCheck::prepare(root).ok());
        struct stat info {};
        QCOMPARE(::stat(QFile::encodeName(root).constData(), &info), 0);
        QCOMPARE(info.st_mode & 07777, mode_t(0700));
    }

    void refusesWritableByOthers_data()
    {
        QTest::addColumn<QString>("relative"); // "" is STATE_DIR itself
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("problem");
        QTest::newRow("0777 STATE_DIR") << QString() << 0777 << QStringLiteral("world-writable");
        QTest::newRow("0770 STATE_DIR") << QString() << 0770 << QStringLiteral("group-writable");
        QTest::newRow("0666 file")
            << QStringLiteral("clients.json") << 0666 << QStringLiteral("world-writable");
        QTest::newRow("0620 file deep") << QStringLiteral("audit/audit-000001.jsonl") << 0620
                                        << QStringLiteral("group-writable");
        QTest::newRow("0777 subfolder")
            << QStringLiteral("audit") << 0777 << QStringLiteral("world-writable");
    }

    void refusesWritableByOthers()
    {
        QFETCH(QString, relative);
        QFETCH(int, mode);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString root = goodTree(dir);
        const QString path = relative.isEmpty() ? root : root + QLatin1Char('/') + relative;
        QCOMPARE(::chmod(QFile::encodeName(path).constData(), mode_t(mode)), 0);
        const auto checked = StateDirCheck::check(root, ::geteuid());
        QVERIFY(!checked.ok());
        const QString message = checked.error().message;
        QVERIFY2(message.contains(path + QStringLiteral(" is ") + problem), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("chmod go-w '%1'").arg(path)),
                 qPrintable(message));
        // prepare() refuses too instead of quietly tightening the mode.
        QVERIFY(!StateDirCheck::prepare(root).ok());
    }

    void refusesAFileOwnedByAnotherUser()
    {
        if (::geteuid() != 0)
            QSKIP("needs root to give a file to another user");
        const passwd *nobody = ::getpwnam("nobody");
        if (!nobody)
            QSKIP("no user 'nobody'");
        QTemporaryDir dir;
        const QString root = goodTree(dir);
        const QString path = root + QStringLiteral("/clients.json");
        QCOMPARE(::chown(QFile::encodeName(path).constData(), nobody->pw_uid, gid_t(-1)), 0);
        const auto checked = StateDirCheck::check(root, ::geteuid());
        QVERIFY(!checked.ok());
        const QString message = checked.error().message;
        QVERIFY2(message.contains(path + QStringLiteral(" is owned by nobody")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("chown root '%1'").arg(path)),
                 qPrintable(message));
    }

    void refusesASymlinkInside()
    {
        QTemporaryDir dir;
        const QString root = goodTree(dir);
        QTemporaryDir outside;
        const QString link = root + QStringLiteral("/audit/elsewhere");
        QVERIFY(QFile::link(outside.path(), link));
        const auto checked = StateDirCheck::check(root, ::geteuid());
        QVERIFY(!checked.ok());
        QVERIFY2(checked.error().message.contains(link + QStringLiteral(" is a symbolic link")),
                 qPrintable(checked.error().message));
    }

    void followsALinkThatIsStateDirItself()
    {
        QTemporaryDir dir;
        const QString root = goodTree(dir);
        const QString link = dir.filePath(QStringLiteral("state-link"));
        QVERIFY(QFile::link(root, link));
        QVERIFY(StateDirCheck::check(link, ::geteuid()).ok());
    }
};

QTEST_APPLESS_MAIN(TestStateDirCheck)
#include "TestStateDirCheck.moc"
