#include "server/http/OriginPolicy.h"

#include <QTest>

using namespace pmcp;

class TestOriginPolicy final : public QObject {
    Q_OBJECT

private slots:
    void hostHeader_data();
    void hostHeader();
    void originHeader_data();
    void originHeader();
    void hostName_data();
    void hostName();
};

namespace {

OriginPolicy configuredPolicy()
{
    return OriginPolicy(
        {QStringLiteral(" PVE-MCP.example.org "), QStringLiteral("mcp.lan:8443")},
        {QStringLiteral("https://Console.Example.org/"), QStringLiteral("http://tools.lan:3000")});
}

} // namespace

void TestOriginPolicy::hostHeader_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("defaultAllows");
    QTest::addColumn<bool>("configuredAllows");

    QTest::newRow("localhost") << QByteArray("localhost") << true << true;
    QTest::newRow("localhost:port") << QByteArray("localhost:8771") << true << true;
    QTest::newRow("LOCALHOST upper case") << QByteArray("LOCALHOST:8771") << true << true;
    QTest::newRow("127.0.0.1") << QByteArray("127.0.0.1") << true << true;
    QTest::newRow("127.0.0.1:port") << QByteArray("127.0.0.1:8771") << true << true;
    QTest::newRow("[::1]") << QByteArray("[::1]") << true << true;
    QTest::newRow("[::1]:port") << QByteArray("[::1]:8771") << true << true;
    QTest::newRow("surrounding blanks") << QByteArray(" localhost:1 ") << true << true;

    QTest::newRow("evil.example.com") << QByteArray("evil.example.com") << false << false;
    QTest::newRow("evil.example.com:port") << QByteArray("evil.example.com:8771") << false << false;
    QTest::newRow("empty") << QByteArray() << false << false;
    QTest::newRow("localhost.evil.com") << QByteArray("localhost.evil.com") << false << false;
    QTest::newRow("localhost.evil.com:port")
        << QByteArray("localhost.evil.com:8771") << false << false;
    QTest::newRow("127.0.0.1.nip.io") << QByteArray("127.0.0.1.nip.io") << false << false;
    QTest::newRow("evillocalhost") << QByteArray("evillocalhost") << false << false;
    QTest::newRow("other loopback 127.0.0.2") << QByteArray("127.0.0.2") << false << false;
    QTest::newRow("unterminated [::1") << QByteArray("[::1") << false << false;
    QTest::newRow("0.0.0.0") << QByteArray("0.0.0.0") << false << false;

    // Configured names: any port for a bare name, that exact port for a name with a port.
    QTest::newRow("configured name") << QByteArray("pve-mcp.example.org") << false << true;
    QTest::newRow("configured name, other case")
        << QByteArray("PVE-MCP.Example.ORG") << false << true;
    QTest::newRow("configured name with port")
        << QByteArray("pve-mcp.example.org:443") << false << true;
    QTest::newRow("configured name:port") << QByteArray("mcp.lan:8443") << false << true;
    QTest::newRow("configured name:port, other port")
        << QByteArray("mcp.lan:9000") << false << false;
    QTest::newRow("configured name:port, no port") << QByteArray("mcp.lan") << false << false;
    QTest::newRow("subdomain of configured name")
        << QByteArray("x.pve-mcp.example.org") << false << false;
}

void TestOriginPolicy::hostHeader()
{
    QFETCH(QByteArray, host);
    QFETCH(bool, defaultAllows);
    QFETCH(bool, configuredAllows);

    QCOMPARE(OriginPolicy({}, {}).isHostAllowed(host), defaultAllows);
    QCOMPARE(configuredPolicy().isHostAllowed(host), configuredAllows);
}

void TestOriginPolicy::originHeader_data()
{
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<bool>("defaultAllows");
    QTest::addColumn<bool>("configuredAllows");

    QTest::newRow("absent") << QByteArray() << true << true;
    QTest::newRow("http://localhost:1234") << QByteArray("http://localhost:1234") << true << true;
    QTest::newRow("http://localhost") << QByteArray("http://localhost") << true << true;
    QTest::newRow("https://127.0.0.1:8771") << QByteArray("https://127.0.0.1:8771") << true << true;
    QTest::newRow("http://[::1]:3000") << QByteArray("http://[::1]:3000") << true << true;
    QTest::newRow("HTTP://LOCALHOST:1") << QByteArray("HTTP://LOCALHOST:1") << true << true;
    QTest::newRow("trailing slash") << QByteArray("http://localhost:1234/") << true << true;

    QTest::newRow("http://evil.example.com")
        << QByteArray("http://evil.example.com") << false << false;
    QTest::newRow("https://localhost.evil.com")
        << QByteArray("https://localhost.evil.com") << false << false;
    QTest::newRow("userinfo trick")
        << QByteArray("http://localhost:1234@evil.example.com") << false << false;
    QTest::newRow("null") << QByteArray("null") << false << false;
    QTest::newRow("NULL") << QByteArray("NULL") << false << false;
    QTest::newRow("file scheme") << QByteArray("file://localhost") << false << false;
    QTest::newRow("chrome-extension")
        << QByteArray("chrome-extension://localhost") << false << false;
    QTest::newRow("bare host") << QByteArray("localhost") << false << false;

    QTest::newRow("configured, exact")
        << QByteArray("https://console.example.org") << false << true;
    QTest::newRow("configured, other case")
        << QByteArray("HTTPS://CONSOLE.EXAMPLE.ORG") << false << true;
    QTest::newRow("configured, trailing slash")
        << QByteArray("https://console.example.org/") << false << true;
    QTest::newRow("configured with port") << QByteArray("http://tools.lan:3000") << false << true;
    QTest::newRow("configured with port, trailing slash")
        << QByteArray("http://tools.lan:3000/") << false << true;
    QTest::newRow("configured, other scheme")
        << QByteArray("http://console.example.org") << false << false;
    QTest::newRow("configured, other port")
        << QByteArray("http://tools.lan:3001") << false << false;
    QTest::newRow("configured, no port") << QByteArray("http://tools.lan") << false << false;
    QTest::newRow("configured host as prefix")
        << QByteArray("https://console.example.org.evil.com") << false << false;
}

void TestOriginPolicy::originHeader()
{
    QFETCH(QByteArray, origin);
    QFETCH(bool, defaultAllows);
    QFETCH(bool, configuredAllows);

    QCOMPARE(OriginPolicy({}, {}).isOriginAllowed(origin), defaultAllows);
    QCOMPARE(configuredPolicy().isOriginAllowed(origin), configuredAllows);
}

void TestOriginPolicy::hostName_data()
{
    QTest::addColumn<QString>("hostAndPort");
    QTest::addColumn<QString>("expected");

    QTest::newRow("name") << QStringLiteral("example.com") << QStringLiteral("example.com");
    QTest::newRow("name:port") << QStringLiteral("example.com:8080")
                               << QStringLiteral("example.com");
    QTest::newRow("upper case") << QStringLiteral("Example.COM") << QStringLiteral("example.com");
    QTest::newRow("ipv4:port") << QStringLiteral("127.0.0.1:80") << QStringLiteral("127.0.0.1");
    QTest::newRow("[ipv6]:port") << QStringLiteral("[::1]:80") << QStringLiteral("::1");
    QTest::newRow("[ipv6]") << QStringLiteral("[fe80::1]") << QStringLiteral("fe80::1");
    QTest::newRow("bare ipv6") << QStringLiteral("::1") << QStringLiteral("::1");
    QTest::newRow("unterminated bracket") << QStringLiteral("[::1") << QString();
    QTest::newRow("blanks") << QStringLiteral("  host:1 ") << QStringLiteral("host");
    QTest::newRow("empty") << QString() << QString();
}

void TestOriginPolicy::hostName()
{
    QFETCH(QString, hostAndPort);
    QFETCH(QString, expected);
    QCOMPARE(OriginPolicy::hostName(hostAndPort), expected);
}

QTEST_GUILESS_MAIN(TestOriginPolicy)
#include "TestOriginPolicy.moc"
