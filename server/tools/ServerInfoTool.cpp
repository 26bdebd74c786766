#include "server/tools/ServerInfoTool.h"

#include "shared/core/Version.h"
#include "server/mcp/ToolCall.h"
#include "server/mcp/ToolRegistry.h"

#include <QJsonArray>
#include <QSysInfo>

namespace pmcp {

namespace {

QJsonObject outputSchema()
{
    const QJsonObject string{{QStringLiteral("type"), QStringLiteral("string")}};
    const QJsonObject integer{{QStringLiteral("type"), QStringLiteral("integer")}};
    return {
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("name"), string},
                     {QStringLiteral("version"), string},
                     {QStringLiteral("host"), string},
                     {QStringLiteral("uptime_s"), integer},
                     {QStringLiteral("client"), string},
                     {QStringLiteral("read_only_client"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
                     {QStringLiteral("tool_count"), integer},
                     {QStringLiteral("backends"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                  {QStringLiteral("items"), string}}}}},
        {QStringLiteral("required"),
         QJsonArray{QStringLiteral("name"), QStringLiteral("version"), QStringLiteral("uptime_s"),
                    QStringLiteral("tool_count"), QStringLiteral("backends")}},
    };
}

} // namespace

ToolDefinition ServerInfoTool::definition(std::shared_ptr<const Facts> facts)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("server_info");
    tool.title = QStringLiteral("Server information");
    tool.description = QStringLiteral(
        "Describe this proxmox-mcp server: version, uptime, which backends (Proxmox API, SSH) are "
        "enabled, how many tools this client may use, and whether the client is read-only.");
    tool.category = QStringLiteral("server");
    tool.inputSchema = ToolDefinition::emptyInputSchema();
    tool.outputSchema = outputSchema();
    tool.annotations = {
        .readOnly = true, .destructive = false, .idempotent = true, .openWorld = false};
    // Per-process facts, looked up once rather than per call (uname).
    const QString host = QSysInfo::machineHostName();
    tool.handler = [facts, host](const std::shared_ptr<ToolCall> &call) {
        const qsizetype toolCount =
            facts->tools ? facts->tools->offered(call->isReadOnlyClient()).size() : 0;
        const QJsonObject data{
            {QStringLiteral("name"), productName()},
            {QStringLiteral("version"), productVersion()},
            {QStringLiteral("host"), host},
            {QStringLiteral("uptime_s"), facts->uptime.elapsed() / 1000},
            {QStringLiteral("client"), call->clientName()},
            {QStringLiteral("read_only_client"), call->isReadOnlyClient()},
            {QStringLiteral("tool_count"), qint64(toolCount)},
            {QStringLiteral("backends"), QJsonArray::fromStringList(facts->enabledBackends)},
        };
        const QString rendering =
            QStringLiteral("%1 %2 on %3, up %4 s; backends: %5; %6 tools for client %7%8")
                .arg(productName(), productVersion(), host)
                .arg(facts->uptime.elapsed() / 1000)
                .arg(facts->enabledBackends.isEmpty()
                         ? QStringLiteral("none")
                         : facts->enabledBackends.join(QStringLiteral(", ")))
                .arg(toolCount)
                .arg(call->clientName().isEmpty() ? QStringLiteral("(local)") : call->clientName(),
                     call->isReadOnlyClient() ? QStringLiteral(" (read-only)") : QString());
        call->finish(ToolResult::structured(data, rendering));
    };
    return tool;
}

} // namespace pmcp
