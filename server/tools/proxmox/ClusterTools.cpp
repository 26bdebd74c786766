#include "server/tools/proxmox/ClusterTools.h"

#include "server/mcp/ToolCall.h"
#include "server/proxmox/ProxmoxTargets.h"
#include "server/tools/proxmox/ProxmoxToolKit.h"
#include "server/tools/proxmox/TextTable.h"

#include <QJsonArray>

namespace pmcp {

namespace {

const QString kCategory = QStringLiteral("cluster");

ApiToolSpec listSpec(const QString &name, const QString &title, const QString &path,
                     const QString &description, const QStringList &filters,
                     const QStringList &columns)
{
    ApiToolSpec spec = ApiToolSpec::read(name, title, kCategory, path, description);
    spec.output = ApiToolSpec::Output::List;
    spec.filters = filters;
    spec.columns = columns;
    spec.input.listControls(filters);
    return spec;
}

ApiToolSpec clusterStatus()
{
    return listSpec(QStringLiteral("cluster_status"), QStringLiteral("Cluster status"),
                    QStringLiteral("/cluster/status"),
                    QStringLiteral("Show the cluster (name, quorate, node count) and each "
                                   "node's membership: online, ip, node id."),
                    {QStringLiteral("type")},
                    {QStringLiteral("type"), QStringLiteral("name"), QStringLiteral("online"),
                     QStringLiteral("quorate"), QStringLiteral("ip"), QStringLiteral("nodes")});
}

ApiToolSpec clusterResources()
{
    ApiToolSpec spec = listSpec(
        QStringLiteral("cluster_resources"), QStringLiteral("Cluster resources"),
        QStringLiteral("/cluster/resources"),
        QStringLiteral("One call for everything in the cluster: nodes, guests (qemu, lxc), "
                       "storage, pools, with status and usage. Filter by type (qemu, lxc, "
                       "node, storage), node, status, name or vmid; project with fields."),
        {QStringLiteral("type"), QStringLiteral("node"), QStringLiteral("status"),
         QStringLiteral("name"), QStringLiteral("vmid")},
        {QStringLiteral("id"), QStringLiteral("type"), QStringLiteral("node"),
         QStringLiteral("name"), QStringLiteral("status"), QStringLiteral("cpu"),
         QStringLiteral("mem"), QStringLiteral("maxmem")});
    spec.input.choice(QStringLiteral("type"),
                      {QStringLiteral("qemu"), QStringLiteral("lxc"), QStringLiteral("node"),
                       QStringLiteral("storage"), QStringLiteral("pool"), QStringLiteral("sdn")},
                      QStringLiteral("Keep rows of this type."));
    return spec;
}

ApiToolSpec clusterNextId()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("cluster_nextid"), QStringLiteral("Next free guest id"), kCategory,
        QStringLiteral("/cluster/nextid"),
        QStringLiteral("Get the next free guest id (vmid) for qemu_create, lxc_create or a "
                       "clone; with vmid, checks whether that id is free."));
    spec.input.vmid(false);
    spec.outputSchema = ToolSchema::objectOutput(
        {QStringLiteral("vmid")},
        {{QStringLiteral("vmid"), ToolSchema::typed(QStringLiteral("integer"))}});
    // Proxmox sends the id as a string although its schema says integer.
    spec.transform = [](const QJsonValue &data, const QJsonObject &) -> QJsonValue {
        return QJsonObject{{QStringLiteral("vmid"), data.toVariant().toLongLong()}};
    };
    return spec;
}

ApiToolSpec clusterLog()
{
    ApiToolSpec spec =
        listSpec(QStringLiteral("cluster_log"), QStringLiteral("Cluster log"),
                 QStringLiteral("/cluster/log"),
                 QStringLiteral("Read the recent cluster log (task starts and ends, "
                                "logins, errors) across all nodes."),
                 {QStringLiteral("node"), QStringLiteral("user")},
                 {QStringLiteral("time"), QStringLiteral("node"), QStringLiteral("user"),
                  QStringLiteral("tag"), QStringLiteral("msg")});
    spec.input.integer(QStringLiteral("max"), QStringLiteral("At most this many entries."), false,
                       1);
    return spec;
}

QJsonValue quorumOf(const QJsonValue &data, const QJsonObject &)
{
    QJsonObject quorum{{QStringLiteral("clustered"), false}, {QStringLiteral("quorate"), true}};
    QJsonArray nodes;
    int online = 0;
    for (const QJsonValue &value : data.toArray()) {
        const QJsonObject row = value.toObject();
        if (row.value(QLatin1String("type")).toString() == QLatin1String("cluster")) {
            quorum.insert(QStringLiteral("clustered"), true);
            quorum.insert(QStringLiteral("name"), row.value(QLatin1String("name")));
            quorum.insert(QStringLiteral("quorate"),
                          row.value(QLatin1String("quorate")).toVariant().toInt() == 1);
        } else if (row.value(QLatin1String("type")).toString() == QLatin1String("node")) {
            const bool up = row.value(QLatin1String("online")).toVariant().toInt() == 1;
            online += up ? 1 : 0;
            nodes.append(QJsonObject{{QStringLiteral("node"), row.value(QLatin1String("name"))},
                                     {QStringLiteral("online"), up}});
        }
    }
    quorum.insert(QStringLiteral("nodes"), nodes);
    quorum.insert(QStringLiteral("nodes_online"), online);
    quorum.insert(QStringLiteral("nodes_total"), qint64(nodes.size()));
    return quorum;
}

ApiToolSpec clusterQuorum()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("cluster_quorum"), QStringLiteral("Cluster quorum"), kCategory,
        QStringLiteral("/cluster/status"),
        QStringLiteral("Is the cluster quorate, and which nodes are online? Check before "
                       "migrations or HA changes; without quorum most writes fail."));
    spec.outputSchema = ToolSchema::objectOutput(
        {QStringLiteral("quorate"), QStringLiteral("nodes_online"), QStringLiteral("nodes_total")},
        {{QStringLiteral("quorate"), ToolSchema::typed(QStringLiteral("boolean"))},
         {QStringLiteral("clustered"), ToolSchema::typed(QStringLiteral("boolean"))},
         {QStringLiteral("nodes_online"), ToolSchema::typed(QStringLiteral("integer"))},
         {QStringLiteral("nodes_total"), ToolSchema::typed(QStringLiteral("integer"))}});
    spec.transform = quorumOf;
    return spec;
}

ApiToolSpec haStatus()
{
    return listSpec(QStringLiteral("cluster_ha_status"), QStringLiteral("HA status"),
                    QStringLiteral("/cluster/ha/status/current"),
                    QStringLiteral("Show the high-availability manager: quorum, master, local "
                                   "resource managers and the state of each HA service."),
                    {QStringLiteral("type"), QStringLiteral("node")},
                    {QStringLiteral("id"), QStringLiteral("type"), QStringLiteral("node"),
                     QStringLiteral("status"), QStringLiteral("state")});
}

ApiToolSpec haResources()
{
    return listSpec(QStringLiteral("cluster_ha_resources"), QStringLiteral("HA resources"),
                    QStringLiteral("/cluster/ha/resources"),
                    QStringLiteral("List the guests managed by HA (sid vm:100 / ct:101) with "
                                   "their requested state, group and restart limits."),
                    {QStringLiteral("state"), QStringLiteral("type")},
                    {QStringLiteral("sid"), QStringLiteral("state"), QStringLiteral("group"),
                     QStringLiteral("max_restart"), QStringLiteral("max_relocate")});
}

ToolDefinition targetsTool(const std::shared_ptr<ProxmoxToolKit> &kit)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("proxmox_targets");
    tool.title = QStringLiteral("Configured Proxmox targets");
    tool.description = QStringLiteral(
        "List the Proxmox clusters this server is configured for (name, node addresses, user, "
        "TLS checking). Pass a name as `target` to any other tool; the first is the default.");
    tool.category = kCategory;
    tool.inputSchema = ToolDefinition::emptyInputSchema();
    tool.outputSchema = ToolSchema::listOutput();
    tool.annotations = {
        .readOnly = true, .destructive = false, .idempotent = true, .openWorld = false};
    tool.handler = [kit](const std::shared_ptr<ToolCall> &call) {
        QJsonArray items;
        const QStringList names = kit->targets() ? kit->targets()->names() : QStringList();
        for (const QString &name : names) {
            const ProxmoxClient *client = kit->targets()->client(name);
            if (!client)
                continue;
            const ProxmoxTarget &target = client->target();
            items.append(
                QJsonObject{{QStringLiteral("name"), name},
                            {QStringLiteral("default"), name == names.first()},
                            {QStringLiteral("hosts"), QJsonArray::fromStringList(target.hosts)},
                            {QStringLiteral("current_host"), client->currentHost()},
                            {QStringLiteral("port"), target.port},
                            {QStringLiteral("user"), target.user},
                            {QStringLiteral("auth"), target.usesToken() ? QStringLiteral("token")
                                                                        : QStringLiteral("ticket")},
                            {QStringLiteral("verify_tls"), target.verifyTls}});
        }
        const QJsonObject data{{QStringLiteral("items"), items},
                               {QStringLiteral("count"), qint64(items.size())}};
        call->finish(ToolResult::structured(
            data,
            TextTable::render(items, {QStringLiteral("name"), QStringLiteral("default"),
                                      QStringLiteral("hosts"), QStringLiteral("user"),
                                      QStringLiteral("auth"), QStringLiteral("verify_tls")})));
    };
    return tool;
}

} // namespace

void ClusterTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit)
{
    for (ApiToolSpec spec : {clusterStatus(), clusterResources(), clusterNextId(), clusterLog(),
                             clusterQuorum(), haStatus(), haResources()})
        kit->add(registry, std::move(spec));
    ProxmoxToolKit::add(registry, targetsTool(kit));
}

} // namespace pmcp
