#include "server/mcp/JsonRpc.h"

#include "tests/support/TestJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace pmcp;
using pmcp::testjson::parse;
using pmcp::testjson::parseObject;
using namespace Qt::Literals::StringLiterals;

namespace {

using Kind = JsonRpcMessage::Kind;

} // namespace

class TestJsonRpc final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void classify_data();
    void classify();
    void classifyKeepsParamsResultAndError();
    void builders();
    void errorBuilder_data();
    void errorBuilder();
    void idKey_data();
    void idKey();
};

void TestJsonRpc::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestJsonRpc::classify_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("reason"); // invalidReason; "" for valid messages

    const auto row = [](const char *name, const QByteArray &json, Kind kind, const QJsonValue &id,
                        const QString &method = {}, const QString &reason = {}) {
        QTest::newRow(name) << json << int(kind) << id << method << reason;
    };
    const QString notObject = QStringLiteral("a JSON-RPC message must be a JSON object");
    const QString badVersion = QStringLiteral("\"jsonrpc\" must be \"2.0\"");
    const QString badId = QStringLiteral("\"id\" must be a string or an integer");
    const QString badMethod = QStringLiteral("\"method\" must be a non-empty string");
    const QString badParams = QStringLiteral("\"params\" must be an object");
    const QString noMethodNoId = QStringLiteral("a message needs \"method\" or \"id\"");
    const QString noResult = QStringLiteral("a response needs \"result\" or \"error\"");

    // Valid messages.
    row("request, integer id",
        R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"x"}})", Kind::Request,
        1, QStringLiteral("tools/list"));
    row("request, string id", R"({"jsonrpc":"2.0","id":"abc","method":"ping"})", Kind::Request,
        QStringLiteral("abc"), QStringLiteral("ping"));
    row("request, empty string id", R"({"jsonrpc":"2.0","id":"","method":"ping"})", Kind::Request,
        QStringLiteral(""), QStringLiteral("ping"));
    row("request, negative id", R"({"jsonrpc":"2.0","id":-7,"method":"ping"})", Kind::Request, -7,
        QStringLiteral("ping"));
    row("request, id 0", R"({"jsonrpc":"2.0","id":0,"method":"ping"})", Kind::Request, 0,
        QStringLiteral("ping"));
    row("request, id written 2.0", R"({"jsonrpc":"2.0","id":2.0,"method":"ping"})", Kind::Request,
        2, QStringLiteral("ping"));
    row("request, params null", R"({"jsonrpc":"2.0","id":1,"method":"ping","params":null})",
        Kind::Request, 1, QStringLiteral("ping"));
    row("notification", R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
        Kind::Notification, QJsonValue(QJsonValue::Undefined),
        QStringLiteral("notifications/initialized"));
    row("notification with params",
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}})",
        Kind::Notification, QJsonValue(QJsonValue::Undefined),
        QStringLiteral("notifications/cancelled"));
    row("response", R"({"jsonrpc":"2.0","id":"srv-1","result":{"action":"accept"}})",
        Kind::Response, QStringLiteral("srv-1"));
    row("response, empty result", R"({"jsonrpc":"2.0","id":4,"result":{}})", Kind::Response, 4);
    row("error response", R"({"jsonrpc":"2.0","id":"srv-2","error":{"code":-1,"message":"no"}})",
        Kind::Error, QStringLiteral("srv-2"));

    // Invalid messages: the id survives when it is itself valid, so the error can echo it.
    row("array (batch)", R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", Kind::Invalid,
        QJsonValue(), {}, notObject);
    row("string", R"("ping")", Kind::Invalid, QJsonValue(), {}, notObject);
    row("missing jsonrpc", R"({"id":1,"method":"ping"})", Kind::Invalid, 1, {}, badVersion);
    row("jsonrpc 1.0", R"({"jsonrpc":"1.0","id":"a","method":"ping"})", Kind::Invalid,
        QStringLiteral("a"), {}, badVersion);
    row("jsonrpc as number", R"({"jsonrpc":2.0,"id":1,"method":"ping"})", Kind::Invalid, 1, {},
        badVersion);
    row("wrong version, bad id dropped", R"({"jsonrpc":"1.0","id":{},"method":"ping"})",
        Kind::Invalid, QJsonValue(), {}, badVersion);
    row("id null", R"({"jsonrpc":"2.0","id":null,"method":"ping"})", Kind::Invalid, QJsonValue(),
        {}, badId);
    row("id float", R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", Kind::Invalid, QJsonValue(),
        {}, badId);
    row("id object", R"({"jsonrpc":"2.0","id":{"a":1},"method":"ping"})", Kind::Invalid,
        QJsonValue(), {}, badId);
    row("id array", R"({"jsonrpc":"2.0","id":[1],"method":"ping"})", Kind::Invalid, QJsonValue(),
        {}, badId);
    row("id bool", R"({"jsonrpc":"2.0","id":true,"method":"ping"})", Kind::Invalid, QJsonValue(),
        {}, badId);
    row("response with id null", R"({"jsonrpc":"2.0","id":null,"result":{}})", Kind::Invalid,
        QJsonValue(), {}, badId);
    row("method number", R"({"jsonrpc":"2.0","id":1,"method":42})", Kind::Invalid, 1, {},
        badMethod);
    row("method empty", R"({"jsonrpc":"2.0","id":"x","method":""})", Kind::Invalid,
        QStringLiteral("x"), {}, badMethod);
    row("method null", R"({"jsonrpc":"2.0","id":1,"method":null})", Kind::Invalid, 1, {},
        badMethod);
    row("notification method empty", R"({"jsonrpc":"2.0","method":""})", Kind::Invalid,
        QJsonValue(), {}, badMethod);
    row("params array", R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[1,2]})", Kind::Invalid,
        1, {}, badParams);
    row("params string", R"({"jsonrpc":"2.0","id":1,"method":"ping","params":"x"})", Kind::Invalid,
        1, {}, badParams);
    row("params number", R"({"jsonrpc":"2.0","method":"ping","params":3})", Kind::Invalid,
        QJsonValue(), {}, badParams);
    row("neither method nor id", R"({"jsonrpc":"2.0","result":{}})", Kind::Invalid, QJsonValue(),
        {}, noMethodNoId);
    row("response without result or error", R"({"jsonrpc":"2.0","id":1})", Kind::Invalid, 1, {},
        noResult);
    row("error not an object", R"({"jsonrpc":"2.0","id":1,"error":"bad"})", Kind::Invalid, 1, {},
        noResult);
}

void TestJsonRpc::classify()
{
    QFETCH(QByteArray, json);
    QFETCH(int, kind);
    QFETCH(QJsonValue, id);
    QFETCH(QString, method);
    QFETCH(QString, reason);

    const JsonRpcMessage message = JsonRpcMessage::classify(parse(json));
    QCOMPARE(int(message.kind), kind);
    QCOMPARE(message.invalidReason, reason);
    QCOMPARE(message.method, method);
    QCOMPARE(message.isRequest(), kind == int(Kind::Request));
    if (id.isUndefined()) {
        QVERIFY(message.id.isUndefined());
    } else {
        QCOMPARE(message.id.type(), id.type());
        QCOMPARE(message.id, id);
    }
}

void TestJsonRpc::classifyKeepsParamsResultAndError()
{
    const auto request = JsonRpcMessage::classify(parse(
        R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"a":[1]}}})"));
    QCOMPARE(request.params.value(QLatin1String("name")).toString(), QStringLiteral("x"));
    QCOMPARE(request.params.value(QLatin1String("arguments")).toObject(),
             parse(R"({"a":[1]})").toObject());

    const auto response =
        JsonRpcMessage::classify(parse(R"({"jsonrpc":"2.0","id":"s","result":{"n":5}})"));
    QCOMPARE(response.result.toObject(), parse(R"({"n":5})").toObject());
    QVERIFY(response.error.isEmpty());

    const auto error = JsonRpcMessage::classify(
        parse(R"({"jsonrpc":"2.0","id":"s","error":{"code":-32000,"message":"declined"}})"));
    QCOMPARE(error.error.value(QLatin1String("code")).toInt(), -32000);
    QCOMPARE(error.error.value(QLatin1String("message")).toString(), QStringLiteral("declined"));
}

void TestJsonRpc::builders()
{
    const QJsonObject params{{QStringLiteral("a"), 1}};
    QCOMPARE(JsonRpc::result(7, params),
             parse(R"({"jsonrpc":"2.0","id":7,"result":{"a":1}})").toObject());
    QCOMPARE(JsonRpc::result(QStringLiteral("x"), {}),
             parse(R"({"jsonrpc":"2.0","id":"x","result":{}})").toObject());
    QCOMPARE(
        JsonRpc::request(QStringLiteral("srv-1"), QStringLiteral("sampling/createMessage"), params),
        parse(R"({"jsonrpc":"2.0","id":"srv-1","method":"sampling/createMessage",)"
              R"("params":{"a":1}})")
            .toObject());
    QCOMPARE(JsonRpc::notification(QStringLiteral("notifications/progress"), params),
             parse(R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"a":1}})")
                 .toObject());

    // What the engine builds, it classifies back to the same thing.
    const auto roundTrip =
        JsonRpcMessage::classify(JsonRpc::request(3, QStringLiteral("tools/call"), params));
    QCOMPARE(int(roundTrip.kind), int(Kind::Request));
    QCOMPARE(roundTrip.id, QJsonValue(3));
    QCOMPARE(roundTrip.params, params);
    QCOMPARE(int(JsonRpcMessage::classify(JsonRpc::notification(QStringLiteral("x"), {})).kind),
             int(Kind::Notification));
    QCOMPARE(int(JsonRpcMessage::classify(JsonRpc::result(3, {})).kind), int(Kind::Response));
    QCOMPARE(
        int(JsonRpcMessage::classify(JsonRpc::error(3, {rpc::kInternalError, "x"_L1, {}})).kind),
        int(Kind::Error));
}

void TestJsonRpc::errorBuilder_data()
{
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<QJsonValue>("data");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("integer id, no data")
        << QJsonValue(5) << QJsonValue(QJsonValue::Undefined)
        << QByteArray(R"({"jsonrpc":"2.0","id":5,"error":{"code":-32602,"message":"bad"}})");
    QTest::newRow("string id, null data dropped")
        << QJsonValue(QStringLiteral("a")) << QJsonValue()
        << QByteArray(R"({"jsonrpc":"2.0","id":"a","error":{"code":-32602,"message":"bad"}})");
    QTest::newRow("data kept") << QJsonValue(5) << QJsonValue(QJsonObject{{"uri"_L1, "x://y"_L1}})
                               << QByteArray(R"({"jsonrpc":"2.0","id":5,"error":{"code":-32602,)"
                                             R"("message":"bad","data":{"uri":"x://y"}}})");
    QTest::newRow("undefined id becomes null")
        << QJsonValue(QJsonValue::Undefined) << QJsonValue(QJsonValue::Undefined)
        << QByteArray(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32602,"message":"bad"}})");
    QTest::newRow("null id stays null")
        << QJsonValue() << QJsonValue(QJsonValue::Undefined)
        << QByteArray(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32602,"message":"bad"}})");
}

void TestJsonRpc::errorBuilder()
{
    QFETCH(QJsonValue, id);
    QFETCH(QJsonValue, data);
    QFETCH(QByteArray, expected);
    const QJsonObject error =
        JsonRpc::error(id, {rpc::kInvalidParams, QStringLiteral("bad"), data});
    QCOMPARE(error, parse(expected).toObject());
    // The id key is always there: a JSON-RPC error response must carry one, if only null.
    QVERIFY(error.contains(QLatin1String("id")));
}

void TestJsonRpc::idKey_data()
{
    QTest::addColumn<QJsonValue>("a");
    QTest::addColumn<QJsonValue>("b");
    QTest::addColumn<bool>("same");

    QTest::newRow("1 and \"1\" differ") << QJsonValue(1) << QJsonValue("1"_L1) << false;
    QTest::newRow("\"n1\" and 1 differ") << QJsonValue("n1"_L1) << QJsonValue(1) << false;
    QTest::newRow("1 and 2 differ") << QJsonValue(1) << QJsonValue(2) << false;
    QTest::newRow("\"a\" and \"b\" differ") << QJsonValue("a"_L1) << QJsonValue("b"_L1) << false;
    QTest::newRow("-1 and 1 differ") << QJsonValue(-1) << QJsonValue(1) << false;
    QTest::newRow("1 and 1.0 same") << QJsonValue(1) << QJsonValue(1.0) << true;
    QTest::newRow("\"a\" and \"a\" same") << QJsonValue("a"_L1) << QJsonValue("a"_L1) << true;
    QTest::newRow("large integers")
        << QJsonValue(qint64(1) << 40) << QJsonValue(qint64(1) << 40) << true;
    QTest::newRow("large integers differ")
        << QJsonValue(qint64(1) << 40) << QJsonValue((qint64(1) << 40) + 1) << false;
}

void TestJsonRpc::idKey()
{
    QFETCH(QJsonValue, a);
    QFETCH(QJsonValue, b);
    QFETCH(bool, same);
    QCOMPARE(JsonRpc::idKey(a) == JsonRpc::idKey(b), same);
}

QTEST_GUILESS_MAIN(TestJsonRpc)
#include "TestJsonRpc.moc"
