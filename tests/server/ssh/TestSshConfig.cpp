#include "server/ssh/SshConfig.h"

#include "shared/config/Config.h"

#include <QTest>

using namespace pmcp;

class TestSshConfig final : public QObject {
    Q_OBJECT

private slots:
    void parseFingerprint_data();
    void parseFingerprint();
    void formatMatchesSshKeygen();
    void fromConfig();
    void knownHostsDefaultsToStateDir();
};

void TestSshConfig::parseFingerprint_data()
{
    const QByteArray bytes =
        QByteArray::fromHex("aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899");
    const QString base64 = QString::fromLatin1(bytes.toBase64(QByteArray::OmitTrailingEquals));
    QString colons = QString::fromLatin1(bytes.toHex(':'));
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ssh-keygen form") << QStringLiteral("SHA256:") + base64 << true;
    QTest::newRow("with padding") << QStringLiteral("SHA256:") + base64 + QLatin1Char('=') << true;
    QTest::newRow("lower-case prefix") << QStringLiteral("sha256:") + base64 << true;
    QTest::newRow("hex with colons") << colons.toUpper() << true;
    QTest::newRow("hex without colons") << QString::fromLatin1(bytes.toHex()) << true;
    QTest::newRow("too short") << QStringLiteral("SHA256:") + base64.left(20) << false;
    QTest::newRow("not base64") << QStringLiteral("SHA256:") + QString(43, u'!') << false;
    QTest::newRow("hex too short") << QString::fromLatin1(bytes.left(31).toHex(':')) << false;
    QTest::newRow("hex junk") << QString(64, u'z') << false;
    QTest::newRow("empty") << QString() << false;
}

void TestSshConfig::parseFingerprint()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto parsed = SshFingerprint::parse(text);
    QCOMPARE(parsed.ok(), valid);
    if (valid)
        QCOMPARE(parsed.value(),
                 QByteArray::fromHex(
                     "aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899"));
    else
        QVERIFY(parsed.error().message.contains(QStringLiteral("SHA-256")));
}

void TestSshConfig::formatMatchesSshKeygen()
{
    // ssh-keygen prints base64 without the trailing '='.
    const QString formatted = SshFingerprint::format(QByteArray(32, '\0'));
    QCOMPARE(formatted, QStringLiteral("SHA256:") + QString(43, u'A'));
}

void TestSshConfig::fromConfig()
{
    Config config = Config::defaults();
    config.set(ConfigKey::SshHost, QStringLiteral("pve1.example"));
    config.set(ConfigKey::SshPort, QStringLiteral("2222"));
    config.set(ConfigKey::SshUser, QStringLiteral("claude-user"));
    config.set(ConfigKey::SshKeyPath, QStringLiteral("/keys/id_ed25519"));
    config.set(ConfigKey::SshKnownHosts, QStringLiteral("/keys/known_hosts"));
    config.set(ConfigKey::SshTimeoutS, QStringLiteral("12"));
    const SshConfig ssh = SshConfig::fromConfig(config);
    QCOMPARE(ssh.host, QStringLiteral("pve1.example"));
    QCOMPARE(ssh.port, quint16(2222));
    QCOMPARE(ssh.keyPath, QStringLiteral("/keys/id_ed25519"));
    QCOMPARE(ssh.knownHostsPath, QStringLiteral("/keys/known_hosts"));
    QCOMPARE(ssh.defaultTimeoutMs, 12000);
    QVERIFY(ssh.password.isEmpty());
    QCOMPARE(ssh.describe(), QStringLiteral("ssh claude-user@pve1.example:2222"));
}

void TestSshConfig::knownHostsDefaultsToStateDir()
{
    Config config = Config::defaults();
    config.set(ConfigKey::StateDir, QStringLiteral("/var/lib/pmcp-test"));
    QCOMPARE(SshConfig::fromConfig(config).knownHostsPath,
             QStringLiteral("/var/lib/pmcp-test/known_hosts"));
}

QTEST_MAIN(TestSshConfig)
#include "TestSshConfig.moc"
