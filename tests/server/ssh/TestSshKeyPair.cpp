#include "server/ssh/SshKeyPair.h"

#include "tests/support/LoopbackSshd.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace pmcp;

class TestSshKeyPair final : public QObject {
    Q_OBJECT

private slots:
    void generatesAnEd25519Key();
    void writesPrivateKeyOwnerOnlyAndTheOpenSshPublicLine();
    void encryptedKeyNeedsItsPassphrase();
    void neverReplacesAFile();
    void blobCheck_data();
    void blobCheck();
};

void TestSshKeyPair::generatesAnEd25519Key()
{
    const auto first = SshKeyPair::generateEd25519(QStringLiteral("proxmox-mcp-1"));
    const auto second = SshKeyPair::generateEd25519(QStringLiteral("proxmox-mcp-2"));
    QVERIFY(first.ok() && second.ok());
    QCOMPARE(first.value().type(), QStringLiteral("ssh-ed25519"));
    QVERIFY(SshKeyPair::isValidBlob(first.value().publicBlob()));
    QVERIFY(first.value().publicBlob() != second.value().publicBlob());
    QCOMPARE(first.value().publicLine(), QStringLiteral("ssh-ed25519 ") +
                                             first.value().publicBlob() +
                                             QStringLiteral(" proxmox-mcp-1"));
}

void TestSshKeyPair::writesPrivateKeyOwnerOnlyAndTheOpenSshPublicLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("id_ed25519"));
    const auto pair = SshKeyPair::generateEd25519(QStringLiteral("c"));
    QVERIFY(pair.ok());
    QVERIFY(pair.value().write(path, {}).ok());
    QCOMPARE(QFile(path).permissions() & 0x0077, QFileDevice::Permissions());
    QFile pub(path + QStringLiteral(".pub"));
    QVERIFY(pub.open(QIODevice::ReadOnly));
    QCOMPARE(pub.readAll(), pair.value().publicLine().toLatin1() + '\n');
    const auto blob = SshKeyPair::publicBlobOf(path, {});
    QVERIFY2(blob.ok(), qPrintable(blob.ok() ? QString() : blob.error().message));
    QCOMPARE(blob.value(), pair.value().publicBlob());
    // OpenSSH reads the file libssh wrote and derives the same public key from it.
    int exitCode = -1;
    const QByteArray derived =
        LoopbackSshd::runTool(QStringLiteral("ssh-keygen"),
                              {QStringLiteral("-y"), QStringLiteral("-f"), path}, &exitCode);
    QCOMPARE(exitCode, 0);
    QVERIFY(derived.contains(pair.value().publicBlob().toLatin1()));
}

void TestSshKeyPair::encryptedKeyNeedsItsPassphrase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("id_locked"));
    const auto pair = SshKeyPair::generateEd25519({});
    QVERIFY(pair.ok());
    QVERIFY(pair.value().write(path, QStringLiteral("correct horse")).ok());
    QVERIFY(!SshKeyPair::publicBlobOf(path, {}).ok());
    QVERIFY(!SshKeyPair::publicBlobOf(path, QStringLiteral("wrong")).ok());
    const auto blob = SshKeyPair::publicBlobOf(path, QStringLiteral("correct horse"));
    QVERIFY(blob.ok());
    QCOMPARE(blob.value(), pair.value().publicBlob());
}

void TestSshKeyPair::neverReplacesAFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("id_ed25519"));
    QFile existing(path);
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("old");
    existing.close();
    const auto pair = SshKeyPair::generateEd25519({});
    QVERIFY(pair.ok());
    QCOMPARE(pair.value().write(path, {}).error().code, ErrorCode::Conflict);
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("old"));
    QVERIFY(!QFile::exists(path + QStringLiteral(".pub")));
}

void TestSshKeyPair::blobCheck_data()
{
    QTest::addColumn<QString>("blob");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ed25519") << QStringLiteral("AAAAC3NzaC1lZDI1NTE5AAAAIGx0c3Rlc3RrZXlibG9i")
                             << true;
    QTest::newRow("padding") << QStringLiteral("AAAAB3NzaC1yc2EAAAADAQAB==") << true;
    QTest::newRow("quote") << QStringLiteral("AAAAC3NzaC1lZDI1NTE5'") << false;
    QTest::newRow("dollar") << QStringLiteral("AAAAC3NzaC1lZDI1NTE5$(id)") << false;
    QTest::newRow("newline") << QStringLiteral("AAAAC3NzaC1lZDI1NTE5\nAAAA") << false;
    QTest::newRow("too short") << QStringLiteral("AAAA") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestSshKeyPair::blobCheck()
{
    QFETCH(QString, blob);
    QFETCH(bool, valid);
    QCOMPARE(SshKeyPair::isValidBlob(blob), valid);
}

QTEST_GUILESS_MAIN(TestSshKeyPair)
#include "TestSshKeyPair.moc"
