#include "server/mcp/JsonSchemaChecker.h"

#include "tests/support/TestJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pmcp;
using pmcp::testjson::parse;
using pmcp::testjson::parseObject;

class TestJsonSchemaChecker final : public QObject {
    Q_OBJECT

private slots:
    void check_data();
    void check();
    void nestingLimit();
};

void TestJsonSchemaChecker::check_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QString>("expected");

    QTest::newRow("typical tool schema")
        << QByteArray(
               R"({"type":"object","properties":{"node":{"type":"string","pattern":"^[a-z0-9-]+$"},
            "vmid":{"type":"integer","minimum":100},"disks":{"type":"array","items":{"$ref":"#/$defs/disk"}}},
            "required":["node"],"additionalProperties":false,"$defs":{"disk":{"type":"object"}}})")
        << "";
    QTest::newRow("root must be an object schema")
        << QByteArray(R"({"type":"string"})") << R"(the root schema must have "type": "object")";
    QTest::newRow("empty schema") << QByteArray("{}")
                                  << R"(the root schema must have "type": "object")";
    QTest::newRow("unknown type")
        << QByteArray(R"({"type":"object","properties":{"vmid":{"type":"int"}}})")
        << R"(/properties/vmid/type: unknown type "int")";
    QTest::newRow("bad pattern") << QByteArray(
                                        R"({"type":"object","properties":{"a":{"pattern":"(["}}})")
                                 << R"(/properties/a/pattern: invalid regular expression "([")";
    QTest::newRow("bad patternProperties")
        << QByteArray(R"({"type":"object","patternProperties":{"(":{}}})")
        << R"(/patternProperties: invalid regular expression "(")";
    QTest::newRow("dangling $ref")
        << QByteArray(R"({"type":"object","properties":{"a":{"$ref":"#/$defs/x"}}})")
        << R"(/properties/a/$ref: unresolvable $ref "#/$defs/x" (only local references are supported))";
    QTest::newRow("negative count")
        << QByteArray(R"({"type":"object","properties":{"a":{"minLength":-1}}})")
        << "/properties/a/minLength: expected a non-negative integer, got integer -1";
    QTest::newRow("multipleOf zero")
        << QByteArray(R"({"type":"object","properties":{"a":{"multipleOf":0}}})")
        << "/properties/a/multipleOf: expected a number > 0, got integer 0";
    QTest::newRow("required not names") << QByteArray(R"({"type":"object","required":[1]})")
                                        << "/required: expected an array of property names";
    QTest::newRow("empty anyOf") << QByteArray(R"({"type":"object","anyOf":[]})")
                                 << "/anyOf: expected a non-empty array of schemas";
    QTest::newRow("subschema not a schema")
        << QByteArray(R"({"type":"object","properties":{"a":"string"}})")
        << "/properties/a: a schema must be an object or a boolean, got string";
}

void TestJsonSchemaChecker::check()
{
    QFETCH(QByteArray, schema);
    QFETCH(QString, expected);
    QCOMPARE(JsonSchemaChecker::check(parseObject(schema)), expected);
}

void TestJsonSchemaChecker::nestingLimit()
{
    // {"type":"object","not":{"not":{...}}}: the root counts as level 0.
    const auto nested = [](int levels) {
        QJsonObject schema;
        for (int i = 0; i < levels; ++i)
            schema = QJsonObject{{QStringLiteral("not"), schema}};
        schema.insert(QStringLiteral("type"), QStringLiteral("object"));
        return schema;
    };
    QCOMPARE(JsonSchemaChecker::check(nested(JsonSchemaChecker::kMaxDepth)), QString());
    const QString where = QStringLiteral("/not").repeated(JsonSchemaChecker::kMaxDepth + 1);
    QCOMPARE(JsonSchemaChecker::check(nested(JsonSchemaChecker::kMaxDepth + 1)),
             where + QStringLiteral(": schema nested deeper than 128 levels"));
}

QTEST_GUILESS_MAIN(TestJsonSchemaChecker)
#include "TestJsonSchemaChecker.moc"
