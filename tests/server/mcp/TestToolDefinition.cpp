#include "server/mcp/ToolDefinition.h"

#include "server/mcp/JsonSchemaValidator.h"
#include "tests/support/TestJson.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace pmcp;
using pmcp::testjson::parseObject;

namespace {

ToolDefinition minimalTool()
{
    ToolDefinition tool;
    tool.name = QStringLiteral("list_nodes");
    tool.description = QStringLiteral("Lists the cluster nodes.");
    tool.category = QStringLiteral("cluster");
    tool.inputSchema = ToolDefinition::emptyInputSchema();
    return tool;
}

} // namespace

class TestToolDefinition final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void minimalDescriptor();
    void titleAppearsTwice();
    void outputSchemaOnlyWhenSet();
    void annotations_data();
    void annotations();
    void emptyInputSchema();
    void hiddenArgumentsAreAcceptedNotListed();
    void oldNamesBecomeCurrentOnes();
};

void TestToolDefinition::hiddenArgumentsAreAcceptedNotListed()
{
    ToolDefinition tool = minimalTool();
    tool.inputSchema =
        parseObject(R"({"type":"object","additionalProperties":false,"required":["node","target"],)"
                    R"("properties":{"node":{"type":"string"},"target":{"type":"string"}}})");
    tool.hiddenArguments = {QStringLiteral("target")};
    const QJsonObject listed = tool.descriptor().value(QLatin1String("inputSchema")).toObject();
    QCOMPARE(
        listed,
        parseObject(
            R"({"type":"object","required":["node"],"properties":{"node":{"type":"string"}}})"));
    QCOMPARE(listed, tool.listedInputSchema());
    // What is checked keeps everything.
    QVERIFY(tool.inputSchema.value(QLatin1String("properties"))
                .toObject()
                .contains(QLatin1String("target")));
    QCOMPARE(JsonSchemaValidator::checkSchema(listed), QString());
}

void TestToolDefinition::oldNamesBecomeCurrentOnes()
{
    ToolDefinition tool = minimalTool();
    tool.argumentAliases = {{QStringLiteral("timeout"), QStringLiteral("timeout_s")}};
    QCOMPARE(tool.withCurrentNames({{QStringLiteral("timeout"), 5}}),
             (QJsonObject{{QStringLiteral("timeout_s"), 5}}));
    // The current name wins when both are given.
    QCOMPARE(
        tool.withCurrentNames({{QStringLiteral("timeout"), 5}, {QStringLiteral("timeout_s"), 9}}),
        (QJsonObject{{QStringLiteral("timeout_s"), 9}}));
    QCOMPARE(tool.withCurrentNames({{QStringLiteral("x"), 1}}),
             (QJsonObject{{QStringLiteral("x"), 1}}));
}

void TestToolDefinition::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestToolDefinition::minimalDescriptor()
{
    // Defaults are the specification's: not read-only, destructive, not idempotent, open world;
    // hints that equal them are left out (clients assume them). The category and the handler
    // are the server's business and stay out of the descriptor.
    QCOMPARE(minimalTool().descriptor(),
             parseObject(R"({)"
                         R"("name":"list_nodes",)"
                         R"("description":"Lists the cluster nodes.",)"
                         R"("inputSchema":{"type":"object","additionalProperties":false}})"));
}

void TestToolDefinition::titleAppearsTwice()
{
    ToolDefinition tool = minimalTool();
    tool.title = QStringLiteral("List nodes");
    const QJsonObject descriptor = tool.descriptor();
    QCOMPARE(descriptor.value(QLatin1String("title")).toString(), QStringLiteral("List nodes"));
    QVERIFY(!descriptor.contains(QLatin1String("annotations")));
    // Clients of 2025-03-26 read the title from the annotations.
    QCOMPARE(tool.descriptor(true)
                 .value(QLatin1String("annotations"))
                 .toObject()
                 .value(QLatin1String("title"))
                 .toString(),
             QStringLiteral("List nodes"));
    QVERIFY(!minimalTool().descriptor().contains(QLatin1String("title")));
    QVERIFY(!minimalTool()
                 .descriptor(true)
                 .value(QLatin1String("annotations"))
                 .toObject()
                 .contains(QLatin1String("title")));
}

void TestToolDefinition::outputSchemaOnlyWhenSet()
{
    QVERIFY(!minimalTool().descriptor().contains(QLatin1String("outputSchema")));
    ToolDefinition tool = minimalTool();
    tool.outputSchema = parseObject(
        R"({"type":"object","properties":{"nodes":{"type":"array"}},"required":["nodes"]})");
    QCOMPARE(tool.descriptor().value(QLatin1String("outputSchema")).toObject(), tool.outputSchema);
}

void TestToolDefinition::annotations_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::addColumn<bool>("destructive");
    QTest::addColumn<bool>("idempotent");
    QTest::addColumn<bool>("openWorld");
    QTest::newRow("read-only query") << true << false << true << false;
    QTest::newRow("destructive action") << false << true << false << true;
    QTest::newRow("idempotent change") << false << false << true << true;
}

void TestToolDefinition::annotations()
{
    QFETCH(bool, readOnly);
    QFETCH(bool, destructive);
    QFETCH(bool, idempotent);
    QFETCH(bool, openWorld);
    ToolDefinition tool = minimalTool();
    tool.annotations = {readOnly, destructive, idempotent, openWorld};
    const QJsonObject hints = tool.descriptor().value(QLatin1String("annotations")).toObject();
    // A hint is listed when it differs from the specification's default; destructive and
    // idempotent only for a tool that is not read-only (they mean nothing otherwise).
    const auto listed = [&hints](const char *name, bool value, bool byDefault, bool meaningful) {
        const QJsonValue hint = hints.value(QLatin1String(name));
        return (meaningful && value != byDefault) ? hint == QJsonValue(value) : hint.isUndefined();
    };
    QVERIFY(listed("readOnlyHint", readOnly, false, true));
    QVERIFY(listed("destructiveHint", destructive, true, !readOnly));
    QVERIFY(listed("idempotentHint", idempotent, false, !readOnly));
    QVERIFY(listed("openWorldHint", openWorld, true, true));
}

void TestToolDefinition::emptyInputSchema()
{
    const QJsonObject schema = ToolDefinition::emptyInputSchema();
    QCOMPARE(JsonSchemaValidator::checkSchema(schema), QString());
    const JsonSchemaValidator validator(schema);
    QVERIFY(validator.validate(QJsonObject()).isEmpty());
    QVERIFY(!validator.validate(QJsonObject{{QStringLiteral("vmid"), 100}}).isEmpty());
    QVERIFY(!validator.validate(QJsonValue(QStringLiteral("x"))).isEmpty());
}

QTEST_GUILESS_MAIN(TestToolDefinition)
#include "TestToolDefinition.moc"
