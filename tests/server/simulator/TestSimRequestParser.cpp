#include "server/simulator/SimRequestParser.h"

#include <QtTest>

using namespace pmcp;

// SimRequestParser: form and JSON bodies, repeated keys joined with NUL, the query string
// over the body, and content types Proxmox refuses.
class TestSimRequestParser final : public QObject {
    Q_OBJECT

private:
    static HttpRequest request(const QByteArray &contentType, const QByteArray &body,
                               const QString &query = {})
    {
        HttpRequest r;
        r.method = "POST";
        r.path = QStringLiteral("/api2/json/nodes/pve1/qemu/100/agent/exec");
        r.query = QUrlQuery(query);
        if (!contentType.isEmpty())
            r.headers.append({"content-type", contentType});
        r.body = body;
        return r;
    }

private slots:
    void parses_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("count");
        const QString nul(QChar(0));
        QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded")
                              << QByteArray("vmid=100&name=web%2D01") << QString()
                              << QStringLiteral("name") << QStringLiteral("web-01") << 2;
        QTest::newRow("form with charset, plus is a space")
            << QByteArray("application/x-www-form-urlencoded; charset=UTF-8")
            << QByteArray("description=a+b%2Bc") << QString() << QStringLiteral("description")
            << QStringLiteral("a b+c") << 1;
        QTest::newRow("form repeated keys")
            << QByteArray("application/x-www-form-urlencoded")
            << QByteArray("command=uname&command=-a") << QString() << QStringLiteral("command")
            << (QStringLiteral("uname") + nul + QStringLiteral("-a")) << 1;
        QTest::newRow("no content type is a form")
            << QByteArray() << QByteArray("vmid=100") << QString() << QStringLiteral("vmid")
            << QStringLiteral("100") << 1;
        QTest::newRow("json scalars")
            << QByteArray("application/json")
            << QByteArray(R"({"vmid":100,"full":true,"ratio":0.5})") << QString()
            << QStringLiteral("full") << QStringLiteral("1") << 3;
        QTest::newRow("json integer")
            << QByteArray("application/json") << QByteArray(R"({"vmid":100})") << QString()
            << QStringLiteral("vmid") << QStringLiteral("100") << 1;
        QTest::newRow("json fraction")
            << QByteArray("application/json") << QByteArray(R"({"ratio":0.5})") << QString()
            << QStringLiteral("ratio") << QStringLiteral("0.5") << 1;
        QTest::newRow("json false")
            << QByteArray("application/json") << QByteArray(R"({"full":false})") << QString()
            << QStringLiteral("full") << QStringLiteral("0") << 1;
        QTest::newRow("json array")
            << QByteArray("application/json") << QByteArray(R"({"command":["uname","-a"]})")
            << QString() << QStringLiteral("command")
            << (QStringLiteral("uname") + nul + QStringLiteral("-a")) << 1;
        QTest::newRow("json null is left out")
            << QByteArray("application/json") << QByteArray(R"({"a":null,"b":"x"})") << QString()
            << QStringLiteral("a") << QString() << 1;
        QTest::newRow("query over body")
            << QByteArray("application/x-www-form-urlencoded") << QByteArray("vmid=100&x=1")
            << QStringLiteral("vmid=200") << QStringLiteral("vmid") << QStringLiteral("200") << 2;
        QTest::newRow("query only") << QByteArray() << QByteArray() << QStringLiteral("limit=5")
                                    << QStringLiteral("limit") << QStringLiteral("5") << 1;
        QTest::newRow("blank body with any type")
            << QByteArray("text/plain") << QByteArray("  \n") << QString() << QStringLiteral("x")
            << QString() << 0;
    }
    void parses()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, query);
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(int, count);
        const auto params = SimRequestParser::parameters(request(contentType, body, query));
        QVERIFY2(params.ok(), qPrintable(params.ok() ? QString() : params.error().message));
        QCOMPARE(params.value().value(key), value);
        QCOMPARE(params.value().contains(key), !value.isEmpty());
        QCOMPARE(params.value().size(), count);
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("multipart") << QByteArray("multipart/form-data; boundary=x")
                                   << QByteArray("--x") << static_cast<int>(ErrorCode::Unsupported)
                                   << QStringLiteral("upload 'Content-Type 'multipart/form-data; "
                                                     "boundary=x'' not implemented");
        QTest::newRow("text") << QByteArray("text/plain") << QByteArray("vmid=100")
                              << static_cast<int>(ErrorCode::Unsupported)
                              << QStringLiteral(
                                     "upload 'Content-Type 'text/plain'' not implemented");
        QTest::newRow("broken json")
            << QByteArray("application/json") << QByteArray("{\"vmid\":")
            << static_cast<int>(ErrorCode::InvalidArgument) << QStringLiteral("JSON decode failed");
        QTest::newRow("json array body")
            << QByteArray("application/json") << QByteArray("[1]")
            << static_cast<int>(ErrorCode::InvalidArgument) << QStringLiteral("JSON decode failed");
    }
    void refuses()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        QFETCH(QString, message);
        const auto params = SimRequestParser::parameters(request(contentType, body));
        QVERIFY(!params.ok());
        QCOMPARE(static_cast<int>(params.error().code), code);
        QVERIFY2(params.error().message.startsWith(message), qPrintable(params.error().message));
    }
};

QTEST_GUILESS_MAIN(TestSimRequestParser)
#include "TestSimRequestParser.moc"
