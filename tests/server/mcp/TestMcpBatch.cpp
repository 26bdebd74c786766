#include "server/mcp/McpBatch.h"

#include "server/mcp/JsonRpc.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "server/mcp/ToolCall.h"
#include "tests/support/RecordingChannel.h"

#include <QJsonArray>
#include <QTest>

#include <memory>
#include <optional>

using namespace pmcp;
using namespace pmcp::test;

namespace {

QJsonObject ping(int id)
{
    return JsonRpc::request(id, QStringLiteral("ping"), {});
}

QString refusalMessage(const QJsonObject &refusal)
{
    return refusal.value(QLatin1String("error"))
        .toObject()
        .value(QLatin1String("message"))
        .toString();
}

} // namespace

class TestMcpBatch final : public QObject {
    Q_OBJECT

private slots:
    void refusedWithoutSessionOrForLaterVersions();
    void emptyBatchIsRefused();
    void answersWaitForTheSlowestElement();
    void onlyNotificationsGiveNoResponses();

private:
    McpServer m_server{
        ServerIdentity{QStringLiteral("proxmox-mcp"), {}, QStringLiteral("0.1"), {}}};
};

void TestMcpBatch::refusedWithoutSessionOrForLaterVersions()
{
    QVERIFY(!McpBatch::refusal(nullptr, {ping(1)}).isEmpty());
    McpSession later(QStringLiteral("s1"));
    initializeSession(m_server, &later, {}, QStringLiteral("2025-06-18"));
    QVERIFY(refusalMessage(McpBatch::refusal(&later, {ping(1)}))
                .contains(QLatin1String("protocol version 2025-06-18")));
    McpSession old(QStringLiteral("s2"));
    initializeSession(m_server, &old, {}, QStringLiteral("2025-03-26"));
    QVERIFY(McpBatch::refusal(&old, {ping(1)}).isEmpty());
}

void TestMcpBatch::emptyBatchIsRefused()
{
    McpSession session(QStringLiteral("s"));
    initializeSession(m_server, &session, {}, QStringLiteral("2025-03-26"));
    QCOMPARE(McpBatch::refusal(&session, {})
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("code"))
                 .toInt(),
             rpc::kInvalidRequest);
}

void TestMcpBatch::answersWaitForTheSlowestElement()
{
    std::shared_ptr<ToolCall> pending;
    ToolDefinition slow;
    slow.name = QStringLiteral("slow");
    slow.description = QStringLiteral("Finishes when told.");
    slow.inputSchema = ToolDefinition::emptyInputSchema();
    slow.handler = [&pending](const std::shared_ptr<ToolCall> &call) { pending = call; };
    QVERIFY(m_server.tools().add(slow).ok());
    McpSession session(QStringLiteral("s"));
    initializeSession(m_server, &session, {}, QStringLiteral("2025-03-26"));

    std::optional<QJsonArray> answer;
    McpBatch::run(&m_server, &session,
                  {JsonRpc::request(1, QStringLiteral("tools/call"),
                                    {{QStringLiteral("name"), QStringLiteral("slow")}}),
                   ping(2)},
                  [&answer](const QJsonArray &responses) { answer = responses; });
    QVERIFY(!answer);
    QVERIFY(pending);
    pending->finish(ToolResult::text(QStringLiteral("done")));
    QTRY_VERIFY(answer.has_value());
    QCOMPARE(answer->size(), 2);
}

void TestMcpBatch::onlyNotificationsGiveNoResponses()
{
    McpSession session(QStringLiteral("s"));
    initializeSession(m_server, &session, {}, QStringLiteral("2025-03-26"));
    std::optional<QJsonArray> answer;
    McpBatch::run(&m_server, &session,
                  {JsonRpc::notification(QStringLiteral("notifications/progress"), {})},
                  [&answer](const QJsonArray &responses) { answer = responses; });
    QVERIFY(answer.has_value());
    QVERIFY(answer->isEmpty());
}

QTEST_GUILESS_MAIN(TestMcpBatch)
#include "TestMcpBatch.moc"
