#include "server/ssh/HostKeyTrust.h"

#include "tests/support/LoopbackSshd.h"

#include <QFile>
#include <QTcpServer>
#include <QtTest>

using namespace pmcp;

class TestHostKeyTrust final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void fetchesTheServersFingerprint();
    void trustWritesAnEntryOpenSshAccepts();
    void trustReplacesAnOutdatedEntryAndKeepsOthers();
    void trustRefusesWhenTheKeyIsNotTheOneShown();
    void unreachableHostIsAnError();
    void hostPattern_data();
    void hostPattern();

private:
    QByteArray serverKeyBlob() const;
    LoopbackSshd m_sshd;
};

QByteArray TestHostKeyTrust::serverKeyBlob() const
{
    QFile pub(m_sshd.path(QStringLiteral("host_key.pub")));
    return pub.open(QIODevice::ReadOnly) ? pub.readAll().split(' ').value(1) : QByteArray();
}

void TestHostKeyTrust::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
    QVERIFY2(m_sshd.start(), qPrintable(m_sshd.error()));
}

void TestHostKeyTrust::fetchesTheServersFingerprint()
{
    const auto fingerprint =
        HostKeyTrust::fetchFingerprint(QStringLiteral("127.0.0.1"), m_sshd.port());
    QVERIFY2(fingerprint.ok(),
             qPrintable(fingerprint.ok() ? QString() : fingerprint.error().message));
    QVERIFY(fingerprint.value().startsWith(QStringLiteral("SHA256:")));
    QCOMPARE(fingerprint.value(), m_sshd.hostKeyFingerprint());
}

void TestHostKeyTrust::trustWritesAnEntryOpenSshAccepts()
{
    const QString knownHosts = m_sshd.path(QStringLiteral("state/known_hosts"));
    const auto trusted = HostKeyTrust::trust(QStringLiteral("127.0.0.1"), m_sshd.port(), knownHosts,
                                             m_sshd.hostKeyFingerprint());
    QVERIFY2(trusted.ok(), qPrintable(trusted.ok() ? QString() : trusted.error().message));
    QFile file(knownHosts);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(content.contains(serverKeyBlob()));
    QVERIFY(file.permissions().testFlag(QFileDevice::ReadOwner));
    QVERIFY(!file.permissions().testFlag(QFileDevice::WriteOther));
    // OpenSSH itself finds the entry for this host and port.
    int code = -1;
    const QByteArray found = LoopbackSshd::runTool(
        QStringLiteral("ssh-keygen"),
        {QStringLiteral("-F"), QStringLiteral("[127.0.0.1]:%1").arg(m_sshd.port()),
         QStringLiteral("-f"), knownHosts},
        &code);
    QCOMPARE(code, 0);
    QVERIFY(found.contains(serverKeyBlob()));
}

void TestHostKeyTrust::trustReplacesAnOutdatedEntryAndKeepsOthers()
{
    const QString knownHosts = m_sshd.path(QStringLiteral("replace_known_hosts"));
    const QByteArray otherHost = "pve9.example ssh-ed25519 "
                                 "AAAAC3NzaC1lZDI1NTE5AAAAIBOGUS0000000000000000000000000000000000"
                                 "00000\n";
    const QByteArray outdated = QStringLiteral("[127.0.0.1]:%1 ssh-ed25519 "
                                               "AAAAC3NzaC1lZDI1NTE5AAAAIOLDKEY000000000000000000"
                                               "0000000000000000000\n")
                                    .arg(m_sshd.port())
                                    .toUtf8();
    QFile seed(knownHosts);
    QVERIFY(seed.open(QIODevice::WriteOnly));
    seed.write(otherHost + outdated);
    seed.close();
    const auto trusted =
        HostKeyTrust::trust(QStringLiteral("127.0.0.1"), m_sshd.port(), knownHosts);
    QVERIFY2(trusted.ok(), qPrintable(trusted.ok() ? QString() : trusted.error().message));
    QFile file(knownHosts);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(content.startsWith(otherHost));
    QVERIFY(!content.contains("OLDKEY"));
    QCOMPARE(content.count(serverKeyBlob()), qsizetype(1));
}

void TestHostKeyTrust::trustRefusesWhenTheKeyIsNotTheOneShown()
{
    const QString knownHosts = m_sshd.path(QStringLiteral("refused_known_hosts"));
    const auto trusted = HostKeyTrust::trust(QStringLiteral("127.0.0.1"), m_sshd.port(), knownHosts,
                                             QStringLiteral("SHA256:") + QString(43, u'B'));
    QVERIFY(!trusted.ok());
    QCOMPARE(trusted.error().code, ErrorCode::Conflict);
    QVERIFY(trusted.error().message.contains(m_sshd.hostKeyFingerprint()));
    QVERIFY(!QFile::exists(knownHosts));
}

void TestHostKeyTrust::unreachableHostIsAnError()
{
    QTcpServer reserve;
    QVERIFY(reserve.listen(QHostAddress::LocalHost, 0));
    const quint16 port = reserve.serverPort();
    reserve.close();
    const auto fingerprint = HostKeyTrust::fetchFingerprint(QStringLiteral("127.0.0.1"), port);
    QVERIFY(!fingerprint.ok());
    QCOMPARE(fingerprint.error().code, ErrorCode::Unavailable);
}

void TestHostKeyTrust::hostPattern_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("expected");
    QTest::newRow("default port") << QStringLiteral("pve1") << 22 << QStringLiteral("pve1");
    QTest::newRow("other port") << QStringLiteral("10.0.0.5") << 2222
                                << QStringLiteral("[10.0.0.5]:2222");
}

void TestHostKeyTrust::hostPattern()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, expected);
    QCOMPARE(HostKeyTrust::hostPattern(host, quint16(port)), expected);
}

QTEST_MAIN(TestHostKeyTrust)
#include "TestHostKeyTrust.moc"
