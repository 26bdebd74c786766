#include "server/tools/proxmox/ApiPassthroughTool.h"

#include "server/mcp/ToolCall.h"
#include "server/proxmox/ApiSchema.h"
#include "server/proxmox/Upid.h"
#include "server/tools/proxmox/ConfirmationGate.h"
#include "server/tools/proxmox/CoreGate.h"
#include "server/tools/proxmox/GuestFacts.h"
#include "server/tools/proxmox/ProxmoxToolKit.h"
#include "server/tools/proxmox/TextTable.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pmcp {

namespace {

QJsonObject inputSchema()
{
    ToolSchema schema;
    schema
        .choice(QStringLiteral("method"),
                {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                 QStringLiteral("DELETE")},
                QStringLiteral("HTTP method."), true)
        .string(QStringLiteral("path"),
                QStringLiteral("API path without /api2/json, e.g. /nodes/pve1/qemu/100/config."),
                true)
        .object(QStringLiteral("data"),
                QStringLiteral("Parameters: query for GET/DELETE, body for POST/PUT."))
        .target()
        .wait(false)
        .confirmation();
    return schema.build();
}

QJsonObject outputSchema()
{
    return ToolSchema::objectOutput(
        {QStringLiteral("method"), QStringLiteral("path")},
        {{QStringLiteral("method"), ToolSchema::typed(QStringLiteral("string"))},
         {QStringLiteral("path"), ToolSchema::typed(QStringLiteral("string"))},
         {QStringLiteral("data"), QJsonObject{}},
         {QStringLiteral("total"), ToolSchema::typed(QStringLiteral("integer"))}});
}

void sendChecked(const std::shared_ptr<ProxmoxToolKit> &kit, const std::shared_ptr<ToolCall> &call,
                 ProxmoxClient *client, const ProxmoxRequest &request)
{
    ProxmoxToolKit::send(
        call, client, request, [kit, call, client, request](const ProxmoxReply &reply) {
            if (request.method != "GET" && reply.data.isString() &&
                Upid::isValid(reply.data.toString())) {
                kit->finishAction(call, client, reply.data, false,
                                  {{QStringLiteral("method"), QString::fromLatin1(request.method)},
                                   {QStringLiteral("path"), request.path}});
                return;
            }
            QJsonObject data{{QStringLiteral("method"), QString::fromLatin1(request.method)},
                             {QStringLiteral("path"), request.path},
                             {QStringLiteral("data"), reply.data}};
            if (reply.total)
                data.insert(QStringLiteral("total"), *reply.total);
            const QString text = reply.data.isArray() ? TextTable::render(reply.data.toArray())
                                 : reply.data.isObject()
                                     ? TextTable::renderObject(reply.data.toObject())
                                     : TextTable::cell(reply.data);
            call->finish(ToolResult::structured(data, text));
        });
}

} // namespace

bool ApiPassthroughTool::needsConfirmation(const QString &method, const QString &path,
                                           const QJsonObject &data)
{
    if (method == QLatin1String("DELETE"))
        return true;
    if (method == QLatin1String("GET"))
        return false;
    static const QRegularExpression interrupting(
        QStringLiteral("/(status/(stop|reset)|snapshot/[^/]+/rollback)$"));
    if (interrupting.match(path).hasMatch())
        return true;
    const QJsonObject guest = ProxmoxToolKit::guestOfPath(path);
    if (data.contains(QLatin1String("archive")) ||
        data.value(QLatin1String("restore")).toVariant().toInt() == 1)
        return true; // restoring a backup, possibly over a guest
    if (!guest.isEmpty() && path.endsWith(QLatin1String("/config")))
        return !GuestFacts::diskKeysIn(guest.value(QLatin1String("type")).toString(),
                                       data.value(QLatin1String("delete")).toString())
                    .isEmpty();
    return false;
}

ToolDefinition ApiPassthroughTool::definition(const std::shared_ptr<ProxmoxToolKit> &kit)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("proxmox_api");
    tool.title = QStringLiteral("Proxmox API call");
    tool.description = QStringLiteral(
        "Call any Proxmox VE API endpoint when no dedicated tool fits. The method, path and "
        "parameters are checked against the API schema first (an unknown path gets the closest "
        "valid ones). DELETE, stop/reset, rollback, restore and removing disks need dry_run and "
        "confirmation.");
    tool.category = QStringLiteral("api");
    tool.inputSchema = inputSchema();
    tool.outputSchema = outputSchema();
    tool.annotations = {
        .readOnly = false, .destructive = true, .idempotent = false, .openWorld = false};
    tool.handler = [kit](const std::shared_ptr<ToolCall> &call) {
        const QString method = call->arguments().value(QLatin1String("method")).toString();
        const ApiSchema &schema = ApiSchema::instance();
        const Result<QString> checked =
            schema.checkPath(method, call->arguments().value(QLatin1String("path")).toString());
        if (!checked.ok()) {
            call->finish(ToolResult::error(QStringLiteral("Not sent: ") + checked.error().message));
            return;
        }
        const QString path = checked.value();
        const QJsonObject data = call->arguments().value(QLatin1String("data")).toObject();
        const Result<ResolvedPath> resolved = schema.resolve(method, path);
        const Result<void> valid =
            resolved.ok() ? schema.validateParams(method, path, data) : Result<void>();
        if (!resolved.ok() || !valid.ok()) {
            call->finish(ToolResult::error(
                QStringLiteral("Not sent: ") +
                (resolved.ok() ? valid.error().message : resolved.error().message)));
            return;
        }
        ProxmoxRequest request;
        request.method = method.toLatin1();
        request.path = path;
        request.params = ProxmoxToolKit::wireParams(data);
        // The core rules, before anything reaches Proxmox (ProxmoxToolKit::send checks again).
        const CoreVerdict core = CoreGate::judge(request);
        if (core.kind == CoreVerdict::Kind::Refuse) {
            call->facts().setDenied(core.ruleId);
            call->finish(ToolResult::error(
                CoreGate::refusal(core, ConfirmationGate::describe(request, {}))));
            return;
        }
        ProxmoxClient *client = kit->clientFor(call);
        if (!client)
            return;
        if (core.allowed() && !needsConfirmation(method, path, data)) {
            sendChecked(kit, call, client, request);
            return;
        }
        static const QRegularExpression wholeGuest(
            QStringLiteral("^/nodes/[^/]+/(qemu|lxc)/\\d+$"));
        kit->guard(call, client, request, {},
                   method == QLatin1String("DELETE") && wholeGuest.match(path).hasMatch(),
                   [kit, call, client, request] { sendChecked(kit, call, client, request); });
    };
    return tool;
}

} // namespace pmcp
