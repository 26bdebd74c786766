#include "server/mcp/StatelessEnvelope.h"

#include "tests/support/TestJson.h"

#include <QTest>

using namespace pmcp;
using pmcp::testjson::parseObject;

class TestStatelessEnvelope final : public QObject {
    Q_OBJECT

private slots:
    void cacheableMethods_data();
    void cacheableMethods();
    void resultGetsTypeServerInfoAndCacheHints_data();
    void resultGetsTypeServerInfoAndCacheHints();
    void handlerValuesAreKept();
    void httpStatusOfResponses_data();
    void httpStatusOfResponses();
};

void TestStatelessEnvelope::cacheableMethods_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<bool>("cacheable");
    QTest::newRow("discover") << "server/discover" << true;
    QTest::newRow("tools/list") << "tools/list" << true;
    QTest::newRow("prompts/list") << "prompts/list" << true;
    QTest::newRow("resources/list") << "resources/list" << true;
    QTest::newRow("templates") << "resources/templates/list" << true;
    QTest::newRow("read") << "resources/read" << true;
    QTest::newRow("tools/call") << "tools/call" << false;
    QTest::newRow("prompts/get") << "prompts/get" << false;
    QTest::newRow("completion") << "completion/complete" << false;
}

void TestStatelessEnvelope::cacheableMethods()
{
    QFETCH(QString, method);
    QFETCH(bool, cacheable);
    QCOMPARE(StatelessEnvelope::isCacheable(method), cacheable);
}

void TestStatelessEnvelope::resultGetsTypeServerInfoAndCacheHints_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<bool>("privateScope");
    QTest::addColumn<int>("ttlMs"); // -1: no cache hints
    QTest::addColumn<QString>("cacheScope");
    QTest::newRow("discover, public")
        << "server/discover" << false << StatelessEnvelope::kDiscoverTtlMs << "public";
    QTest::newRow("tools/list, private")
        << "tools/list" << true << StatelessEnvelope::kListTtlMs << "private";
    QTest::newRow("read, live data")
        << "resources/read" << false << StatelessEnvelope::kReadTtlMs << "public";
    QTest::newRow("tools/call, not cached") << "tools/call" << true << -1 << "";
}

void TestStatelessEnvelope::resultGetsTypeServerInfoAndCacheHints()
{
    QFETCH(QString, method);
    QFETCH(bool, privateScope);
    QFETCH(int, ttlMs);
    QFETCH(QString, cacheScope);
    const QJsonObject info{{QStringLiteral("name"), QStringLiteral("proxmox-mcp")},
                           {QStringLiteral("version"), QStringLiteral("1.2.3")}};
    const QJsonObject result = StatelessEnvelope::decorateResult(
        method, parseObject(R"({"tools":[]})"), info, privateScope);
    QCOMPARE(result.value(QLatin1String("resultType")).toString(), QStringLiteral("complete"));
    QCOMPARE(result.value(QLatin1String("_meta"))
                 .toObject()
                 .value(QLatin1String("io.modelcontextprotocol/serverInfo"))
                 .toObject(),
             info);
    QVERIFY(result.contains(QLatin1String("tools")));
    if (ttlMs < 0) {
        QVERIFY(!result.contains(QLatin1String("ttlMs")));
        QVERIFY(!result.contains(QLatin1String("cacheScope")));
    } else {
        QCOMPARE(result.value(QLatin1String("ttlMs")).toInt(-1), ttlMs);
        QCOMPARE(result.value(QLatin1String("cacheScope")).toString(), cacheScope);
    }
}

void TestStatelessEnvelope::handlerValuesAreKept()
{
    // A handler's own resultType, _meta keys and hints win; an interim result is not cached.
    const QJsonObject kept = StatelessEnvelope::decorateResult(
        QStringLiteral("tools/list"),
        parseObject(R"({"resultType":"complete","ttlMs":5,"cacheScope":"private",)"
                    R"("_meta":{"x":1}})"),
        parseObject(R"({"name":"s","version":"1"})"), false);
    QCOMPARE(kept.value(QLatin1String("ttlMs")).toInt(), 5);
    QCOMPARE(kept.value(QLatin1String("cacheScope")).toString(), QStringLiteral("private"));
    QCOMPARE(kept.value(QLatin1String("_meta")).toObject().value(QLatin1String("x")).toInt(), 1);
    const QJsonObject interim = StatelessEnvelope::decorateResult(
        QStringLiteral("resources/read"), parseObject(R"({"resultType":"input_required"})"),
        parseObject(R"({"name":"s","version":"1"})"), false);
    QCOMPARE(interim.value(QLatin1String("resultType")).toString(),
             QStringLiteral("input_required"));
    QVERIFY(!interim.contains(QLatin1String("ttlMs")));
}

void TestStatelessEnvelope::httpStatusOfResponses_data()
{
    QTest::addColumn<QString>("response");
    QTest::addColumn<int>("status");
    QTest::newRow("result") << R"({"jsonrpc":"2.0","id":1,"result":{}})" << 200;
    QTest::newRow("unknown method") << R"({"id":1,"error":{"code":-32601,"message":"m"}})" << 404;
    QTest::newRow("missing capability")
        << R"({"id":1,"error":{"code":-32021,"message":"m"}})" << 400;
    QTest::newRow("header mismatch") << R"({"id":1,"error":{"code":-32020,"message":"m"}})" << 400;
    QTest::newRow("unsupported version")
        << R"({"id":1,"error":{"code":-32022,"message":"m"}})" << 400;
    QTest::newRow("invalid request") << R"({"error":{"code":-32600,"message":"m"}})" << 400;
    QTest::newRow("unknown tool is a handler error")
        << R"({"id":1,"error":{"code":-32602,"message":"m"}})" << 200;
    QTest::newRow("internal error") << R"({"id":1,"error":{"code":-32603,"message":"m"}})" << 200;
}

void TestStatelessEnvelope::httpStatusOfResponses()
{
    QFETCH(QString, response);
    QFETCH(int, status);
    QCOMPARE(StatelessEnvelope::httpStatus(parseObject(response.toUtf8())), status);
}

QTEST_GUILESS_MAIN(TestStatelessEnvelope)
#include "TestStatelessEnvelope.moc"
