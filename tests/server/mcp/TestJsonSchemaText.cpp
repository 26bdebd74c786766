#include "server/mcp/JsonSchemaText.h"

#include "tests/support/TestJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace pmcp;
using pmcp::testjson::parse;
using pmcp::testjson::parseObject;

class TestJsonSchemaText final : public QObject {
    Q_OBJECT

private slots:
    void given_data();
    void given();
    void undefinedIsNothing();
    void cutKeepsSurrogatePairs();
    void plural();
    void describe();
};

void TestJsonSchemaText::given_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    QTest::newRow("null") << QByteArray("null") << "null";
    QTest::newRow("boolean") << QByteArray("false") << "boolean false";
    QTest::newRow("integer") << QByteArray("5") << "integer 5";
    QTest::newRow("integer written 1.0") << QByteArray("1.0") << "integer 1";
    QTest::newRow("negative integer") << QByteArray("-1") << "integer -1";
    QTest::newRow("number") << QByteArray("1.5") << "number 1.5";
    QTest::newRow("integral beyond 2^53") << QByteArray("1e300") << "integer 1e+300";
    QTest::newRow("string") << QByteArray(R"("abc")") << R"(string "abc")";
    QTest::newRow("string escapes")
        << QByteArray(R"("a\"b\\c\nd\u0001")") << R"(string "a\"b\\c\nd\u0001")";
    QTest::newRow("array") << QByteArray("[1, [true, null]]") << "array [1,[true,null]]";
    QTest::newRow("object") << QByteArray(R"({"a": 1, "b": "x"})") << R"(object {"a":1,"b":"x"})";
    QTest::newRow("long string cut")
        << ('"' + QByteArray(200, 'x') + '"')
        << QStringLiteral("string \"") + QString(59, u'x') + QStringLiteral("...");
    QTest::newRow("long array cut")
        << ('[' + QByteArray("1,").repeated(99) + "1]")
        << QStringLiteral("array [") + QStringLiteral("1,").repeated(29) + QStringLiteral("1...");
}

void TestJsonSchemaText::given()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QCOMPARE(JsonSchemaText::given(parse(json)), expected);
}

void TestJsonSchemaText::undefinedIsNothing()
{
    QCOMPARE(JsonSchemaText::typeName(QJsonValue(QJsonValue::Undefined)),
             QStringLiteral("nothing"));
    QCOMPARE(JsonSchemaText::given(QJsonValue(QJsonValue::Undefined)), QStringLiteral("nothing"));
    QCOMPARE(JsonSchemaText::shown(QJsonValue(QJsonValue::Undefined)), QString());
}

void TestJsonSchemaText::cutKeepsSurrogatePairs()
{
    const QString emoji = QStringLiteral("\U0001F600"); // two UTF-16 code units
    QCOMPARE(JsonSchemaText::cut(QStringLiteral("abc"), 3), QStringLiteral("abc"));
    QCOMPARE(JsonSchemaText::cut(QStringLiteral("abcd"), 3), QStringLiteral("abc..."));
    QCOMPARE(JsonSchemaText::cut(QStringLiteral("ab") + emoji, 3), QStringLiteral("ab..."));
    QCOMPARE(JsonSchemaText::cut(QStringLiteral("ab") + emoji + u'c', 4),
             QStringLiteral("ab") + emoji + QStringLiteral("..."));
}

void TestJsonSchemaText::plural()
{
    QCOMPARE(JsonSchemaText::plural(0, "item", "items"), QStringLiteral("0 items"));
    QCOMPARE(JsonSchemaText::plural(1, "item", "items"), QStringLiteral("1 item"));
    QCOMPARE(JsonSchemaText::plural(2, "property", "properties"), QStringLiteral("2 properties"));
}

void TestJsonSchemaText::describe()
{
    QCOMPARE(JsonSchemaText::describe({}), QString());
    QCOMPARE(
        JsonSchemaText::describe(
            {{QStringLiteral("/vmid"), QStringLiteral("expected integer, got string \"abc\"")},
             {QString(), QStringLiteral("expected at most 2 properties, got 3")}}),
        QStringLiteral(
            "/vmid: expected integer, got string \"abc\"; expected at most 2 properties, got 3"));
}

QTEST_GUILESS_MAIN(TestJsonSchemaText)
#include "TestJsonSchemaText.moc"
