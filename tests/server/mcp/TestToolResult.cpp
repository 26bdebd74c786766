#include "server/mcp/ToolResult.h"

#include "tests/support/TestJson.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace pmcp;
using pmcp::testjson::parseObject;

class TestToolResult final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void text();
    void error();
    void structuredRendersItselfAsJson();
    void structuredWithRendering();
    void emptyStructuredContentIsStillSent();
    void addAppendsBlocks();
    void emptyResult();
};

void TestToolResult::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestToolResult::text()
{
    const ToolResult result = ToolResult::text(QStringLiteral("3 VMs running"));
    QVERIFY(!result.isError);
    QVERIFY(!result.hasStructured);
    QCOMPARE(result.toJson(),
             parseObject(R"({"content":[{"type":"text","text":"3 VMs running"}]})"));
}

void TestToolResult::error()
{
    const ToolResult result = ToolResult::error(QStringLiteral("node pve2 is offline"));
    QVERIFY(result.isError);
    QCOMPARE(result.toJson(),
             parseObject(R"({"content":[{"type":"text","text":"node pve2 is offline"}],)"
                         R"("isError":true})"));
}

void TestToolResult::structuredRendersItselfAsJson()
{
    const QJsonObject data = parseObject(R"({"vmid":100,"name":"web","tags":["a","b"]})");
    const ToolResult result = ToolResult::structured(data);
    QVERIFY(result.hasStructured);
    const QJsonObject json = result.toJson();
    QCOMPARE(json.value(QLatin1String("structuredContent")).toObject(), data);
    QVERIFY(!json.contains(QLatin1String("isError")));
    // Clients that ignore structuredContent read the same data as text (compact JSON).
    const QJsonArray content = json.value(QLatin1String("content")).toArray();
    QCOMPARE(content.size(), 1);
    const QJsonObject block = content.at(0).toObject();
    QCOMPARE(block.value(QLatin1String("type")).toString(), QStringLiteral("text"));
    const QString text = block.value(QLatin1String("text")).toString();
    QVERIFY2(!text.contains(QLatin1Char('\n')), qPrintable(text));
    QCOMPARE(QJsonDocument::fromJson(text.toUtf8()).object(), data);
}

void TestToolResult::structuredWithRendering()
{
    const QJsonObject data{{QStringLiteral("count"), 3}};
    const ToolResult result = ToolResult::structured(data, QStringLiteral("3 nodes"));
    QCOMPARE(result.toJson(), parseObject(R"({"content":[{"type":"text","text":"3 nodes"}],)"
                                          R"("structuredContent":{"count":3}})"));
}

void TestToolResult::emptyStructuredContentIsStillSent()
{
    // A tool with an output schema whose result happens to be {} still sends structuredContent.
    const QJsonObject json = ToolResult::structured({}).toJson();
    QVERIFY(json.contains(QLatin1String("structuredContent")));
    QCOMPARE(json.value(QLatin1String("structuredContent")).toObject(), QJsonObject());
    QVERIFY(!ToolResult::text(QStringLiteral("x"))
                 .toJson()
                 .contains(QLatin1String("structuredContent")));
}

void TestToolResult::addAppendsBlocks()
{
    ToolResult result = ToolResult::text(QStringLiteral("see the log"));
    const QJsonObject link =
        parseObject(R"({"type":"resource_link","uri":"pve://tasks/1","name":"task log"})");
    const QJsonObject image =
        parseObject(R"({"type":"image","data":"AAAA","mimeType":"image/png"})");
    result.add(link).add(image);
    const QJsonArray content = result.toJson().value(QLatin1String("content")).toArray();
    QCOMPARE(content.size(), 3);
    QCOMPARE(content.at(0).toObject().value(QLatin1String("text")).toString(),
             QStringLiteral("see the log"));
    QCOMPARE(content.at(1).toObject(), link);
    QCOMPARE(content.at(2).toObject(), image);
}

void TestToolResult::emptyResult()
{
    // content is required by the specification even when there is nothing to say.
    QCOMPARE(ToolResult().toJson(), parseObject(R"({"content":[]})"));
}

QTEST_GUILESS_MAIN(TestToolResult)
#include "TestToolResult.moc"
