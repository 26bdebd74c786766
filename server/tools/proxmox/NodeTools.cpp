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
        QStringLiteral("List the cluster's nodes: name, status, CPU, memory, uptime."));
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("status"), QStringLiteral("node")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("node"),   QStringLiteral("status"), QStringLiteral("cpu"),
                    QStringLiteral("maxcpu"), QStringLiteral("mem"),    QStringLiteral("maxmem"),
                    QStringLiteral("uptime")};
    spec.shortList = true;
    return spec;
}

ApiToolSpec nodeVersion()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("node_version"), QStringLiteral("Node Proxmox version"), kCategory,
        QStringLiteral("/nodes/{node}/version"),
        QStringLiteral("Show the Proxmox VE version running on a node: version, release, "
                       "repoid."));
    spec.input.node();
    return spec;
}

ApiToolSpec nodeServices()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("node_services"), QStringLiteral("Node services"), kCategory,
        QStringLiteral("/nodes/{node}/services"),
        QStringLiteral("List a node's Proxmox services (pveproxy, corosync, ...) and whether "
                       "they run."));
    spec.input.node();
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("name"), QStringLiteral("state")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("service"), QStringLiteral("state"),
                    QStringLiteral("active-state"), QStringLiteral("desc")};
    spec.shortList = true;
    return spec;
}

ApiToolSpec nodeSyslog()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("node_syslog"), QStringLiteral("Node system log"), kCategory,
        QStringLiteral("/nodes/{node}/syslog"),
        QStringLiteral("Read a node's system log (journal), of one service or time range."));
    spec.input.node()
        .integer(QStringLiteral("lines"), QStringLiteral("How many lines (default 50)."), false, 1)
        .integer(QStringLiteral("start"), QStringLiteral("First line number."), false, 0)
        .string(QStringLiteral("since"), QStringLiteral("Start time, e.g. 2024-01-31 10:00:00."))
        .string(QStringLiteral("until"), QStringLiteral("End time."))
        .string(QStringLiteral("service"), QStringLiteral("Only this systemd service."));
    spec.output = ApiToolSpec::Output::List;
    spec.input.listControls({});
    spec.localArgs = {QStringLiteral("lines")};
    spec.input.unlist(QStringLiteral("limit")); // lines is the limit here
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
        QStringLiteral("List a node's network interfaces, bridges and bonds with addresses."));
    spec.input.node();
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("type")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("iface"),   QStringLiteral("type"),
                    QStringLiteral("active"),  QStringLiteral("cidr"),
                    QStringLiteral("gateway"), QStringLiteral("bridge_ports")};
    spec.shortList = true;
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
    spec.shortList = true;
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
