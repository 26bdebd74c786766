#include "server/tools/proxmox/LegacyTools.h"

#include "server/mcp/ToolCall.h"
#include "server/mcp/ToolRegistry.h"
#include "server/tools/proxmox/ListShaper.h"
#include "server/tools/proxmox/ProxmoxToolKit.h"
#include "server/tools/proxmox/TextTable.h"

#include <QJsonArray>

namespace pmcp {

namespace {

const QString kCategory = QStringLiteral("legacy");
const QStringList kActions{QStringLiteral("start"),   QStringLiteral("stop"),
                           QStringLiteral("restart"), QStringLiteral("shutdown"),
                           QStringLiteral("suspend"), QStringLiteral("resume")};

// The original accepted vmid as a string or a number.
QJsonObject looseVmid()
{
    return {
        {QStringLiteral("type"), QJsonArray{QStringLiteral("integer"), QStringLiteral("string")}},
        {QStringLiteral("pattern"), QStringLiteral("^[0-9]+$")},
        {QStringLiteral("description"), QStringLiteral("Guest id, e.g. 100 or \"100\".")}};
}

QString vmidText(const QJsonObject &arguments)
{
    return ListShaper::text(arguments.value(QLatin1String("vmid")));
}

// /nodes/{node}/{type}/{vmid} with node and vmid checked (ProxmoxToolKit::expandPath).
Result<QString> guestPath(const QJsonObject &arguments, const QString &type)
{
    QJsonObject values = arguments;
    values.insert(QStringLiteral("type"), type);
    values.insert(QStringLiteral("vmid"), vmidText(arguments));
    return ProxmoxToolKit::expandPath(QStringLiteral("/nodes/{node}/{type}/{vmid}"), values);
}

ToolAnnotations readOnly()
{
    return {.readOnly = true, .destructive = false, .idempotent = true, .openWorld = false};
}

// Finds the guest's type (qemu or lxc) from the cluster resources, then runs next.
void withGuestType(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client,
                   std::function<void(const QString &type)> next)
{
    ProxmoxRequest request;
    request.path = QStringLiteral("/cluster/resources");
    request.params = {{QStringLiteral("type"), QStringLiteral("vm")}};
    ProxmoxToolKit::send(call, client, request, [call, next](const ProxmoxReply &reply) {
        const QString vmid = vmidText(call->arguments());
        for (const QJsonValue &row : reply.data.toArray()) {
            const QJsonObject guest = row.toObject();
            if (ListShaper::text(guest.value(QLatin1String("vmid"))) == vmid) {
                next(guest.value(QLatin1String("type")).toString());
                return;
            }
        }
        call->finish(ToolResult::error(
            QStringLiteral("No guest with vmid %1 in the cluster (see list_vms).").arg(vmid)));
    });
}

ToolDefinition listVms(const std::shared_ptr<ProxmoxToolKit> &kit)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("list_vms");
    tool.title = QStringLiteral("List all guests");
    tool.description = QStringLiteral(
        "List every virtual machine (qemu) and container (lxc) on all nodes with node, type, "
        "vmid, name and status. For filters and more fields use cluster_resources.");
    tool.category = kCategory;
    tool.inputSchema = ToolSchema().target().build();
    const QJsonObject string = ToolSchema::typed(QStringLiteral("string"));
    tool.outputSchema = ToolSchema::listOutput(
        {{QStringLiteral("node"), string},
         {QStringLiteral("type"), string},
         {QStringLiteral("vmid"), ToolSchema::typed(QStringLiteral("integer"))},
         {QStringLiteral("name"), string},
         {QStringLiteral("status"), string}});
    tool.annotations = readOnly();
    tool.handler = [kit](const std::shared_ptr<ToolCall> &call) {
        ProxmoxClient *client = kit->clientFor(call);
        if (!client)
            return;
        ProxmoxRequest request;
        request.path = QStringLiteral("/cluster/resources");
        request.params = {{QStringLiteral("type"), QStringLiteral("vm")}};
        ProxmoxToolKit::send(call, client, request, [call](const ProxmoxReply &reply) {
            QJsonArray items;
            for (const QJsonValue &value : reply.data.toArray()) {
                const QJsonObject row = value.toObject();
                items.append(QJsonObject{
                    {QStringLiteral("node"), row.value(QLatin1String("node"))},
                    {QStringLiteral("type"), row.value(QLatin1String("type"))},
                    {QStringLiteral("vmid"),
                     row.value(QLatin1String("vmid")).toVariant().toLongLong()},
                    {QStringLiteral("name"), row.value(QLatin1String("name")).toString()},
                    {QStringLiteral("status"), row.value(QLatin1String("status"))}});
            }
            const QJsonObject data{{QStringLiteral("items"), items},
                                   {QStringLiteral("count"), qint64(items.size())}};
            call->finish(ToolResult::structured(data, TextTable::render(items)));
        });
    };
    return tool;
}

ToolDefinition vmStatus(const std::shared_ptr<ProxmoxToolKit> &kit)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("vm_status");
    tool.title = QStringLiteral("Guest status");
    tool.description = QStringLiteral(
        "Current status of one guest (virtual machine or container) on a node: status, uptime, "
        "CPU, memory, disk and network use.");
    tool.category = kCategory;
    tool.inputSchema = ToolSchema()
                           .target()
                           .property(QStringLiteral("vmid"), looseVmid(), true)
                           .node(true)
                           .build();
    tool.outputSchema =
        ToolSchema::objectOutput({QStringLiteral("status"), QStringLiteral("type")});
    tool.annotations = readOnly();
    tool.handler = [kit](const std::shared_ptr<ToolCall> &call) {
        ProxmoxClient *client = kit->clientFor(call);
        if (!client)
            return;
        withGuestType(call, client, [call, client](const QString &type) {
            const Result<QString> path = guestPath(call->arguments(), type);
            if (!path.ok()) {
                call->finish(ToolResult::error(path.error().message));
                return;
            }
            ProxmoxRequest request;
            request.path = path.value() + QStringLiteral("/status/current");
            ProxmoxToolKit::send(call, client, request, [call, type](const ProxmoxReply &reply) {
                QJsonObject data = reply.data.toObject();
                data.insert(QStringLiteral("type"), type);
                call->finish(ToolResult::structured(data, TextTable::renderObject(data)));
            });
        });
    };
    return tool;
}

void sendAction(const std::shared_ptr<ProxmoxToolKit> &kit, const std::shared_ptr<ToolCall> &call,
                ProxmoxClient *client, const QString &type)
{
    const QString action = call->arguments().value(QLatin1String("action")).toString();
    const Result<QString> path = guestPath(call->arguments(), type);
    if (!path.ok()) {
        call->finish(ToolResult::error(path.error().message));
        return;
    }
    ProxmoxRequest request;
    request.method = "POST";
    request.path = path.value() + QStringLiteral("/status/") +
                   (action == QLatin1String("restart") ? QStringLiteral("reboot") : action);
    auto proceed = [kit, call, client, request] {
        ProxmoxToolKit::send(call, client, request, [kit, call, client](const ProxmoxReply &reply) {
            kit->finishAction(call, client, reply.data, false);
        });
    };
    if (action == QLatin1String("stop"))
        kit->guard(call, client, request, {}, false, proceed);
    else
        proceed();
}

ToolDefinition vmAction(const std::shared_ptr<ProxmoxToolKit> &kit)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("vm_action");
    tool.title = QStringLiteral("Power action on a guest");
    tool.description = QStringLiteral(
        "Start, stop, restart (reboot), shut down, suspend or resume a guest and return the "
        "task's UPID (wait:true waits for it). stop needs confirmation (dry_run shows what it "
        "affects).");
    tool.category = kCategory;
    tool.inputSchema = ToolSchema()
                           .target()
                           .property(QStringLiteral("vmid"), looseVmid(), true)
                           .node(true)
                           .choice(QStringLiteral("action"), kActions,
                                   QStringLiteral("What to do; restart means reboot."), true)
                           .wait(false)
                           .confirmation()
                           .build();
    tool.outputSchema = ToolSchema::actionOutput();
    tool.annotations = {
        .readOnly = false, .destructive = true, .idempotent = false, .openWorld = false};
    tool.handler = [kit](const std::shared_ptr<ToolCall> &call) {
        ProxmoxClient *client = kit->clientFor(call);
        if (!client)
            return;
        withGuestType(call, client, [kit, call, client](const QString &type) {
            sendAction(kit, call, client, type);
        });
    };
    return tool;
}

ToolDefinition nodeStatus(const std::shared_ptr<ProxmoxToolKit> &kit)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("node_status");
    tool.title = QStringLiteral("Node status");
    tool.description = QStringLiteral(
        "Status of one node (CPU, load, memory, swap, root disk, uptime, kernel, version), or "
        "without node a summary of every node.");
    tool.category = QStringLiteral("nodes");
    tool.inputSchema = ToolSchema().target().node(false).build();
    tool.outputSchema = ToolSchema::objectOutput();
    tool.annotations = readOnly();
    tool.handler = [kit](const std::shared_ptr<ToolCall> &call) {
        ProxmoxClient *client = kit->clientFor(call);
        if (!client)
            return;
        const QString node = call->arguments().value(QLatin1String("node")).toString();
        const Result<QString> path =
            node.isEmpty() ? Result<QString>(QStringLiteral("/nodes"))
                           : ProxmoxToolKit::expandPath(QStringLiteral("/nodes/{node}/status"),
                                                        call->arguments());
        if (!path.ok()) {
            call->finish(ToolResult::error(path.error().message));
            return;
        }
        ProxmoxRequest request;
        request.path = path.value();
        ProxmoxToolKit::send(call, client, request, [call, node](const ProxmoxReply &reply) {
            if (node.isEmpty()) {
                const QJsonArray nodes = reply.data.toArray();
                const QJsonObject data{{QStringLiteral("items"), nodes},
                                       {QStringLiteral("count"), qint64(nodes.size())}};
                call->finish(ToolResult::structured(data, TextTable::render(nodes)));
                return;
            }
            QJsonObject data = reply.data.toObject();
            data.insert(QStringLiteral("node"), node);
            call->finish(ToolResult::structured(data, TextTable::renderObject(data)));
        });
    };
    return tool;
}

} // namespace

void LegacyTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit)
{
    for (ToolDefinition tool : {listVms(kit), vmStatus(kit), vmAction(kit), nodeStatus(kit)})
        ProxmoxToolKit::add(registry, std::move(tool));
}

} // namespace pmcp
