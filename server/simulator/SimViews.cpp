#include "server/simulator/SimViews.h"

#include "server/simulator/SimState.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>

namespace pmcp {

namespace {

qint64 now()
{
    return QDateTime::currentSecsSinceEpoch();
}

double jitter(double value)
{
    return value * (0.85 + 0.3 * QRandomGenerator::global()->generateDouble());
}

qint64 uptimeOf(const SimGuest &g)
{
    return g.running ? std::max<qint64>(1, now() - g.startedAt) : 0;
}

QJsonObject guestFigures(const SimGuest &g)
{
    const qint64 uptime = uptimeOf(g);
    const qint64 maxmem = g.maxMemBytes();
    QJsonObject row{{QStringLiteral("vmid"), g.vmid},
                    {QStringLiteral("name"), g.name()},
                    {QStringLiteral("status"),
                     g.running ? QStringLiteral("running") : QStringLiteral("stopped")},
                    {QStringLiteral("cpus"), g.cores()},
                    {QStringLiteral("maxmem"), maxmem},
                    {QStringLiteral("maxdisk"), g.maxDiskBytes()},
                    {QStringLiteral("uptime"), uptime},
                    {QStringLiteral("cpu"), g.running ? jitter(g.cpuLoad) : 0.0},
                    {QStringLiteral("mem"), g.running ? static_cast<qint64>(maxmem * 0.42) : 0},
                    {QStringLiteral("disk"),
                     g.isQemu() || !g.running ? 0 : static_cast<qint64>(g.maxDiskBytes() * 0.3)},
                    {QStringLiteral("netin"), uptime * 5321},
                    {QStringLiteral("netout"), uptime * 1877},
                    {QStringLiteral("diskread"), g.running ? 180000000 + uptime * 900 : 0},
                    {QStringLiteral("diskwrite"), g.running ? 52000000 + uptime * 420 : 0}};
    if (g.running)
        row.insert(QStringLiteral("pid"), g.pid);
    if (g.isTemplate())
        row.insert(QStringLiteral("template"), 1);
    if (!g.lock().isEmpty())
        row.insert(QStringLiteral("lock"), g.lock());
    const QString tags = g.config.value(QStringLiteral("tags")).toString();
    if (!tags.isEmpty())
        row.insert(QStringLiteral("tags"), tags);
    if (!g.isQemu()) {
        const qint64 swap = g.config.value(QStringLiteral("swap")).toInteger(512) * 1024 * 1024;
        row.insert(QStringLiteral("maxswap"), swap);
        row.insert(QStringLiteral("swap"), 0);
        row.insert(QStringLiteral("type"), QStringLiteral("lxc"));
    }
    return row;
}

QJsonObject haOf(const SimGuest &g)
{
    if (!g.haManaged)
        return {{QStringLiteral("managed"), 0}};
    return {{QStringLiteral("managed"), 1},
            {QStringLiteral("state"),
             g.running ? QStringLiteral("started") : QStringLiteral("stopped")}};
}

} // namespace

QJsonObject SimViews::guestListRow(const SimGuest &guest)
{
    QJsonObject row = guestFigures(guest);
    if (!guest.isQemu()) // Proxmox's quirk: LXC lists carry vmid as a string
        row.insert(QStringLiteral("vmid"), QString::number(guest.vmid));
    return row;
}

QJsonObject SimViews::guestStatus(const SimGuest &guest)
{
    QJsonObject status = guestFigures(guest);
    status.insert(QStringLiteral("ha"), haOf(guest));
    if (guest.isQemu()) {
        const QString qmp = !guest.running ? QStringLiteral("stopped")
                            : guest.paused ? QStringLiteral("paused")
                                           : QStringLiteral("running");
        status.insert(QStringLiteral("qmpstatus"), qmp);
        if (guest.config.value(QStringLiteral("agent")).toString().startsWith(u'1') ||
            guest.config.value(QStringLiteral("agent")).toInt() == 1)
            status.insert(QStringLiteral("agent"), 1);
        if (guest.running) {
            status.insert(QStringLiteral("running-machine"), QStringLiteral("pc-i440fx-9.2+pve1"));
            status.insert(QStringLiteral("running-qemu"), QStringLiteral("9.2.0"));
        }
    }
    return status;
}

QJsonObject SimViews::guestResource(const SimGuest &guest, bool nodeOnline)
{
    QJsonObject row = guestFigures(guest);
    row.remove(QStringLiteral("pid"));
    row.remove(QStringLiteral("cpus"));
    row.insert(QStringLiteral("maxcpu"), guest.cores());
    row.insert(QStringLiteral("id"), guest.type + u'/' + QString::number(guest.vmid));
    row.insert(QStringLiteral("type"), guest.type);
    row.insert(QStringLiteral("node"), guest.node);
    row.insert(QStringLiteral("template"), guest.isTemplate() ? 1 : 0);
    if (guest.haManaged)
        row.insert(QStringLiteral("hastate"),
                   guest.running ? QStringLiteral("started") : QStringLiteral("stopped"));
    if (!nodeOnline)
        row.insert(QStringLiteral("status"), QStringLiteral("unknown"));
    return row;
}

qint64 SimViews::nodeMemUsed(const SimNode &node, const SimState &state)
{
    qint64 used = node.baseMem;
    for (const SimGuest &g : state.guests()) {
        if (g.node == node.name && g.running)
            used += static_cast<qint64>(g.maxMemBytes() * 0.42);
    }
    return std::min(used, node.maxmem);
}

double SimViews::nodeCpu(const SimNode &node, const SimState &state)
{
    double cpu = node.cpu;
    for (const SimGuest &g : state.guests()) {
        if (g.node == node.name && g.running)
            cpu += g.cpuLoad * g.cores() / node.cpus;
    }
    return std::min(1.0, jitter(cpu));
}

QJsonObject SimViews::nodeRow(const SimNode &node, const QString &fingerprint)
{
    if (!node.online)
        return {{QStringLiteral("node"), node.name},
                {QStringLiteral("id"), QStringLiteral("node/") + node.name},
                {QStringLiteral("type"), QStringLiteral("node")},
                {QStringLiteral("status"), QStringLiteral("offline")},
                {QStringLiteral("level"), QString()},
                {QStringLiteral("ssl_fingerprint"), fingerprint}};
    return {{QStringLiteral("node"), node.name},
            {QStringLiteral("id"), QStringLiteral("node/") + node.name},
            {QStringLiteral("type"), QStringLiteral("node")},
            {QStringLiteral("status"), QStringLiteral("online")},
            {QStringLiteral("level"), QString()},
            {QStringLiteral("ssl_fingerprint"), fingerprint},
            {QStringLiteral("maxcpu"), node.cpus},
            {QStringLiteral("maxmem"), node.maxmem},
            {QStringLiteral("maxdisk"), node.maxdisk},
            {QStringLiteral("disk"), node.disk},
            {QStringLiteral("uptime"), now() - node.bootTime}};
}

QJsonObject SimViews::nodeStatus(const SimNode &node, const SimState &state)
{
    const qint64 mem = nodeMemUsed(node, state);
    const double cpu = nodeCpu(node, state);
    const auto load = [&](double f) { return QString::number(cpu * node.cpus * f, 'f', 2); };
    return {
        {QStringLiteral("uptime"), now() - node.bootTime},
        {QStringLiteral("cpu"), cpu},
        {QStringLiteral("wait"), 0.0012},
        {QStringLiteral("idle"), 0},
        {QStringLiteral("loadavg"), QJsonArray{load(1.0), load(0.9), load(0.8)}},
        {QStringLiteral("pveversion"), QStringLiteral("pve-manager/8.4.14/b502d23c55afcba1")},
        {QStringLiteral("kversion"),
         QStringLiteral("Linux 6.8.12-15-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-15 "
                        "(2025-09-12T11:02Z)")},
        {QStringLiteral("current-kernel"),
         QJsonObject{{QStringLiteral("machine"), QStringLiteral("x86_64")},
                     {QStringLiteral("release"), QStringLiteral("6.8.12-15-pve")},
                     {QStringLiteral("sysname"), QStringLiteral("Linux")},
                     {QStringLiteral("version"),
                      QStringLiteral("#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-15 (2025-09-12T11:02Z)")}}},
        {QStringLiteral("boot-info"), QJsonObject{{QStringLiteral("mode"), QStringLiteral("efi")},
                                                  {QStringLiteral("secureboot"), 0}}},
        {QStringLiteral("cpuinfo"),
         QJsonObject{{QStringLiteral("model"), QStringLiteral("AMD EPYC 7302P 16-Core Processor")},
                     {QStringLiteral("cpus"), node.cpus},
                     {QStringLiteral("cores"), node.cpus / 2},
                     {QStringLiteral("sockets"), 1},
                     {QStringLiteral("mhz"), QStringLiteral("3000.000")},
                     {QStringLiteral("hvm"), QStringLiteral("1")},
                     {QStringLiteral("user_hz"), 100}}},
        {QStringLiteral("memory"), QJsonObject{{QStringLiteral("total"), node.maxmem},
                                               {QStringLiteral("used"), mem},
                                               {QStringLiteral("free"), node.maxmem - mem}}},
        {QStringLiteral("swap"), QJsonObject{{QStringLiteral("total"), qint64(8589930496)},
                                             {QStringLiteral("used"), 0},
                                             {QStringLiteral("free"), qint64(8589930496)}}},
        {QStringLiteral("rootfs"),
         QJsonObject{{QStringLiteral("total"), node.maxdisk},
                     {QStringLiteral("used"), node.disk},
                     {QStringLiteral("free"), node.maxdisk - node.disk},
                     {QStringLiteral("avail"), node.maxdisk - node.disk}}},
        {QStringLiteral("ksm"), QJsonObject{{QStringLiteral("shared"), 0}}}};
}

QJsonObject SimViews::nodeResource(const SimNode &node)
{
    QJsonObject row = nodeRow(node, QString());
    row.remove(QStringLiteral("ssl_fingerprint"));
    row.insert(QStringLiteral("cgroup-mode"), 2);
    return row;
}

QJsonObject SimViews::storageRow(const SimStorage &storage, const SimState &state,
                                 const QString &node)
{
    const qint64 used = state.storageUsed(storage, node);
    return {{QStringLiteral("storage"), storage.id},
            {QStringLiteral("type"), storage.type},
            {QStringLiteral("content"), storage.content.join(u',')},
            {QStringLiteral("active"), 1},
            {QStringLiteral("enabled"), 1},
            {QStringLiteral("shared"), storage.shared ? 1 : 0},
            {QStringLiteral("total"), storage.total},
            {QStringLiteral("used"), used},
            {QStringLiteral("avail"), storage.total - used},
            {QStringLiteral("used_fraction"),
             static_cast<double>(used) / static_cast<double>(storage.total)}};
}

QJsonObject SimViews::storageResource(const SimStorage &storage, const SimState &state,
                                      const QString &node)
{
    const qint64 used = state.storageUsed(storage, node);
    return {{QStringLiteral("id"), QStringLiteral("storage/%1/%2").arg(node, storage.id)},
            {QStringLiteral("type"), QStringLiteral("storage")},
            {QStringLiteral("storage"), storage.id},
            {QStringLiteral("node"), node},
            {QStringLiteral("plugintype"), storage.type},
            {QStringLiteral("content"), storage.content.join(u',')},
            {QStringLiteral("shared"), storage.shared ? 1 : 0},
            {QStringLiteral("status"), QStringLiteral("available")},
            {QStringLiteral("disk"), used},
            {QStringLiteral("maxdisk"), storage.total}};
}

QJsonObject SimViews::volumeRow(const SimVolume &volume)
{
    QJsonObject row{{QStringLiteral("volid"), volume.volid},
                    {QStringLiteral("content"), volume.content},
                    {QStringLiteral("format"), volume.format},
                    {QStringLiteral("size"), volume.size},
                    {QStringLiteral("ctime"), volume.ctime}};
    if (volume.vmid > 0)
        row.insert(QStringLiteral("vmid"), volume.vmid);
    if (!volume.notes.isEmpty())
        row.insert(QStringLiteral("notes"), volume.notes);
    if (volume.content == QLatin1String("backup"))
        row.insert(QStringLiteral("subtype"), volume.volid.contains(QLatin1String("-lxc-"))
                                                  ? QStringLiteral("lxc")
                                                  : QStringLiteral("qemu"));
    return row;
}

} // namespace pmcp
