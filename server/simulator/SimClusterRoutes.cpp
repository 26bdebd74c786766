#include "server/simulator/SimClusterRoutes.h"

#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimViews.h"

#include <QDateTime>
#include <QJsonArray>

namespace pmcp {

namespace {

SimResult version(SimCall &)
{
    return SimResult::ok(
        QJsonObject{{QStringLiteral("version"), QStringLiteral("8.4.14")},
                    {QStringLiteral("release"), QStringLiteral("8.4")},
                    {QStringLiteral("repoid"), QStringLiteral("b502d23c55afcba1")}});
}

int onlineCount(const SimState &state)
{
    int online = 0;
    for (const SimNode &node : state.nodes())
        online += node.online ? 1 : 0;
    return online;
}

SimResult status(SimCall &call)
{
    const auto &nodes = call.state.nodes();
    const bool quorate = onlineCount(call.state) * 2 > nodes.size();
    QJsonArray rows;
    if (nodes.size() > 1)
        rows.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("cluster")},
                                {QStringLiteral("id"), QStringLiteral("cluster")},
                                {QStringLiteral("name"), call.state.clusterName()},
                                {QStringLiteral("nodes"), static_cast<int>(nodes.size())},
                                {QStringLiteral("quorate"), quorate ? 1 : 0},
                                {QStringLiteral("version"), static_cast<int>(nodes.size()) + 2}});
    for (const SimNode &node : nodes)
        rows.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("node")},
                                {QStringLiteral("id"), QStringLiteral("node/") + node.name},
                                {QStringLiteral("name"), node.name},
                                {QStringLiteral("nodeid"), node.nodeid},
                                {QStringLiteral("ip"), node.ip},
                                {QStringLiteral("online"), node.online ? 1 : 0},
                                {QStringLiteral("local"), node.nodeid == 1 ? 1 : 0},
                                {QStringLiteral("level"), QString()}});
    return SimResult::ok(rows);
}

SimResult resources(SimCall &call)
{
    const QString type = call.str(QStringLiteral("type"));
    QJsonArray rows;
    if (type.isEmpty() || type == QLatin1String("vm")) {
        for (const SimGuest &g : call.state.guests()) {
            const SimNode *node = call.state.node(g.node);
            if (call.state.hasPrivilege(call.authId, QStringLiteral("/vms/%1").arg(g.vmid),
                                        QStringLiteral("VM.Audit")))
                rows.append(SimViews::guestResource(g, node && node->online));
        }
    }
    for (const SimNode &node : call.state.nodes()) {
        if (type.isEmpty() || type == QLatin1String("node")) {
            QJsonObject row = SimViews::nodeResource(node);
            if (node.online) {
                row.insert(QStringLiteral("cpu"), SimViews::nodeCpu(node, call.state));
                row.insert(QStringLiteral("mem"), SimViews::nodeMemUsed(node, call.state));
            }
            rows.append(row);
        }
        if (!type.isEmpty() && type != QLatin1String("storage"))
            continue;
        for (const SimStorage &s : call.state.storages()) {
            if (node.online)
                rows.append(SimViews::storageResource(s, call.state, node.name));
        }
    }
    return SimResult::ok(rows);
}

SimResult nextid(SimCall &call)
{
    if (call.has(QStringLiteral("vmid"))) {
        const int vmid = call.vmid();
        if (call.state.guest(vmid))
            return SimResult::paramError(QStringLiteral("vmid"),
                                         QStringLiteral("VM %1 already exists").arg(vmid));
        return SimResult::ok(QString::number(vmid));
    }
    return SimResult::ok(QString::number(call.state.nextFreeVmid()));
}

SimResult log(SimCall &call)
{
    const int max = static_cast<int>(call.integer(QStringLiteral("max"), 50));
    QJsonArray rows;
    for (const QJsonValue &entry : call.state.clusterLog()) {
        if (rows.size() >= max)
            break;
        rows.append(entry);
    }
    return SimResult::ok(rows);
}

SimResult haStatus(SimCall &call)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString master =
        call.state.nodes().isEmpty() ? QString() : call.state.nodes().first().name;
    QJsonArray rows{QJsonObject{{QStringLiteral("id"), QStringLiteral("quorum")},
                                {QStringLiteral("type"), QStringLiteral("quorum")},
                                {QStringLiteral("node"), master},
                                {QStringLiteral("status"), QStringLiteral("OK")},
                                {QStringLiteral("quorate"), 1}},
                    QJsonObject{{QStringLiteral("id"), QStringLiteral("master")},
                                {QStringLiteral("type"), QStringLiteral("master")},
                                {QStringLiteral("node"), master},
                                {QStringLiteral("status"),
                                 QStringLiteral("%1 (active, %2)").arg(master).arg(now)},
                                {QStringLiteral("timestamp"), now}}};
    for (const SimNode &node : call.state.nodes())
        rows.append(
            QJsonObject{{QStringLiteral("id"), QStringLiteral("lrm:") + node.name},
                        {QStringLiteral("type"), QStringLiteral("lrm")},
                        {QStringLiteral("node"), node.name},
                        {QStringLiteral("status"),
                         QStringLiteral("%1 (%2, %3)")
                             .arg(node.name, node.online ? QStringLiteral("active")
                                                         : QStringLiteral("old timestamp - dead?"))
                             .arg(now)},
                        {QStringLiteral("timestamp"), now}});
    for (const SimGuest &g : call.state.guests()) {
        if (!g.haManaged)
            continue;
        const QString sid =
            (g.isQemu() ? QStringLiteral("vm:") : QStringLiteral("ct:")) + QString::number(g.vmid);
        const QString state = g.running ? QStringLiteral("started") : QStringLiteral("stopped");
        rows.append(QJsonObject{
            {QStringLiteral("id"), QStringLiteral("service:") + sid},
            {QStringLiteral("type"), QStringLiteral("service")},
            {QStringLiteral("sid"), sid},
            {QStringLiteral("node"), g.node},
            {QStringLiteral("state"), state},
            {QStringLiteral("crm_state"), state},
            {QStringLiteral("request_state"), state},
            {QStringLiteral("status"), QStringLiteral("%1 (%2, %3)").arg(sid, g.node, state)}});
    }
    return SimResult::ok(rows);
}

SimResult haResources(SimCall &call)
{
    QJsonArray rows;
    for (const SimGuest &g : call.state.guests()) {
        if (g.haManaged)
            rows.append(QJsonObject{
                {QStringLiteral("sid"),
                 (g.isQemu() ? QStringLiteral("vm:") : QStringLiteral("ct:")) +
                     QString::number(g.vmid)},
                {QStringLiteral("type"), g.isQemu() ? QStringLiteral("vm") : QStringLiteral("ct")},
                {QStringLiteral("state"), QStringLiteral("started")},
                {QStringLiteral("max_restart"), 1},
                {QStringLiteral("max_relocate"), 1},
                {QStringLiteral("digest"), SimState::digest(g.config).left(40)}});
    }
    return SimResult::ok(rows);
}

SimResult backupJobs(SimCall &call)
{
    return SimResult::ok(call.state.backupJobs());
}

} // namespace

void SimClusterRoutes::install(SimRouter &router)
{
    router.add("GET", QStringLiteral("/version"), version);
    router.add("GET", QStringLiteral("/cluster/status"), status);
    router.add("GET", QStringLiteral("/cluster/resources"), resources);
    router.add("GET", QStringLiteral("/cluster/nextid"), nextid);
    router.add("GET", QStringLiteral("/cluster/log"), log);
    router.add("GET", QStringLiteral("/cluster/ha/status/current"), haStatus);
    router.add("GET", QStringLiteral("/cluster/ha/resources"), haResources);
    router.add("GET", QStringLiteral("/cluster/backup"), backupJobs);
}

} // namespace pmcp
