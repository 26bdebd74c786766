#include "server/tools/ServerInfoTool.h"

#include "shared/core/Version.h"
#include "server/mcp/JsonRpc.h"
#include "server/mcp/JsonSchemaValidator.h"
#include "server/mcp/McpChannel.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "tests/support/RecordingChannel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSysInfo>
#include <QTest>

#include <memory>

using namespace pmcp;

namespace {

ToolDefinition changingTool(const QString &name)
{
    ToolDefinition tool;
    tool.name = name;
    tool.description = QStringLiteral("A tool that changes state.");
    tool.inputSchema = ToolDefinition::emptyInputSchema();
    tool.handler = [](const std::shared_ptr<ToolCall> &) {};
    return tool;
}

} // namespace

class TestServerInfoTool final : public QObject {
    Q_OBJECT

private slots:
    void descriptor();
    void outputSchemaIsUsable();
    void callReportsServerAndClient_data();
    void callReportsServerAndClient();
    void callWithoutRegistryCountsNoTools();

private:
    static QJsonObject request(McpServer &server, McpSession &session, int id,
                               const QString &method, const QJsonObject &params);
    static void initialize(McpServer &server, McpSession &session);
};

QJsonObject TestServerInfoTool::request(McpServer &server, McpSession &session, int id,
                                        const QString &method, const QJsonObject &params)
{
    const auto channel = test::sendRequest(server, &session, id, method, params);
    // server_info answers synchronously; a channel still open means the tool never finished.
    [&] { QTRY_VERIFY(channel->isFinished()); }();
    return channel->response;
}

void TestServerInfoTool::initialize(McpServer &server, McpSession &session)
{
    const QJsonObject response =
        request(server, session, 0, QStringLiteral("initialize"),
                {{QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")},
                 {QStringLiteral("capabilities"), QJsonObject{}},
                 {QStringLiteral("clientInfo"),
                  QJsonObject{{QStringLiteral("name"), QStringLiteral("t")},
                              {QStringLiteral("version"), QStringLiteral("1")}}}});
    QVERIFY(response.contains(QLatin1String("result")));
    server.handle(&session,
                  JsonRpcMessage::classify(
                      JsonRpc::notification(QStringLiteral("notifications/initialized"), {})),
                  nullptr);
}

void TestServerInfoTool::descriptor()
{
    auto facts = std::make_shared<ServerInfoTool::Facts>();
    const ToolDefinition tool = ServerInfoTool::definition(facts);
    QCOMPARE(tool.name, QStringLiteral("server_info"));
    QVERIFY(!tool.title.isEmpty());
    QVERIFY(!tool.description.isEmpty());
    QVERIFY(tool.handler);
    QCOMPARE(tool.inputSchema, ToolDefinition::emptyInputSchema());
    QVERIFY(tool.annotations.readOnly);
    QVERIFY(!tool.annotations.destructive);
    QVERIFY(tool.annotations.idempotent);
    QVERIFY(!tool.annotations.openWorld);

    const QJsonObject descriptor = tool.descriptor();
    QCOMPARE(descriptor[QLatin1String("name")].toString(), QStringLiteral("server_info"));
    QCOMPARE(descriptor[QLatin1String("outputSchema")].toObject(), tool.outputSchema);
    QCOMPARE(descriptor[QLatin1String("annotations")][QLatin1String("readOnlyHint")].toBool(),
             true);
}

void TestServerInfoTool::outputSchemaIsUsable()
{
    const ToolDefinition tool =
        ServerInfoTool::definition(std::make_shared<ServerInfoTool::Facts>());
    QCOMPARE(JsonSchemaValidator::checkSchema(tool.outputSchema), QString());
    QCOMPARE(JsonSchemaValidator::checkSchema(tool.inputSchema), QString());
}

void TestServerInfoTool::callReportsServerAndClient_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::addColumn<QStringList>("backends");
    QTest::addColumn<int>("toolCount");
    // The registry holds server_info (read-only) and one tool that changes state.
    QTest::newRow("full client, both backends")
        << false << QStringList{QStringLiteral("proxmox_api"), QStringLiteral("ssh")} << 2;
    QTest::newRow("read-only client, no backend") << true << QStringList{} << 1;
}

void TestServerInfoTool::callReportsServerAndClient()
{
    QFETCH(bool, readOnly);
    QFETCH(QStringList, backends);
    QFETCH(int, toolCount);

    McpServer server({QStringLiteral("proxmox-mcp"), {}, productVersion(), {}});
    auto facts = std::make_shared<ServerInfoTool::Facts>();
    facts->tools = &server.tools();
    facts->enabledBackends = backends;
    facts->uptime.start();
    const ToolDefinition definition = ServerInfoTool::definition(facts);
    const QJsonObject outputSchema = definition.outputSchema;
    QVERIFY(server.tools().add(definition).ok());
    QVERIFY(server.tools().add(changingTool(QStringLiteral("reboot_everything"))).ok());

    McpSession session(QStringLiteral("session-1"));
    session.setIdentity({QStringLiteral("alice"), readOnly});
    initialize(server, session);
    if (QTest::currentTestFailed())
        return;

    const QJsonObject response = request(server, session, 7, QStringLiteral("tools/call"),
                                         {{QStringLiteral("name"), QStringLiteral("server_info")},
                                          {QStringLiteral("arguments"), QJsonObject{}}});
    QCOMPARE(response[QLatin1String("id")].toInt(), 7);
    const QJsonObject result = response[QLatin1String("result")].toObject();
    QVERIFY2(!result.isEmpty(), QJsonDocument(response).toJson().constData());
    QVERIFY(!result[QLatin1String("isError")].toBool());

    const QJsonObject data = result[QLatin1String("structuredContent")].toObject();
    const auto violations = JsonSchemaValidator(outputSchema).validate(data);
    QVERIFY2(violations.isEmpty(), qPrintable(JsonSchemaValidator::describe(violations)));
    QCOMPARE(data[QLatin1String("name")].toString(), productName());
    QCOMPARE(data[QLatin1String("version")].toString(), productVersion());
    QCOMPARE(data[QLatin1String("host")].toString(), QSysInfo::machineHostName());
    QCOMPARE(data[QLatin1String("client")].toString(), QStringLiteral("alice"));
    QCOMPARE(data[QLatin1String("read_only_client")].toBool(), readOnly);
    QCOMPARE(data[QLatin1String("tool_count")].toInt(), toolCount);
    QVERIFY(data[QLatin1String("uptime_s")].toInteger() >= 0);
    QCOMPARE(data[QLatin1String("backends")].toArray(), QJsonArray::fromStringList(backends));

    const QJsonArray content = result[QLatin1String("content")].toArray();
    QVERIFY(!content.isEmpty());
    const QString text = content.first()[QLatin1String("text")].toString();
    QVERIFY2(text.contains(QLatin1String("alice")), qPrintable(text));
    QCOMPARE(text.contains(QLatin1String("(read-only)")), readOnly);
    QVERIFY2(text.contains(backends.isEmpty() ? QStringLiteral("backends: none")
                                              : backends.join(QStringLiteral(", "))),
             qPrintable(text));
}

void TestServerInfoTool::callWithoutRegistryCountsNoTools()
{
    McpServer server({QStringLiteral("proxmox-mcp"), {}, productVersion(), {}});
    QVERIFY(server.tools()
                .add(ServerInfoTool::definition(std::make_shared<ServerInfoTool::Facts>()))
                .ok());
    McpSession session(QStringLiteral("session-2"));
    initialize(server, session);
    if (QTest::currentTestFailed())
        return;
    const QJsonObject response = request(server, session, 1, QStringLiteral("tools/call"),
                                         {{QStringLiteral("name"), QStringLiteral("server_info")}});
    const QJsonObject data =
        response[QLatin1String("result")][QLatin1String("structuredContent")].toObject();
    QCOMPARE(data[QLatin1String("tool_count")].toInt(), 0);
    QCOMPARE(data[QLatin1String("client")].toString(), QString());
    QVERIFY(response[QLatin1String("result")][QLatin1String("content")][0][QLatin1String("text")]
                .toString()
                .contains(QLatin1String("(local)")));
}

QTEST_GUILESS_MAIN(TestServerInfoTool)
#include "TestServerInfoTool.moc"
