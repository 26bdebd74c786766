#include "tests/support/DaemonTestFixture.h"

#include "tests/support/TestCertificate.h"

#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>

namespace pmcp::test {

QJsonObject rpcRequest(int id, const QString &method, const QJsonObject &params)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id},
            {QStringLiteral("method"), method},
            {QStringLiteral("params"), params}};
}

QJsonObject initializeParams(const QString &clientName)
{
    return {{QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")},
            {QStringLiteral("capabilities"), QJsonObject{}},
            {QStringLiteral("clientInfo"),
             QJsonObject{{QStringLiteral("name"), clientName},
                         {QStringLiteral("version"), QStringLiteral("1.0")}}}};
}

ToolDefinition slowTool(const std::shared_ptr<SlowToolState> &state)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("slow_tool");
    tool.description = QStringLiteral("Answers after two seconds.");
    tool.inputSchema = ToolDefinition::emptyInputSchema();
    tool.annotations = {
        .readOnly = true, .destructive = false, .idempotent = true, .openWorld = false};
    tool.handler = [state](const std::shared_ptr<ToolCall> &call) {
        state->started = true;
        QTimer::singleShot(2000, [state, call] {
            state->finished = true;
            call->finish(ToolResult::text(QStringLiteral("done")));
        });
    };
    return tool;
}

bool hasIpv6Loopback()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHostIPv6, 0);
}

ToolDefinition changingTool()
{
    ToolDefinition tool;
    tool.name = QStringLiteral("change_something");
    tool.description = QStringLiteral("Changes state; not for read-only clients.");
    tool.inputSchema = ToolDefinition::emptyInputSchema();
    tool.handler = [](const std::shared_ptr<ToolCall> &call) {
        call->finish(ToolResult::text(QStringLiteral("changed")));
    };
    return tool;
}

QJsonObject initializeRequest(int id, const QString &clientName)
{
    return rpcRequest(id, QStringLiteral("initialize"), initializeParams(clientName));
}

QJsonObject initializedNotification()
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("method"), QStringLiteral("notifications/initialized")}};
}

QJsonObject toolNamed(const QJsonObject &listResult, const QString &name)
{
    for (const QJsonValue &tool : listResult[QLatin1String("tools")].toArray()) {
        if (tool[QLatin1String("name")].toString() == name)
            return tool.toObject();
    }
    return {};
}

Headers bearer(const QByteArray &token)
{
    return {{"Authorization", "Bearer " + token}};
}

Headers mcpHeaders(const QByteArray &token)
{
    Headers headers{{"Accept", "application/json, text/event-stream"},
                    {"Content-Type", "application/json"}};
    if (!token.isEmpty())
        headers.append(bearer(token));
    return headers;
}

QJsonObject toolCallRequest(int id, const QString &name, const QJsonObject &arguments)
{
    QJsonObject params{{QStringLiteral("name"), name}};
    if (!arguments.isEmpty())
        params.insert(QStringLiteral("arguments"), arguments);
    return rpcRequest(id, QStringLiteral("tools/call"), params);
}

void DaemonTestFixture::generateCertificate()
{
    QVERIFY(m_tlsDir.isValid());
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        return; // the HTTPS test skips
    QString why;
    const auto certificate = testing::TestCertificate::generate(&why, m_tlsDir.path());
    QVERIFY2(certificate, qPrintable(why));
    m_certificate = certificate->certificate;
}

} // namespace pmcp::test
