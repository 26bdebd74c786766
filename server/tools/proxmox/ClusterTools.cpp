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
    ApiToolSpec spec =
        listSpec(QStringLiteral("cluster_status"), QStringLiteral("Cluster status"),
                 QStringLiteral("/cluster/status"),
                 QStringLiteral("Show the cluster (name, quorate) and each node's "
                                "membership: online, IP address, id."),
                 {QStringLiteral("type")},
                 {QStringLiteral("type"), QStringLiteral("name"), QStringLiteral("online"),
                  QStringLiteral("quorate"), QStringLiteral("ip"), QStringLiteral("nodes")});
    spec.shortList = true;
    return spec;
}

ApiToolSpec clusterResources()
{
    ApiToolSpec spec = listSpec(
        QStringLiteral("cluster_resources"), QStringLiteral("Cluster resources"),
        QStringLiteral("/cluster/resources"),
        QStringLiteral("List everything in the cluster (nodes, guests, storage, pools) with "
                       "status and usage, in one call."),
        {QStringLiteral("type"), QStringLiteral("node"), QStringLiteral("status"),
         QStringLiteral("name"), QStringLiteral("vmid")},
        {QStringLiteral("id"), QStringLiteral("type"), QStringLiteral("node"),
         QStringLiteral("name"), QStringLiteral("status"), QStringLiteral("cpu"),
         QStringLiteral("mem"), QStringLiteral("maxmem")});
    spec.input.listed(QStringLiteral("fields"));
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
        QStringLiteral("Get a free guest id for a new guest, or check that vmid is free."));
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
                 QStringLiteral("Read the recent cluster log of all nodes: task starts and "
                                "ends, logins, errors."),
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
        QStringLiteral("Check that the cluster is quorate and which nodes are online (without "
                       "quorum most changes fail)."));
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
    ApiToolSpec spec =
        listSpec(QStringLiteral("cluster_ha_status"), QStringLiteral("HA status"),
                 QStringLiteral("/cluster/ha/status/current"),
                 QStringLiteral("Show the high-availability manager and the state of each "
                                "HA service."),
                 {QStringLiteral("type"), QStringLiteral("node")},
                 {QStringLiteral("id"), QStringLiteral("type"), QStringLiteral("node"),
                  QStringLiteral("status"), QStringLiteral("state")});
    spec.shortList = true;
    return spec;
}

ApiToolSpec haResources()
{
    ApiToolSpec spec =
        listSpec(QStringLiteral("cluster_ha_resources"), QStringLiteral("HA resources"),
                 QStringLiteral("/cluster/ha/resources"),
                 QStringLiteral("List the guests HA manages (sid vm:100, ct:101) with "
                                "requested state and group."),
                 {QStringLiteral("state"), QStringLiteral("type")},
                 {QStringLiteral("sid"), QStringLiteral("state"), QStringLiteral("group"),
                  QStringLiteral("max_restart"), QStringLiteral("max_relocate")});
    spec.shortList = true;
    return spec;
}

ToolDefinition targetsTool(const std::shared_ptr<ProxmoxToolKit> &kit)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("proxmox_targets");
    tool.title = QStringLiteral("Configured Proxmox targets");
    tool.description = QStringLiteral(
        "List the configured Proxmox clusters; pass a name as target to other tools.");
    tool.category = kCategory;
    tool.inputSchema = ToolDefinition::emptyInputSchema();
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
    kit->add(registry, targetsTool(kit));
}

} // namespace pmcp
