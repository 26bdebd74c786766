#include "server/mcp/JsonSchemaPointer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pmcp;

class TestJsonSchemaPointer final : public QObject {
    Q_OBJECT

private slots:
    void escapeToken_data();
    void escapeToken();
    void resolve_data();
    void resolve();
};

void TestJsonSchemaPointer::escapeToken_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << "vmid"
                           << "vmid";
    QTest::newRow("slash") << "a/b"
                           << "a~1b";
    QTest::newRow("tilde") << "a~b"
                           << "a~0b";
    QTest::newRow("tilde before one") << "~1"
                                      << "~01";
    QTest::newRow("empty") << ""
                           << "";
}

void TestJsonSchemaPointer::escapeToken()
{
    QFETCH(QString, token);
    QFETCH(QString, expected);
    QCOMPARE(JsonSchemaPointer::escapeToken(token), expected);
}

void TestJsonSchemaPointer::resolve_data()
{
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QByteArray>("expected"); // compact JSON of the target; "" = unresolvable

    QTest::newRow("root") << "#" << QByteArray(R"(["root"])");
    QTest::newRow("$defs") << "#/$defs/net" << QByteArray(R"([{"type":"string"}])");
    QTest::newRow("definitions") << "#/definitions/old" << QByteArray("[true]");
    QTest::newRow("array index") << "#/list/1" << QByteArray("[20]");
    QTest::newRow("escaped tokens") << "#/$defs/a~1b~0c" << QByteArray("[3]");
    QTest::newRow("percent-encoded") << "#/$defs/with%20space" << QByteArray("[4]");
    QTest::newRow("empty key") << "#/" << QByteArray("[5]");
    QTest::newRow("missing member") << "#/$defs/missing" << QByteArray();
    QTest::newRow("index out of range") << "#/list/2" << QByteArray();
    QTest::newRow("negative index") << "#/list/-1" << QByteArray();
    QTest::newRow("index not a number") << "#/list/x" << QByteArray();
    QTest::newRow("into a scalar") << "#/definitions/old/x" << QByteArray();
    QTest::newRow("plain-name anchor") << "#net" << QByteArray();
    QTest::newRow("remote") << "https://example.com/s.json" << QByteArray();
    QTest::newRow("relative") << "other.json#/a" << QByteArray();
}

void TestJsonSchemaPointer::resolve()
{
    QFETCH(QString, ref);
    QFETCH(QByteArray, expected);

    const QJsonObject root = QJsonDocument::fromJson(R"({"$defs":{"net":{"type":"string"},
        "a/b~c":3,"with space":4},"definitions":{"old":true},"list":[10,20],"":5})")
                                 .object();
    QVERIFY(!root.isEmpty());
    const std::optional<QJsonValue> target = JsonSchemaPointer::resolve(root, ref);
    if (expected.isEmpty()) {
        QVERIFY(!target);
        return;
    }
    QVERIFY(target);
    const QJsonValue wanted = expected == R"(["root"])"
                                  ? QJsonValue(root)
                                  : QJsonDocument::fromJson(expected).array().at(0);
    QCOMPARE(*target, wanted);
}

QTEST_GUILESS_MAIN(TestJsonSchemaPointer)
#include "TestJsonSchemaPointer.moc"
