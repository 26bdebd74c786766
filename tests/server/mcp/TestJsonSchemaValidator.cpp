#include "server/mcp/JsonSchemaValidator.h"

#include "tests/support/TestJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pmcp;
using pmcp::testjson::parse;
using pmcp::testjson::parseObject;

class TestJsonSchemaValidator final : public QObject {
    Q_OBJECT

private slots:
    void validate_data();
    void validate();
    void nestingLimitOnInstance();
    void violationsAreCapped();
    void forwardsDescribeAndCheckSchema();
};

void TestJsonSchemaValidator::validate_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QByteArray>("instance");
    QTest::addColumn<QString>("expected"); // describe() of the violations; "" = valid

    const QByteArray vmid = R"({"type":"object","properties":{"vmid":{"type":"integer"}}})";
    QTest::newRow("integer ok") << vmid << QByteArray(R"({"vmid":100})") << "";
    QTest::newRow("integer given as string") << vmid << QByteArray(R"({"vmid":"abc"})")
                                             << R"(/vmid: expected integer, got string "abc")";
    QTest::newRow("integer with fraction")
        << vmid << QByteArray(R"({"vmid":1.5})") << "/vmid: expected integer, got number 1.5";
    QTest::newRow("integer written 1.0") << vmid << QByteArray(R"({"vmid":1.0})") << "";
    QTest::newRow("root type") << vmid << QByteArray("[1]") << "expected object, got array [1]";
    QTest::newRow("number accepts fraction")
        << QByteArray(R"({"type":"number"})") << QByteArray("2.5") << "";
    QTest::newRow("type list ok") << QByteArray(R"({"type":["string","null"]})")
                                  << QByteArray("null") << "";
    QTest::newRow("type list fails") << QByteArray(R"({"type":["string","null"]})")
                                     << QByteArray("5") << "expected string or null, got integer 5";
    QTest::newRow("boolean type") << QByteArray(R"({"type":"boolean"})") << QByteArray("0")
                                  << "expected boolean, got integer 0";
    QTest::newRow("null type") << QByteArray(R"({"type":"null"})") << QByteArray("false")
                               << "expected null, got boolean false";
    QTest::newRow("type failure hides other keywords")
        << QByteArray(R"({"type":"integer","minimum":5,"enum":[6,7]})") << QByteArray(R"("x")")
        << R"(expected integer, got string "x")";

    const QByteArray state = R"({"enum":["running","stopped"]})";
    QTest::newRow("enum ok") << state << QByteArray(R"("running")") << "";
    QTest::newRow("enum fails") << state << QByteArray(R"("paused")")
                                << R"(expected one of "running", "stopped", got string "paused")";
    QTest::newRow("enum compares 1 and 1.0")
        << QByteArray(R"({"enum":[1,2]})") << QByteArray("1.0") << "";
    QTest::newRow("const ok") << QByteArray(R"({"const":{"a":[1,2]}})")
                              << QByteArray(R"({"a":[1,2]})") << "";
    QTest::newRow("const fails") << QByteArray(R"({"const":"on"})") << QByteArray(R"("off")")
                                 << R"(expected "on", got string "off")";

    const QByteArray strict = R"({"type":"object","properties":{"a":{},"b":{},"c":{}},
                                  "required":["a"],"additionalProperties":false})";
    QTest::newRow("required missing")
        << strict << QByteArray(R"({"b":1})") << "/a: missing required property";
    QTest::newRow("unknown property") << strict << QByteArray(R"({"a":1,"foo":2})")
                                      << "/foo: unknown property (allowed: a, b, c)";
    QTest::newRow("no properties allowed")
        << QByteArray(R"({"type":"object","additionalProperties":false})")
        << QByteArray(R"({"x":1})") << "/x: unknown property (no properties are allowed)";
    QTest::newRow("additionalProperties schema")
        << QByteArray(R"({"properties":{"a":{}},"additionalProperties":{"type":"string"}})")
        << QByteArray(R"({"a":1,"x":1,"y":"ok"})") << "/x: expected string, got integer 1";
    const QByteArray tagged =
        R"({"patternProperties":{"^tag_":{"type":"string"}},"additionalProperties":false})";
    QTest::newRow("patternProperties ok") << tagged << QByteArray(R"({"tag_env":"prod"})") << "";
    QTest::newRow("patternProperties checks value")
        << tagged << QByteArray(R"({"tag_env":3})") << "/tag_env: expected string, got integer 3";
    QTest::newRow("patternProperties in allowed list")
        << tagged << QByteArray(R"({"env":"x"})")
        << R"(/env: unknown property (allowed: names matching "^tag_"))";
    QTest::newRow("minProperties") << QByteArray(R"({"minProperties":1})") << QByteArray("{}")
                                   << "expected at least 1 property, got 0";
    QTest::newRow("maxProperties")
        << QByteArray(R"({"maxProperties":1})") << QByteArray(R"({"a":1,"b":2})")
        << "expected at most 1 property, got 2";
    QTest::newRow("property name escaped in path")
        << QByteArray(R"({"properties":{"a/b~c":{"type":"string"}}})")
        << QByteArray(R"({"a/b~c":1})") << "/a~1b~0c: expected string, got integer 1";

    const QByteArray disks = R"({"type":"object","properties":{"disks":{"type":"array",
        "items":{"type":"object","properties":{"size":{"type":"integer","minimum":1}}}}}})";
    QTest::newRow("items ok") << disks << QByteArray(R"({"disks":[{"size":1},{"size":8}]})") << "";
    QTest::newRow("items nested path")
        << disks << QByteArray(R"({"disks":[{"size":1},{"size":"x"},{"size":0}]})")
        << R"(/disks/1/size: expected integer, got string "x"; )"
           "/disks/2/size: expected a number >= 1, got 0";
    const QByteArray pair =
        R"({"prefixItems":[{"type":"string"},{"type":"integer"}],"items":false})";
    QTest::newRow("prefixItems ok") << pair << QByteArray(R"(["a",1])") << "";
    QTest::newRow("prefixItems fails") << pair << QByteArray(R"([1,"a",null])")
                                       << "/0: expected string, got integer 1; "
                                          R"(/1: expected integer, got string "a"; )"
                                          "/2: no value is allowed here";
    QTest::newRow("minItems") << QByteArray(R"({"minItems":2})") << QByteArray("[1]")
                              << "expected at least 2 items, got 1";
    QTest::newRow("maxItems") << QByteArray(R"({"maxItems":1})") << QByteArray("[1,2]")
                              << "expected at most 1 item, got 2";
    QTest::newRow("uniqueItems ok")
        << QByteArray(R"({"uniqueItems":true})") << QByteArray(R"([1,"1",[1]])") << "";
    QTest::newRow("uniqueItems equal objects")
        << QByteArray(R"({"uniqueItems":true})")
        << QByteArray(R"([{"a":1,"b":2},3,{"b":2,"a":1.0}])")
        << "expected unique items, but items 0 and 2 are equal";

    QTest::newRow("minLength counts code points")
        << QByteArray(R"({"minLength":2,"maxLength":2})")
        << QByteArray("\"\xF0\x9F\x98\x80\xF0\x9F\x98\x80\"") << "";
    QTest::newRow("minLength fails") << QByteArray(R"({"minLength":3})") << QByteArray(R"("ab")")
                                     << "expected at least 3 characters, got 2";
    QTest::newRow("maxLength fails") << QByteArray(R"({"maxLength":1})") << QByteArray(R"("ab")")
                                     << "expected at most 1 character, got 2";
    QTest::newRow("pattern is a search")
        << QByteArray(R"({"pattern":"b"})") << QByteArray(R"("abc")") << "";
    QTest::newRow("pattern fails")
        << QByteArray(R"({"pattern":"^[a-z]+$"})") << QByteArray(R"("ABC")")
        << R"(expected a string matching "^[a-z]+$", got "ABC")";
    QTest::newRow("invalid pattern fails closed")
        << QByteArray(R"({"pattern":"(["})") << QByteArray(R"("x")")
        << R"(invalid pattern in schema: "([")";
    QTest::newRow("format is an annotation")
        << QByteArray(R"({"format":"email"})") << QByteArray(R"("nope")") << "";
    QTest::newRow("long value is cut")
        << QByteArray(R"({"type":"integer"})") << ('"' + QByteArray(200, 'x') + '"')
        << QStringLiteral("expected integer, got string \"") + QString(59, u'x') +
               QStringLiteral("...");

    QTest::newRow("minimum") << QByteArray(R"({"minimum":1})") << QByteArray("0")
                             << "expected a number >= 1, got 0";
    QTest::newRow("maximum") << QByteArray(R"({"maximum":10})") << QByteArray("10.5")
                             << "expected a number <= 10, got 10.5";
    QTest::newRow("exclusiveMinimum") << QByteArray(R"({"exclusiveMinimum":0})") << QByteArray("0")
                                      << "expected a number > 0, got 0";
    QTest::newRow("exclusiveMaximum") << QByteArray(R"({"exclusiveMaximum":1})") << QByteArray("1")
                                      << "expected a number < 1, got 1";
    QTest::newRow("bounds ok") << QByteArray(R"({"minimum":1,"maximum":1,"exclusiveMinimum":0})")
                               << QByteArray("1") << "";
    QTest::newRow("multipleOf decimal ok")
        << QByteArray(R"({"multipleOf":0.1})") << QByteArray("0.3") << "";
    QTest::newRow("multipleOf fails") << QByteArray(R"({"multipleOf":5})") << QByteArray("7")
                                      << "expected a multiple of 5, got 7";

    QTest::newRow("allOf reports every branch")
        << QByteArray(R"({"allOf":[{"minimum":10},{"multipleOf":2}]})") << QByteArray("3")
        << "expected a number >= 10, got 3; expected a multiple of 2, got 3";
    const QByteArray either =
        R"({"anyOf":[{"type":"string"},{"type":"object","required":["id"]}]})";
    QTest::newRow("anyOf ok") << either << QByteArray(R"({"id":1})") << "";
    QTest::newRow("anyOf fails")
        << either << QByteArray("{}")
        << "expected a value matching at least one of the alternatives: "
           "(1) expected string, got object {}; (2) /id: missing required property";
    const QByteArray exactly = R"({"oneOf":[{"type":"integer"},{"minimum":5}]})";
    QTest::newRow("oneOf ok") << exactly << QByteArray("7.5") << "";
    QTest::newRow("oneOf matches two")
        << exactly << QByteArray("6")
        << "expected a value matching exactly one of the alternatives, "
           "but it matches alternatives 1, 2";
    QTest::newRow("oneOf matches none")
        << exactly << QByteArray("2.5")
        << "expected a value matching exactly one of the alternatives: "
           "(1) expected integer, got number 2.5; (2) expected a number >= 5, got 2.5";
    QTest::newRow("not") << QByteArray(R"({"not":{"type":"null"}})") << QByteArray("null")
                         << R"(expected a value that does not match the "not" schema, got null)";
    const QByteArray conditional = R"({"if":{"properties":{"kind":{"const":"qemu"}}},
        "then":{"required":["vmid"]},"else":{"required":["ctid"]}})";
    QTest::newRow("if then") << conditional << QByteArray(R"({"kind":"qemu"})")
                             << "/vmid: missing required property";
    QTest::newRow("if else") << conditional << QByteArray(R"({"kind":"lxc"})")
                             << "/ctid: missing required property";
    QTest::newRow("if then ok") << conditional << QByteArray(R"({"kind":"qemu","vmid":1})") << "";

    const QByteArray refs = R"({"type":"object","properties":{"net":{"$ref":"#/$defs/net"},
        "old":{"$ref":"#/definitions/old"}},"$defs":{"net":{"type":"object","properties":{"bridge":
        {"type":"string"}}}},"definitions":{"old":{"type":"boolean"}}})";
    QTest::newRow("$ref ok") << refs << QByteArray(R"({"net":{"bridge":"vmbr0"},"old":true})")
                             << "";
    QTest::newRow("$ref to $defs") << refs << QByteArray(R"({"net":{"bridge":0}})")
                                   << "/net/bridge: expected string, got integer 0";
    QTest::newRow("$ref to definitions")
        << refs << QByteArray(R"({"old":"yes"})") << R"(/old: expected boolean, got string "yes")";
    QTest::newRow("$ref to root") << QByteArray(
                                         R"({"type":"object","properties":{"child":{"$ref":"#"}}})")
                                  << QByteArray(R"({"child":{"child":{"child":3}}})")
                                  << "/child/child/child: expected object, got integer 3";
    QTest::newRow("$ref unresolvable")
        << QByteArray(R"({"$ref":"#/$defs/missing"})") << QByteArray("1")
        << R"(unresolvable $ref "#/$defs/missing")";
    QTest::newRow("$ref remote unsupported")
        << QByteArray(R"({"$ref":"https://example.com/s.json"})") << QByteArray("1")
        << R"(unsupported $ref "https://example.com/s.json": only local )"
           R"(references ("#/...") are supported)";
    QTest::newRow("$ref cycle stops")
        << QByteArray(R"({"$ref":"#/$defs/a","$defs":{"a":{"$ref":"#/$defs/b"},
                                                      "b":{"$ref":"#/$defs/a"}}})")
        << QByteArray("1") << R"($ref recursion deeper than 64 levels at "#/$defs/a")";
    QTest::newRow("$ref explosion stops")
        << QByteArray(R"({"$ref":"#/$defs/b","$defs":{"b":{"anyOf":
                                                          [{"$ref":"#/$defs/b"},{"$ref":"#/$defs/b"}]}}})")
        << QByteArray("1")
        << "validation stopped: the schema needs more than 500000 steps for this value";

    QTest::newRow("true schema") << QByteArray("{}") << QByteArray(R"({"anything":[1]})") << "";
    QTest::newRow("false subschema") << QByteArray(R"({"properties":{"x":false}})")
                                     << QByteArray(R"({"x":1})") << "/x: no value is allowed here";
    QTest::newRow("annotations and unknown keywords ignored")
        << QByteArray(
               R"({"title":"t","description":"d","default":1,"examples":[1],"x-unknown":{"type":"string"}})")
        << QByteArray("5") << "";
    QTest::newRow("malformed subschema fails closed")
        << QByteArray(R"({"properties":{"x":5}})") << QByteArray(R"({"x":1})")
        << "/x: invalid schema: expected an object or a boolean, got integer";
    QTest::newRow("malformed keywords do not crash")
        << QByteArray(
               R"({"type":5,"enum":{},"required":"x","properties":[],"items":"x","minLength":-1,
                          "allOf":{},"multipleOf":0,"anyOf":[],"$ref":5})")
        << QByteArray(R"(["a"])")
        << "/0: invalid schema: expected an object or a boolean, got string";
}

void TestJsonSchemaValidator::validate()
{
    QFETCH(QByteArray, schema);
    QFETCH(QByteArray, instance);
    QFETCH(QString, expected);

    const JsonSchemaValidator validator(parseObject(schema));
    const QList<SchemaViolation> violations = validator.validate(parse(instance));
    QCOMPARE(JsonSchemaValidator::describe(violations), expected);
    QCOMPARE(violations.isEmpty(), expected.isEmpty());
}

void TestJsonSchemaValidator::nestingLimitOnInstance()
{
    // A schema that follows the instance all the way down: only the instance depth limit stops it.
    const JsonSchemaValidator validator(parseObject(R"({"type":"array","items":{"$ref":"#"}})"));
    const int depth = 200;
    const QJsonValue instance = parse(QByteArray(depth, '[') + QByteArray(depth, ']'));

    const QList<SchemaViolation> violations = validator.validate(instance);
    QCOMPARE(violations.size(), 1);
    QCOMPARE(violations.first().message, QStringLiteral("value nested deeper than 128 levels"));
    QCOMPARE(violations.first().path,
             QStringLiteral("/0").repeated(JsonSchemaValidator::kMaxInstanceDepth + 1));

    const QJsonValue shallow = parse(QByteArray(100, '[') + QByteArray(100, ']'));
    QVERIFY(validator.validate(shallow).isEmpty());
}

void TestJsonSchemaValidator::violationsAreCapped()
{
    const JsonSchemaValidator validator(parseObject(R"({"items":{"type":"string"}})"));
    QJsonArray many;
    for (int i = 0; i < 1000; ++i)
        many.append(i);

    const QList<SchemaViolation> violations = validator.validate(many);
    QCOMPARE(violations.size(), JsonSchemaValidator::kMaxViolations + 1);
    QCOMPARE(violations.at(0).path, QStringLiteral("/0"));
    QCOMPARE(violations.at(99).path, QStringLiteral("/99"));
    QCOMPARE(violations.last().message, QStringLiteral("validation stopped after 100 violations"));
}

void TestJsonSchemaValidator::forwardsDescribeAndCheckSchema()
{
    const QList<SchemaViolation> violations{{QStringLiteral("/a"), QStringLiteral("x")},
                                            {QString(), QStringLiteral("y")}};
    QCOMPARE(JsonSchemaValidator::describe(violations), QStringLiteral("/a: x; y"));
    QCOMPARE(JsonSchemaValidator::checkSchema(parseObject(R"({"type":"string"})")),
             QStringLiteral("the root schema must have \"type\": \"object\""));
    QCOMPARE(JsonSchemaValidator::checkSchema(parseObject(R"({"type":"object"})")), QString());
}

QTEST_GUILESS_MAIN(TestJsonSchemaValidator)
#include "TestJsonSchemaValidator.moc"
