#include "server/ssh/AuthorizedKeys.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace pmcp;

namespace {

const QString kBlobA =
    QStringLiteral("AAAAC3NzaC1lZDI1NTE5AAAAIAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
const QString kBlobB =
    QStringLiteral("AAAAC3NzaC1lZDI1NTE5AAAAIBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");

} // namespace

// The commands run as the host's shell runs them: /bin/sh in the folder that stands for the
// login's home.
class TestAuthorizedKeys final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void addCreatesTheFileAndFolder();
    void addAppendsOnceAndEndsTheLastLine();
    void removeTakesOnlyThatKey();
    void restoreBringsBackTheFileExactly();
    void pathsOutsideThePlainSetAreRefused_data();
    void pathsOutsideThePlainSetAreRefused();
    void keyMaterialOutsideBase64IsRefused_data();
    void keyMaterialOutsideBase64IsRefused();

private:
    int sh(const Result<QString> &command) const;
    QByteArray file() const;
    void setFile(const QByteArray &content) const;

    std::unique_ptr<QTemporaryDir> m_home;
};

void TestAuthorizedKeys::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

int TestAuthorizedKeys::sh(const Result<QString> &command) const
{
    if (!command.ok())
        return -2;
    QProcess shell;
    shell.setWorkingDirectory(m_home->path());
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command.value()});
    shell.waitForFinished(10000);
    return shell.exitStatus() == QProcess::NormalExit ? shell.exitCode() : -1;
}

QByteArray TestAuthorizedKeys::file() const
{
    QFile keys(m_home->filePath(QStringLiteral(".ssh/authorized_keys")));
    return keys.open(QIODevice::ReadOnly) ? keys.readAll() : QByteArray("(missing)");
}

void TestAuthorizedKeys::setFile(const QByteArray &content) const
{
    QDir(m_home->path()).mkpath(QStringLiteral(".ssh"));
    QFile keys(m_home->filePath(QStringLiteral(".ssh/authorized_keys")));
    if (keys.open(QIODevice::WriteOnly | QIODevice::Truncate))
        keys.write(content);
}

void TestAuthorizedKeys::addCreatesTheFileAndFolder()
{
    QCOMPARE(sh(AuthorizedKeys::addCommand(QStringLiteral(".ssh/authorized_keys"),
                                           QStringLiteral("ssh-ed25519"), kBlobA,
                                           QStringLiteral("proxmox-mcp-20261207T093000Z"))),
             0);
    QCOMPARE(file(), "ssh-ed25519 " + kBlobA.toLatin1() + " proxmox-mcp-20261207T093000Z\n");
    QCOMPARE(QFile(m_home->filePath(QStringLiteral(".ssh/authorized_keys"))).permissions() & 0x0077,
             QFileDevice::Permissions());
    QCOMPARE(QFile(m_home->filePath(QStringLiteral(".ssh"))).permissions() & 0x0077,
             QFileDevice::Permissions());
}

void TestAuthorizedKeys::addAppendsOnceAndEndsTheLastLine()
{
    setFile("# admin\nssh-rsa AAAAB3Nza admin@laptop"); // no newline at the end
    const auto add = AuthorizedKeys::addCommand(QStringLiteral(".ssh/authorized_keys"),
                                                QStringLiteral("ssh-ed25519"), kBlobA, {});
    QCOMPARE(sh(add), 0);
    QCOMPARE(sh(add), 0); // already there: unchanged
    QCOMPARE(file(),
             "# admin\nssh-rsa AAAAB3Nza admin@laptop\nssh-ed25519 " + kBlobA.toLatin1() + "\n");
    QVERIFY(!QFile::exists(m_home->filePath(QStringLiteral(".ssh/authorized_keys.pmcp-new"))));
}

void TestAuthorizedKeys::removeTakesOnlyThatKey()
{
    const QByteArray a = kBlobA.toLatin1();
    const QByteArray b = kBlobB.toLatin1();
    setFile("ssh-ed25519 " + a + " old\nfrom=\"10.0.0.1\" ssh-ed25519 " + a + "\nssh-ed25519 " + b +
            " other\n# a comment mentioning " + a.left(20) + "\n");
    QCOMPARE(sh(AuthorizedKeys::removeCommand(QStringLiteral(".ssh/authorized_keys"), kBlobA)), 0);
    QCOMPARE(file(), "ssh-ed25519 " + b + " other\n# a comment mentioning " + a.left(20) + "\n");
    // Missing file: nothing to remove, success.
    QVERIFY(QFile::remove(m_home->filePath(QStringLiteral(".ssh/authorized_keys"))));
    QCOMPARE(sh(AuthorizedKeys::removeCommand(QStringLiteral(".ssh/authorized_keys"), kBlobA)), 0);
}

void TestAuthorizedKeys::restoreBringsBackTheFileExactly()
{
    const QByteArray before = "command=\"x\" ssh-ed25519 " + kBlobA.toLatin1() + " a\nkeep\n";
    setFile(before);
    const QString path = QStringLiteral(".ssh/authorized_keys");
    QCOMPARE(sh(AuthorizedKeys::removeCommand(path, kBlobA, true)), 0);
    QCOMPARE(file(), QByteArray("keep\n"));
    QCOMPARE(sh(AuthorizedKeys::restoreCommand(path)), 0);
    QCOMPARE(file(), before);
    QCOMPARE(sh(AuthorizedKeys::removeCommand(path, kBlobA, true)), 0);
    QCOMPARE(sh(AuthorizedKeys::dropCopyCommand(path)), 0);
    QVERIFY(!QFile::exists(m_home->filePath(QStringLiteral(".ssh/authorized_keys.pmcp-before"))));
    QVERIFY(sh(AuthorizedKeys::restoreCommand(path)) != 0); // no copy left to restore
    QCOMPARE(file(), QByteArray("keep\n"));
}

void TestAuthorizedKeys::pathsOutsideThePlainSetAreRefused_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("quote") << QStringLiteral(".ssh/a'b");
    QTest::newRow("command substitution") << QStringLiteral(".ssh/$(id)");
    QTest::newRow("space") << QStringLiteral(".ssh/a b");
    QTest::newRow("parent") << QStringLiteral("../other/.ssh/authorized_keys");
    QTest::newRow("option-like") << QStringLiteral("-rf");
    QTest::newRow("tilde") << QStringLiteral("~/.ssh/authorized_keys");
    QTest::newRow("folder") << QStringLiteral(".ssh/");
    QTest::newRow("empty") << QString();
}

void TestAuthorizedKeys::pathsOutsideThePlainSetAreRefused()
{
    QFETCH(QString, path);
    QVERIFY(!AuthorizedKeys::checkPath(path).ok());
    QVERIFY(!AuthorizedKeys::addCommand(path, QStringLiteral("ssh-ed25519"), kBlobA, {}).ok());
    QVERIFY(!AuthorizedKeys::removeCommand(path, kBlobA).ok());
    QVERIFY(!AuthorizedKeys::restoreCommand(path).ok());
}

void TestAuthorizedKeys::keyMaterialOutsideBase64IsRefused_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("blob");
    QTest::addColumn<QString>("comment");
    QTest::newRow("quote in blob") << QStringLiteral("ssh-ed25519") << kBlobA + u'\'' << QString();
    QTest::newRow("space in blob")
        << QStringLiteral("ssh-ed25519") << kBlobA + QStringLiteral(" x") << QString();
    QTest::newRow("short blob") << QStringLiteral("ssh-ed25519") << QStringLiteral("AAAA")
                                << QString();
    QTest::newRow("quote in type") << QStringLiteral("ssh-'x") << kBlobA << QString();
    QTest::newRow("semicolon in comment")
        << QStringLiteral("ssh-ed25519") << kBlobA << QStringLiteral("a;reboot");
    QTest::newRow("space in comment")
        << QStringLiteral("ssh-ed25519") << kBlobA << QStringLiteral("a b");
}

void TestAuthorizedKeys::keyMaterialOutsideBase64IsRefused()
{
    QFETCH(QString, type);
    QFETCH(QString, blob);
    QFETCH(QString, comment);
    const QString path = QStringLiteral(".ssh/authorized_keys");
    QVERIFY(!AuthorizedKeys::addCommand(path, type, blob, comment).ok());
    if (type == QLatin1String("ssh-ed25519") && comment.isEmpty())
        QVERIFY(!AuthorizedKeys::removeCommand(path, blob).ok());
}

QTEST_GUILESS_MAIN(TestAuthorizedKeys)
#include "TestAuthorizedKeys.moc"
