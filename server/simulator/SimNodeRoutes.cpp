#include "server/simulator/SimNodeRoutes.h"

#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimViews.h"

#include <QDateTime>
#include <QJsonArray>

namespace pmcp {

namespace {

SimResult nodes(SimCall &call, const QString &fingerprint)
{
    QJsonArray rows;
    for (const SimNode &node : call.state.nodes()) {
        QJsonObject row = SimViews::nodeRow(node, fingerprint);
        if (node.online) {
            row.insert(QStringLiteral("cpu"), SimViews::nodeCpu(node, call.state));
            row.insert(QStringLiteral("mem"), SimViews::nodeMemUsed(node, call.state));
        }
        rows.append(row);
    }
    return SimResult::ok(rows);
}

SimResult status(SimCall &call)
{
    return SimResult::ok(SimViews::nodeStatus(*call.state.node(call.node()), call.state));
}

SimResult version(SimCall &)
{
    return SimResult::ok(
        QJsonObject{{QStringLiteral("version"), QStringLiteral("8.4.14")},
                    {QStringLiteral("release"), QStringLiteral("8.4")},
                    {QStringLiteral("repoid"), QStringLiteral("b502d23c55afcba1")}});
}

SimResult services(SimCall &)
{
    static const char *const list[][2] = {{"pveproxy", "PVE API Proxy Server"},
                                          {"pvedaemon", "PVE API Daemon"},
                                          {"pvestatd", "PVE Status Daemon"},
                                          {"pve-cluster", "The Proxmox VE cluster filesystem"},
                                          {"corosync", "Corosync Cluster Engine"},
                                          {"pve-firewall", "Proxmox VE firewall"},
                                          {"pve-ha-crm", "PVE Cluster HA Resource Manager Daemon"},
                                          {"pve-ha-lrm", "PVE Local HA Resource Manager Daemon"},
                                          {"pvescheduler", "Proxmox VE scheduler"},
                                          {"sshd", "OpenBSD Secure Shell server"},
                                          {"chrony", "chrony, an NTP client/server"},
                                          {"cron", "Regular background program processing daemon"},
                                          {"postfix", "Postfix Mail Transport Agent (instance -)"},
                                          {"spiceproxy", "PVE SPICE Proxy Server"}};
    QJsonArray rows;
    for (const auto &entry : list) {
        const QString name = QString::fromLatin1(entry[0]);
        rows.append(QJsonObject{{QStringLiteral("service"), name},
                                {QStringLiteral("name"), name},
                                {QStringLiteral("desc"), QString::fromUtf8(entry[1])},
                                {QStringLiteral("state"), QStringLiteral("running")},
                                {QStringLiteral("active-state"), QStringLiteral("active")},
                                {QStringLiteral("unit-state"), QStringLiteral("enabled")}});
    }
    return SimResult::ok(rows);
}

SimResult syslog(SimCall &call)
{
    QStringList &lines = call.state.syslog(call.node());
    if (lines.isEmpty()) {
        const QDateTime t = QDateTime::currentDateTime().addSecs(-600);
        const QString stamp = t.toString(QStringLiteral("MMM dd HH:mm:ss"));
        lines = {
            stamp + QStringLiteral(" %1 systemd[1]: Started pvestatd.service - PVE Status Daemon."),
            stamp + QStringLiteral(
                        " %1 pvedaemon[1432]: <root@pam> successful auth for user 'root@pam'"),
            stamp + QStringLiteral(" %1 pveproxy[1501]: worker 2211 started"),
            stamp + QStringLiteral(" %1 corosync[1102]:   [TOTEM ] A new membership (1.2c) was "
                                   "formed. Members joined: 2 3"),
            stamp + QStringLiteral(" %1 pmxcfs[1050]: [status] notice: received log"),
            stamp + QStringLiteral(" %1 systemd[1]: Starting pve-daily-update.service - Daily PVE "
                                   "download activities...")};
        for (QString &line : lines)
            line = line.arg(call.node());
    }
    const int start = static_cast<int>(call.integer(QStringLiteral("start"), 0));
    const int limit = static_cast<int>(call.integer(QStringLiteral("limit"), 50));
    QJsonArray rows;
    for (int i = start; i < lines.size() && rows.size() < limit; ++i)
        rows.append(QJsonObject{{QStringLiteral("n"), i + 1}, {QStringLiteral("t"), lines.at(i)}});
    return SimResult::list(rows, static_cast<int>(lines.size()));
}

SimResult network(SimCall &call)
{
    const SimNode *node = call.state.node(call.node());
    const QString ip = node->ip;
    return SimResult::ok(
        QJsonArray{QJsonObject{{QStringLiteral("iface"), QStringLiteral("eno1")},
                               {QStringLiteral("type"), QStringLiteral("eth")},
                               {QStringLiteral("method"), QStringLiteral("manual")},
                               {QStringLiteral("families"), QJsonArray{QStringLiteral("inet")}},
                               {QStringLiteral("active"), 1},
                               {QStringLiteral("exists"), 1},
                               {QStringLiteral("priority"), 3}},
                   QJsonObject{{QStringLiteral("iface"), QStringLiteral("vmbr0")},
                               {QStringLiteral("type"), QStringLiteral("bridge")},
                               {QStringLiteral("method"), QStringLiteral("static")},
                               {QStringLiteral("families"), QJsonArray{QStringLiteral("inet")}},
                               {QStringLiteral("address"), ip},
                               {QStringLiteral("netmask"), QStringLiteral("24")},
                               {QStringLiteral("cidr"), ip + QStringLiteral("/24")},
                               {QStringLiteral("gateway"), QStringLiteral("192.168.1.1")},
                               {QStringLiteral("bridge_ports"), QStringLiteral("eno1")},
                               {QStringLiteral("bridge_stp"), QStringLiteral("off")},
                               {QStringLiteral("bridge_fd"), QStringLiteral("0")},
                               {QStringLiteral("autostart"), 1},
                               {QStringLiteral("active"), 1},
                               {QStringLiteral("priority"), 4}}});
}

SimResult disks(SimCall &)
{
    const auto disk = [](const char *dev, const char *model, qint64 size, const char *type,
                         const char *used) {
        return QJsonObject{
            {QStringLiteral("devpath"), QString::fromLatin1(dev)},
            {QStringLiteral("model"), QString::fromLatin1(model)},
            {QStringLiteral("serial"), QStringLiteral("S5GXNF0R%1").arg(size % 9973)},
            {QStringLiteral("size"), size},
            {QStringLiteral("type"), QString::fromLatin1(type)},
            {QStringLiteral("used"), QString::fromLatin1(used)},
            {QStringLiteral("health"), QStringLiteral("PASSED")},
            {QStringLiteral("wearout"), 97},
            {QStringLiteral("gpt"), 1},
            {QStringLiteral("rpm"), 0},
            {QStringLiteral("vendor"), QStringLiteral("ATA")},
            {QStringLiteral("wwn"), QStringLiteral("unknown")},
            {QStringLiteral("osdid"), -1}};
    };
    return SimResult::ok(QJsonArray{
        disk("/dev/nvme0n1", "Samsung SSD 980 PRO 1TB", qint64(1000204886016), "nvme", "LVM"),
        disk("/dev/sda", "ST4000NM000A-2HZ100", qint64(4000787030016), "hdd", "unused")});
}

} // namespace

void SimNodeRoutes::install(SimRouter &router, const QString &fingerprint)
{
    router.add("GET", QStringLiteral("/nodes"),
               [fingerprint](SimCall &c) { return nodes(c, fingerprint); });
    router.add("GET", QStringLiteral("/nodes/{node}/status"), status);
    router.add("GET", QStringLiteral("/nodes/{node}/version"), version);
    router.add("GET", QStringLiteral("/nodes/{node}/services"), services);
    router.add("GET", QStringLiteral("/nodes/{node}/syslog"), syslog);
    router.add("GET", QStringLiteral("/nodes/{node}/network"), network);
    router.add("GET", QStringLiteral("/nodes/{node}/disks/list"), disks);
}

} // namespace pmcp
