#include "server/mcp/JsonSchemaAssertions.h"

#include "tests/support/TestJson.h"

#include <QJsonDocument>
#include <QTest>

using namespace pmcp;
using pmcp::testjson::parse;
using pmcp::testjson::parseObject;

namespace {

// Every assertion that applies to the instance's kind, in the validator's order.
QStringList messages(const QJsonObject &schema, const QJsonValue &instance)
{
    QStringList out;
    if (const QString type = JsonSchemaAssertions::type(schema, instance); !type.isEmpty())
        return {type};
    if (const QString constant = JsonSchemaAssertions::constant(schema, instance);
        !constant.isEmpty())
        out.append(constant);
    if (const QJsonValue options = schema.value(QLatin1String("enum")); options.isArray()) {
        if (QString e = JsonSchemaAssertions::enumeration(options.toArray(), instance);
            !e.isEmpty())
            out.append(e);
    }
    if (instance.isDouble())
        out += JsonSchemaAssertions::number(schema, instance.toDouble());
    if (instance.isString())
        out += JsonSchemaAssertions::stringLength(schema, instance.toString());
    if (instance.isArray()) {
        out += JsonSchemaAssertions::itemCount(schema, instance.toArray().size());
        if (schema.value(QLatin1String("uniqueItems")).toBool()) {
            if (QString u = JsonSchemaAssertions::uniqueItems(instance.toArray()); !u.isEmpty())
                out.append(u);
        }
    }
    if (instance.isObject())
        out += JsonSchemaAssertions::propertyCount(schema, instance.toObject().size());
    return out;
}

} // namespace

class TestJsonSchemaAssertions final : public QObject {
    Q_OBJECT

private slots:
    void assertions_data();
    void assertions();
    void matchesType_data();
    void matchesType();
    void unknownProperty_data();
    void unknownProperty();
    void countKeyword_data();
    void countKeyword();
};

void TestJsonSchemaAssertions::assertions_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QByteArray>("instance");
    QTest::addColumn<QString>("expected"); // messages joined by " | "; "" = holds

    QTest::newRow("no keywords") << QByteArray("{}") << QByteArray("[1,1]") << "";
    QTest::newRow("type ok") << QByteArray(R"({"type":"integer"})") << QByteArray("3") << "";
    QTest::newRow("type fails") << QByteArray(R"({"type":"integer"})") << QByteArray("3.5")
                                << "expected integer, got number 3.5";
    QTest::newRow("type list fails") << QByteArray(R"({"type":["string","null"],"minimum":9})")
                                     << QByteArray("5") << "expected string or null, got integer 5";
    QTest::newRow("empty type list ignored")
        << QByteArray(R"({"type":[]})") << QByteArray("5") << "";
    QTest::newRow("const and enum")
        << QByteArray(R"({"const":"on","enum":["a","b"]})") << QByteArray(R"("off")")
        << R"(expected "on", got string "off" | expected one of "a", "b", got string "off")";
    QTest::newRow("enum listing is capped")
        << QByteArray(R"({"enum":[1,2,3,4,5,6,7,8,9,10,11,12]})") << QByteArray("0")
        << "expected one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ... (12 in all), got integer 0";
    QTest::newRow("numeric bounds in order")
        << QByteArray(
               R"({"minimum":5,"exclusiveMinimum":5,"maximum":1,"exclusiveMaximum":1,"multipleOf":2})")
        << QByteArray("3")
        << "expected a number >= 5, got 3 | expected a number > 5, got 3 | "
           "expected a number <= 1, got 3 | expected a number < 1, got 3 | "
           "expected a multiple of 2, got 3";
    QTest::newRow("multipleOf decimal ok")
        << QByteArray(R"({"multipleOf":0.01})") << QByteArray("19.99") << "";
    QTest::newRow("multipleOf huge quotient is whole")
        << QByteArray(R"({"multipleOf":0.3})") << QByteArray("1e300") << "";
    QTest::newRow("string length in code points")
        << QByteArray(R"({"maxLength":1})") << QByteArray("\"\xF0\x9F\x98\x80\"") << "";
    QTest::newRow("string too short") << QByteArray(R"({"minLength":2})") << QByteArray(R"("a")")
                                      << "expected at least 2 characters, got 1";
    QTest::newRow("malformed count ignored")
        << QByteArray(R"({"minLength":-1,"maxLength":0.5})") << QByteArray(R"("abc")") << "";
    QTest::newRow("item counts") << QByteArray(R"({"minItems":3,"maxItems":1})")
                                 << QByteArray("[1,2]")
                                 << "expected at least 3 items, got 2 | "
                                    "expected at most 1 item, got 2";
    QTest::newRow("duplicate items")
        << QByteArray(R"({"uniqueItems":true})") << QByteArray(R"([1,"a",1.0,"a"])")
        << "expected unique items, but items 0 and 2 are equal";
    QTest::newRow("property counts")
        << QByteArray(R"({"minProperties":2,"maxProperties":0})") << QByteArray(R"({"a":1})")
        << "expected at least 2 properties, got 1 | expected at most 0 properties, got 1";
}

void TestJsonSchemaAssertions::assertions()
{
    QFETCH(QByteArray, schema);
    QFETCH(QByteArray, instance);
    QFETCH(QString, expected);
    QCOMPARE(messages(parseObject(schema), parse(instance)).join(QStringLiteral(" | ")), expected);
}

void TestJsonSchemaAssertions::matchesType_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("instance");
    QTest::addColumn<bool>("matches");

    QTest::newRow("integer") << "integer" << QByteArray("2.0") << true;
    QTest::newRow("integer not fraction") << "integer" << QByteArray("2.5") << false;
    QTest::newRow("number") << "number" << QByteArray("2") << true;
    QTest::newRow("string") << "string" << QByteArray(R"("2")") << true;
    QTest::newRow("string not number") << "string" << QByteArray("2") << false;
    QTest::newRow("object") << "object" << QByteArray("{}") << true;
    QTest::newRow("array") << "array" << QByteArray("[]") << true;
    QTest::newRow("boolean") << "boolean" << QByteArray("true") << true;
    QTest::newRow("boolean not 0") << "boolean" << QByteArray("0") << false;
    QTest::newRow("null") << "null" << QByteArray("null") << true;
    QTest::newRow("unknown type") << "int" << QByteArray("2") << false;
}

void TestJsonSchemaAssertions::matchesType()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, instance);
    QFETCH(bool, matches);
    QCOMPARE(JsonSchemaAssertions::matchesType(type, parse(instance)), matches);
}

void TestJsonSchemaAssertions::unknownProperty_data()
{
    QTest::addColumn<QByteArray>("properties");
    QTest::addColumn<QByteArray>("patterns");
    QTest::addColumn<QString>("expected");

    QTest::newRow("none allowed") << QByteArray("{}") << QByteArray("{}")
                                  << "unknown property (no properties are allowed)";
    QTest::newRow("names and patterns")
        << QByteArray(R"({"b":{},"a":{}})") << QByteArray(R"({"^x_":{}})")
        << R"(unknown property (allowed: a, b, names matching "^x_"))";
    QByteArray many = "{";
    for (int i = 0; i < 25; ++i)
        many += (i ? ",\"p" : "\"p") + QByteArray::number(100 + i) + "\":{}";
    many += '}';
    QStringList listed;
    for (int i = 0; i < 20; ++i)
        listed.append(QStringLiteral("p%1").arg(100 + i));
    QTest::newRow("listing is capped")
        << many << QByteArray("{}")
        << QStringLiteral("unknown property (allowed: %1, ... (25 in all))")
               .arg(listed.join(QStringLiteral(", ")));
}

void TestJsonSchemaAssertions::unknownProperty()
{
    QFETCH(QByteArray, properties);
    QFETCH(QByteArray, patterns);
    QFETCH(QString, expected);
    QCOMPARE(JsonSchemaAssertions::unknownProperty(parseObject(properties), parseObject(patterns)),
             expected);
}

void TestJsonSchemaAssertions::countKeyword_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("absent") << QByteArray("{}") << qint64(-1);
    QTest::newRow("zero") << QByteArray(R"({"minItems":0})") << qint64(0);
    QTest::newRow("written 2.0") << QByteArray(R"({"minItems":2.0})") << qint64(2);
    QTest::newRow("negative") << QByteArray(R"({"minItems":-2})") << qint64(-1);
    QTest::newRow("fraction") << QByteArray(R"({"minItems":1.5})") << qint64(-1);
    QTest::newRow("string") << QByteArray(R"({"minItems":"2"})") << qint64(-1);
    QTest::newRow("huge is clamped") << QByteArray(R"({"minItems":1e300})") << qint64(9e15);
}

void TestJsonSchemaAssertions::countKeyword()
{
    QFETCH(QByteArray, schema);
    QFETCH(qint64, expected);
    QCOMPARE(JsonSchemaAssertions::countKeyword(parseObject(schema), "minItems"), expected);
}

QTEST_GUILESS_MAIN(TestJsonSchemaAssertions)
#include "TestJsonSchemaAssertions.moc"
