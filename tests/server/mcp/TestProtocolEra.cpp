#include "server/mcp/ProtocolEra.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace pmcp;

namespace {

const QString kModern = QStringLiteral("2026-07-28");

QJsonObject envelope(const QString &version = kModern,
                     const QJsonValue &capabilities = QJsonObject{})
{
    return {{QStringLiteral("io.modelcontextprotocol/protocolVersion"), version},
            {QStringLiteral("io.modelcontextprotocol/clientCapabilities"), capabilities}};
}

QJsonObject message(const QString &method, QJsonObject params = {},
                    const QJsonValue &id = QJsonValue(7))
{
    QJsonObject m{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                  {QStringLiteral("method"), method},
                  {QStringLiteral("params"), params}};
    if (!id.isUndefined())
        m.insert(QStringLiteral("id"), id);
    return m;
}

QJsonObject modernMessage(const QString &method, QJsonObject params = {},
                          const QJsonObject &meta = envelope())
{
    params.insert(QStringLiteral("_meta"), meta);
    return message(method, params);
}

EraRequest post(const QJsonValue &body, const QHash<QByteArray, QByteArray> &headers = {})
{
    return {QByteArrayLiteral("POST"), body, headers};
}

QHash<QByteArray, QByteArray> modernHeaders(const QByteArray &method, const QByteArray &name = {})
{
    QHash<QByteArray, QByteArray> h{{"mcp-protocol-version", "2026-07-28"}, {"mcp-method", method}};
    if (!name.isEmpty())
        h.insert("mcp-name", name);
    return h;
}

} // namespace

class TestProtocolEra final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void paramHeaders_data();
    void paramHeaders();
    void legacyRequestsStayOnTheSessionPath_data();
    void legacyRequestsStayOnTheSessionPath();
    void envelopeClaimIsModernOverHttpAndStdio();
    void modernIgnoresASessionId();
    void modernRejections_data();
    void modernRejections();
    void unsupportedVersionListsTheSupportedOnes();
    void headerMismatchIsCheckedBeforeTheVersion();
    void unreadableIdIsOmittedNeverNull();
    void headerValueDecoding_data();
    void headerValueDecoding();
};

void TestProtocolEra::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestProtocolEra::legacyRequestsStayOnTheSessionPath_data()
{
    QTest::addColumn<QByteArray>("httpMethod");
    QTest::addColumn<QJsonValue>("body");
    QTest::addColumn<QByteArray>("versionHeader");

    const QJsonObject initialize =
        message(QStringLiteral("initialize"),
                {{QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")}});
    QTest::newRow("initialize 2025-11-25")
        << QByteArrayLiteral("POST") << QJsonValue(initialize) << QByteArray();
    QTest::newRow("tools/list with a 2025-06-18 header")
        << QByteArrayLiteral("POST") << QJsonValue(message(QStringLiteral("tools/list")))
        << QByteArrayLiteral("2025-06-18");
    QTest::newRow("tools/list 2025-03-26 header")
        << QByteArrayLiteral("POST") << QJsonValue(message(QStringLiteral("tools/list")))
        << QByteArrayLiteral("2025-03-26");
    QTest::newRow("server/discover without envelope")
        << QByteArrayLiteral("POST") << QJsonValue(message(QStringLiteral("server/discover")))
        << QByteArray();
    QTest::newRow("GET stream") << QByteArrayLiteral("GET") << QJsonValue() << QByteArray();
    QTest::newRow("DELETE session") << QByteArrayLiteral("DELETE") << QJsonValue() << QByteArray();
    QTest::newRow("response to a server request")
        << QByteArrayLiteral("POST")
        << QJsonValue(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                  {QStringLiteral("id"), 3},
                                  {QStringLiteral("result"), QJsonObject{}}})
        << QByteArray();
    QTest::newRow("legacy batch") << QByteArrayLiteral("POST")
                                  << QJsonValue(QJsonArray{message(QStringLiteral("tools/list")),
                                                           message(QStringLiteral("ping"), {}, 8)})
                                  << QByteArray();
    QTest::newRow("unparseable body") << QByteArrayLiteral("POST") << QJsonValue() << QByteArray();
    QTest::newRow("stdio initialize") << QByteArray() << QJsonValue(initialize) << QByteArray();
}

void TestProtocolEra::legacyRequestsStayOnTheSessionPath()
{
    QFETCH(QByteArray, httpMethod);
    QFETCH(QJsonValue, body);
    QFETCH(QByteArray, versionHeader);
    QHash<QByteArray, QByteArray> headers;
    if (!versionHeader.isEmpty())
        headers.insert("mcp-protocol-version", versionHeader);
    const EraDecision d = ProtocolEra::classify({httpMethod, body, headers});
    QCOMPARE(int(d.kind), int(EraDecision::Kind::Legacy));
}

void TestProtocolEra::envelopeClaimIsModernOverHttpAndStdio()
{
    const QJsonObject capabilities{{QStringLiteral("elicitation"), QJsonObject{}}};
    const QJsonObject body =
        modernMessage(QStringLiteral("tools/call"), {{QStringLiteral("name"), QStringLiteral("t")}},
                      envelope(kModern, capabilities));

    const EraDecision overHttp =
        ProtocolEra::classify(post(body, modernHeaders("tools/call", "  t  ")));
    QVERIFY(overHttp.isModern());
    QCOMPARE(overHttp.protocolVersion, kModern);
    QCOMPARE(overHttp.clientCapabilities, capabilities);
    QCOMPARE(overHttp.id, QJsonValue(7));

    // stdio has no headers: the claim alone decides.
    const EraDecision overStdio = ProtocolEra::classify({QByteArray(), body, {}});
    QVERIFY(overStdio.isModern());
    QCOMPARE(overStdio.protocolVersion, kModern);

    // server/discover carries only _meta.
    QVERIFY(ProtocolEra::classify(post(modernMessage(QStringLiteral("server/discover")),
                                       modernHeaders("server/discover")))
                .isModern());
}

void TestProtocolEra::modernIgnoresASessionId()
{
    auto headers = modernHeaders("tools/list");
    headers.insert("mcp-session-id", "stale-session");
    QVERIFY(ProtocolEra::classify(post(modernMessage(QStringLiteral("tools/list")), headers))
                .isModern());
}

void TestProtocolEra::modernRejections_data()
{
    QTest::addColumn<QJsonValue>("body");
    QTest::addColumn<QVariantMap>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");

    const auto h = [](const QByteArray &method, const QByteArray &name = {}) {
        QVariantMap m;
        const auto headers = modernHeaders(method, name);
        for (auto it = headers.cbegin(); it != headers.cend(); ++it)
            m.insert(QString::fromLatin1(it.key()), it.value());
        return m;
    };
    const QJsonObject call = modernMessage(QStringLiteral("tools/call"),
                                           {{QStringLiteral("name"), QStringLiteral("t")}});

    QTest::newRow("2026 header without _meta")
        << QJsonValue(message(QStringLiteral("tools/list"))) << h("tools/list") << 400 << -32602;
    QTest::newRow("_meta without clientCapabilities")
        << QJsonValue(modernMessage(
               QStringLiteral("tools/list"), {},
               {{QStringLiteral("io.modelcontextprotocol/protocolVersion"), kModern}}))
        << h("tools/list") << 400 << -32602;
    QTest::newRow("initialize with a 2026 header")
        << QJsonValue(message(QStringLiteral("initialize"))) << h("initialize") << 400 << -32020;
    QTest::newRow("Mcp-Method differs in case")
        << QJsonValue(modernMessage(QStringLiteral("tools/list"))) << h("TOOLS/LIST") << 400
        << -32020;
    QTest::newRow("missing Mcp-Method")
        << QJsonValue(modernMessage(QStringLiteral("tools/list")))
        << QVariantMap{{QStringLiteral("mcp-protocol-version"), QByteArrayLiteral("2026-07-28")}}
        << 400 << -32020;
    QTest::newRow("missing MCP-Protocol-Version")
        << QJsonValue(modernMessage(QStringLiteral("tools/list")))
        << QVariantMap{{QStringLiteral("mcp-method"), QByteArrayLiteral("tools/list")}} << 400
        << -32020;
    QTest::newRow("missing Mcp-Name") << QJsonValue(call) << h("tools/call") << 400 << -32020;
    QTest::newRow("wrong Mcp-Name") << QJsonValue(call) << h("tools/call", "u") << 400 << -32020;
    QTest::newRow("bad base64 Mcp-Name")
        << QJsonValue(call) << h("tools/call", "=?base64?!!!?=") << 400 << -32020;
    QTest::newRow("unsupported version")
        << QJsonValue(modernMessage(QStringLiteral("tools/list"), {},
                                    envelope(QStringLiteral("v999.0.0"))))
        << QVariantMap{{QStringLiteral("mcp-protocol-version"), QByteArrayLiteral("v999.0.0")},
                       {QStringLiteral("mcp-method"), QByteArrayLiteral("tools/list")}}
        << 400 << -32022;
    QTest::newRow("modern envelope on initialize")
        << QJsonValue(modernMessage(QStringLiteral("initialize"))) << h("initialize") << 404
        << -32601;
    QTest::newRow("modern envelope on ping")
        << QJsonValue(modernMessage(QStringLiteral("ping"))) << h("ping") << 404 << -32601;
    QTest::newRow("modern element in a batch")
        << QJsonValue(QJsonArray{modernMessage(QStringLiteral("tools/list"))}) << h("tools/list")
        << 400 << -32600;
}

void TestProtocolEra::modernRejections()
{
    QFETCH(QJsonValue, body);
    QFETCH(QVariantMap, headers);
    QFETCH(int, status);
    QFETCH(int, code);
    QHash<QByteArray, QByteArray> h;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        h.insert(it.key().toLatin1(), it.value().toByteArray());
    const EraDecision d = ProtocolEra::classify(post(body, h));
    QVERIFY(d.isRejected());
    QCOMPARE(d.httpStatus, status);
    QCOMPARE(d.errorCode, code);
    QVERIFY(!d.message.isEmpty());
    const QJsonObject response = d.errorResponse();
    QCOMPARE(response.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")),
             QJsonValue(code));
    // The id is echoed whenever the request had one; never null.
    QVERIFY(!response.value(QStringLiteral("id")).isNull());
    if (body.isObject())
        QCOMPARE(response.value(QStringLiteral("id")), QJsonValue(7));
}

void TestProtocolEra::unsupportedVersionListsTheSupportedOnes()
{
    // Even a 2025 version is not served through the modern envelope.
    const EraDecision d = ProtocolEra::classify(post(
        modernMessage(QStringLiteral("tools/list"), {}, envelope(QStringLiteral("2025-11-25"))),
        {{"mcp-protocol-version", "2025-11-25"}, {"mcp-method", "tools/list"}}));
    QCOMPARE(d.errorCode, ProtocolEra::UnsupportedVersion);
    QCOMPARE(d.errorData.value(QStringLiteral("requested")),
             QJsonValue(QStringLiteral("2025-11-25")));
    QCOMPARE(d.errorData.value(QStringLiteral("supported")), QJsonValue(QJsonArray{kModern}));
}

void TestProtocolEra::headerMismatchIsCheckedBeforeTheVersion()
{
    // The scenario server-stateless: _meta v999 with header 2026-07-28 is -32020, not -32022.
    const EraDecision d = ProtocolEra::classify(
        post(modernMessage(QStringLiteral("tools/list"), {}, envelope(QStringLiteral("v999.0.0"))),
             modernHeaders("tools/list")));
    QCOMPARE(d.errorCode, ProtocolEra::HeaderMismatch);
    QCOMPARE(d.httpStatus, 400);
}

void TestProtocolEra::unreadableIdIsOmittedNeverNull()
{
    QJsonObject body =
        modernMessage(QStringLiteral("tools/list"), {}, envelope(QStringLiteral("x")));
    body.insert(QStringLiteral("id"), QJsonValue::Null);
    const EraDecision d = ProtocolEra::classify({QByteArray(), body, {}});
    QVERIFY(d.isRejected());
    QVERIFY(d.id.isUndefined());
    QVERIFY(!d.errorResponse().contains(QStringLiteral("id")));
}

void TestProtocolEra::headerValueDecoding_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("decoded");

    QTest::newRow("literal") << QByteArrayLiteral("vm_start") << true << QStringLiteral("vm_start");
    QTest::newRow("whitespace stripped")
        << QByteArrayLiteral("  tool \t") << true << QStringLiteral("tool");
    QTest::newRow("base64 utf-8") << ("=?base64?" + QStringLiteral("Grüße").toUtf8().toBase64() +
                                      "?=")
                                  << true << QStringLiteral("Grüße");
    QTest::newRow("base64 markers upper case are literal")
        << QByteArrayLiteral("=?BASE64?dA==?=") << true << QStringLiteral("=?BASE64?dA==?=");
    QTest::newRow("bad base64") << QByteArrayLiteral("=?base64?@@@?=") << false << QString();
    QTest::newRow("base64 not utf-8")
        << ("=?base64?" + QByteArray("\xff\xfe").toBase64() + "?=") << false << QString();
    QTest::newRow("non-ascii literal") << QByteArray("caf\xc3\xa9") << false << QString();
    QTest::newRow("control character") << QByteArray("a\x01"
                                                     "b")
                                       << false << QString();
}

void TestProtocolEra::headerValueDecoding()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, valid);
    QFETCH(QString, decoded);
    const auto value = ProtocolEra::decodeHeaderValue(raw);
    QCOMPARE(value.has_value(), valid);
    if (valid)
        QCOMPARE(*value, decoded);
}

void TestProtocolEra::paramHeaders_data()
{
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<QByteArray>("regionHeader"); // null: not sent
    QTest::addColumn<QByteArray>("verboseHeader");
    QTest::addColumn<bool>("agree");
    const QJsonObject hello{{QStringLiteral("region"), QStringLiteral("Hello")}};
    const QByteArray none;
    QTest::newRow("literal") << hello << QByteArray("Hello") << none << true;
    QTest::newRow("whitespace around") << hello << QByteArray("  Hello ") << none << true;
    QTest::newRow("base64") << hello << QByteArray("=?base64?SGVsbG8=?=") << none << true;
    QTest::newRow("bad padding") << hello << QByteArray("=?base64?SGVsbG8?=") << none << false;
    QTest::newRow("no markers: literal") << hello << QByteArray("SGVsbG8=") << none << false;
    QTest::newRow("values are case-sensitive") << hello << QByteArray("hello") << none << false;
    QTest::newRow("missing") << hello << none << none << false;
    QTest::newRow("header without argument")
        << QJsonObject{} << QByteArray("Hello") << none << false;
    QTest::newRow("null argument, no header")
        << QJsonObject{{QStringLiteral("region"), QJsonValue::Null}} << none << none << true;
    QTest::newRow("boolean") << QJsonObject{{QStringLiteral("verbose"), true}} << none
                             << QByteArray("true") << true;
    QTest::newRow("boolean differs")
        << QJsonObject{{QStringLiteral("verbose"), true}} << none << QByteArray("1") << false;
    QTest::newRow("unannotated argument needs no header")
        << QJsonObject{{QStringLiteral("other"), QStringLiteral("x")}} << none << none << true;
}

void TestProtocolEra::paramHeaders()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(QByteArray, regionHeader);
    QFETCH(QByteArray, verboseHeader);
    QFETCH(bool, agree);
    const QJsonObject schema =
        QJsonDocument::fromJson(
            R"({"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"},)"
            R"("verbose":{"type":"boolean","x-mcp-header":"Verbose"},"other":{"type":"string"}}})")
            .object();
    QHash<QByteArray, QByteArray> headers;
    if (!regionHeader.isNull())
        headers.insert("mcp-param-region", regionHeader);
    if (!verboseHeader.isNull())
        headers.insert("mcp-param-verbose", verboseHeader);
    const auto problem = ProtocolEra::checkParamHeaders(schema, arguments, headers);
    QCOMPARE(!problem.has_value(), agree);
    if (problem)
        QVERIFY(problem->contains(QStringLiteral("Mcp-Param-")));
}

QTEST_GUILESS_MAIN(TestProtocolEra)
#include "TestProtocolEra.moc"
