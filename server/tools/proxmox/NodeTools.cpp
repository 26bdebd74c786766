#include "server/tools/proxmox/NodeTools.h"

#include "server/tools/proxmox/ProxmoxToolKit.h"

namespace pmcp {

namespace {

const QString kCategory = QStringLiteral("nodes");

ApiToolSpec nodeList()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("node_list"), QStringLiteral("List nodes"), kCategory,
        QStringLiteral("/nodes"),
        QStringLiteral("List the cluster's nodes with status (online/offline), CPU, memory, disk "
                       "and uptime. Use it first to learn node names."));
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("status"), QStringLiteral("node")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("node"),   QStringLiteral("status"), QStringLiteral("cpu"),
                    QStringLiteral("maxcpu"), QStringLiteral("mem"),    QStringLiteral("maxmem"),
                    QStringLiteral("uptime")};
    return spec;
}

ApiToolSpec nodeVersion()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("node_version"), QStringLiteral("Node Proxmox version"), kCategory,
        QStringLiteral("/nodes/{node}/version"),
        QStringLiteral(
            "Show the Proxmox VE version (version, release, repoid) running on a node."));
    spec.input.node();
    spec.outputSchema = ToolSchema::objectOutput({QStringLiteral("version")});
    return spec;
}

ApiToolSpec nodeServices()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("node_services"), QStringLiteral("Node services"), kCategory,
        QStringLiteral("/nodes/{node}/services"),
        QStringLiteral("List the Proxmox system services of a node (pveproxy, pvedaemon, "
                       "corosync, ...) and whether they run. Use when diagnosing a node."));
    spec.input.node();
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("name"), QStringLiteral("state")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("service"), QStringLiteral("state"),
                    QStringLiteral("active-state"), QStringLiteral("desc")};
    return spec;
}

ApiToolSpec nodeSyslog()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("node_syslog"), QStringLiteral("Node system log"), kCategory,
        QStringLiteral("/nodes/{node}/syslog"),
        QStringLiteral("Read a node's system log (journal), optionally of one service and a time "
                       "range. Use when diagnosing failures on a node."));
    spec.input.node()
        .integer(QStringLiteral("lines"), QStringLiteral("How many lines (default 50)."), false, 1)
        .integer(QStringLiteral("start"), QStringLiteral("First line number."), false, 0)
        .string(QStringLiteral("since"), QStringLiteral("Start time, e.g. 2024-01-31 10:00:00."))
        .string(QStringLiteral("until"), QStringLiteral("End time."))
        .string(QStringLiteral("service"), QStringLiteral("Only this systemd service."));
    spec.output = ApiToolSpec::Output::List;
    spec.input.listControls({});
    spec.localArgs = {QStringLiteral("lines")};
    spec.adjustParams = [](QJsonObject &params, const QJsonObject &arguments) {
        params.insert(QStringLiteral("limit"), arguments.value(QLatin1String("lines")).toInt(50));
    };
    spec.columns = {QStringLiteral("n"), QStringLiteral("t")};
    return spec;
}

ApiToolSpec nodeNetwork()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("node_network"), QStringLiteral("Node network interfaces"), kCategory,
        QStringLiteral("/nodes/{node}/network"),
        QStringLiteral("List a node's network interfaces, bridges and bonds with addresses. Use "
                       "to pick a bridge (e.g. vmbr0) for a guest's network card."));
    spec.input.node();
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("type")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("iface"),   QStringLiteral("type"),
                    QStringLiteral("active"),  QStringLiteral("cidr"),
                    QStringLiteral("gateway"), QStringLiteral("bridge_ports")};
    return spec;
}

ApiToolSpec nodeDisks()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("node_disks"), QStringLiteral("Node physical disks"), kCategory,
        QStringLiteral("/nodes/{node}/disks/list"),
        QStringLiteral("List a node's physical disks with size, model, SMART health and use."));
    spec.input.node();
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("type"), QStringLiteral("health")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("devpath"), QStringLiteral("type"),   QStringLiteral("size"),
                    QStringLiteral("model"),   QStringLiteral("health"), QStringLiteral("used")};
    return spec;
}

} // namespace

void NodeTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit)
{
    for (ApiToolSpec spec :
         {nodeList(), nodeVersion(), nodeServices(), nodeSyslog(), nodeNetwork(), nodeDisks()})
        kit->add(registry, std::move(spec));
}

} // namespace pmcp
