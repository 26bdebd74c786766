#include "server/simulator/SimDemoCluster.h"

#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"

#include <QDateTime>
#include <QJsonArray>

namespace pmcp {

namespace {

constexpr qint64 kGiB = qint64(1024) * 1024 * 1024;

struct GuestSeed {
    int vmid;
    const char *type;
    int nodeIndex;
    const char *name;
    bool running;
    int memoryMiB;
    int cores;
    int diskGiB;
    const char *extra; // "key=value|key=value"
};

constexpr GuestSeed kGuests[] = {
    {100, "qemu", 0, "web-01", true, 4096, 2, 32, "agent=1|tags=prod;web"},
    {101, "qemu", 0, "db-01", true, 8192, 4, 100, "protection=1|tags=prod;db"},
    {102, "lxc", 0, "dns-01", true, 512, 1, 8, "ha=1"},
    {103, "lxc", 0, "proxy-01", false, 1024, 2, 8, ""},
    {9000, "qemu", 0, "debian-12-template", false, 2048, 2, 20, "template=1"},
    {200, "qemu", 1, "app-01", true, 4096, 2, 50, "ha=1|agent=1"},
    {201, "qemu", 1, "win-11", false, 8192, 4, 80, "ostype=win11"},
    {202, "lxc", 1, "monitoring", true, 2048, 2, 16, ""},
    {203, "qemu", 1, "build-01", false, 16384, 8, 120, ""},
    {300, "qemu", 2, "k8s-node-1", true, 8192, 4, 64, "agent=1|tags=k8s"},
    {301, "lxc", 2, "backup-proxy", false, 1024, 1, 8, ""},
    {302, "qemu", 2, "test-vm", false, 2048, 2, 32, ""},
};

QJsonObject baseConfig(const GuestSeed &seed, const QString &mac)
{
    const int vmid = seed.vmid;
    if (QLatin1String(seed.type) == QLatin1String("lxc"))
        return {{QStringLiteral("hostname"), QString::fromLatin1(seed.name)},
                {QStringLiteral("memory"), seed.memoryMiB},
                {QStringLiteral("swap"), 512},
                {QStringLiteral("cores"), seed.cores},
                {QStringLiteral("arch"), QStringLiteral("amd64")},
                {QStringLiteral("ostype"), QStringLiteral("debian")},
                {QStringLiteral("unprivileged"), 1},
                {QStringLiteral("onboot"), 1},
                {QStringLiteral("rootfs"),
                 QStringLiteral("local-lvm:vm-%1-disk-0,size=%2G").arg(vmid).arg(seed.diskGiB)},
                {QStringLiteral("net0"),
                 QStringLiteral("name=eth0,bridge=vmbr0,hwaddr=%1,ip=dhcp,type=veth").arg(mac)}};
    return {
        {QStringLiteral("name"), QString::fromLatin1(seed.name)},
        {QStringLiteral("memory"), seed.memoryMiB},
        {QStringLiteral("cores"), seed.cores},
        {QStringLiteral("sockets"), 1},
        {QStringLiteral("cpu"), QStringLiteral("x86-64-v2-AES")},
        {QStringLiteral("ostype"), QStringLiteral("l26")},
        {QStringLiteral("scsihw"), QStringLiteral("virtio-scsi-single")},
        {QStringLiteral("boot"), QStringLiteral("order=scsi0;ide2;net0")},
        {QStringLiteral("ide2"), QStringLiteral("none,media=cdrom")},
        {QStringLiteral("numa"), 0},
        {QStringLiteral("scsi0"),
         QStringLiteral("local-lvm:vm-%1-disk-0,iothread=1,size=%2G").arg(vmid).arg(seed.diskGiB)},
        {QStringLiteral("net0"), QStringLiteral("virtio=%1,bridge=vmbr0,firewall=1").arg(mac)},
        {QStringLiteral("smbios1"), QStringLiteral("uuid=6f1d2c3a-%1-4b6e-9c1d-5a7e8f9b0c1d")
                                        .arg(vmid, 4, 10, QLatin1Char('0'))},
        {QStringLiteral("vmgenid"),
         QStringLiteral("0b9e7a1c-%1-4f2a-8d3b-1c2d3e4f5a6b").arg(vmid, 4, 10, QLatin1Char('0'))},
        {QStringLiteral("meta"), QStringLiteral("creation-qemu=9.0.2,ctime=1735689600")}};
}

SimGuest makeGuest(const GuestSeed &seed, const QString &node, qint64 now)
{
    SimGuest guest;
    guest.vmid = seed.vmid;
    guest.type = QString::fromLatin1(seed.type);
    guest.node = node;
    guest.running = seed.running;
    guest.startedAt = now - 86400 * (seed.vmid % 17 + 1) - seed.vmid * 37;
    guest.pid = seed.running ? 1000 + seed.vmid * 13 : 0;
    guest.cpuLoad = 0.01 + (seed.vmid % 7) * 0.03;
    const QString mac = QStringLiteral("BC:24:11:%1:%2:%3")
                            .arg(seed.vmid / 256 % 256, 2, 16, QLatin1Char('0'))
                            .arg(seed.vmid % 256, 2, 16, QLatin1Char('0'))
                            .arg(seed.vmid % 7 * 31, 2, 16, QLatin1Char('0'))
                            .toUpper();
    guest.config = baseConfig(seed, mac);
    for (const QString &pair : QString::fromLatin1(seed.extra).split(u'|', Qt::SkipEmptyParts)) {
        const QString key = pair.section(u'=', 0, 0);
        const QString value = pair.section(u'=', 1);
        if (key == QLatin1String("ha"))
            guest.haManaged = true;
        else if (value.toInt() > 0 || value == QLatin1String("0"))
            guest.config.insert(key, value.toInt());
        else
            guest.config.insert(key, value);
    }
    return guest;
}

void addSnapshots(SimGuest &guest, qint64 now)
{
    QJsonObject before = guest.config;
    before.insert(QStringLiteral("memory"), before.value(QStringLiteral("memory")).toInt() / 2);
    guest.snapshots = {{QStringLiteral("before-upgrade"), QStringLiteral("Before apt full-upgrade"),
                        QString(), now - 86400 * 9, false, before},
                       {QStringLiteral("pre-migration"), QStringLiteral("Working state"),
                        QStringLiteral("before-upgrade"), now - 86400 * 2, false, guest.config}};
    guest.parentSnapshot = QStringLiteral("pre-migration");
}

} // namespace

void SimDemoCluster::populate(SimState &state, SimTasks &tasks, int nodes, bool demo)
{
    addNodesAndStorage(state, std::max(1, nodes));
    addContent(state);
    if (!demo)
        return;
    addGuests(state);
    addHistory(state, tasks);
}

void SimDemoCluster::addNodesAndStorage(SimState &state, int nodes)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (int i = 0; i < nodes; ++i) {
        SimNode node;
        node.name = QStringLiteral("pve%1").arg(i + 1);
        node.nodeid = i + 1;
        node.ip = QStringLiteral("192.168.1.%1").arg(11 + i);
        node.cpus = i == 2 ? 8 : 16;
        node.maxmem = (i == 2 ? 64 : 128) * kGiB;
        node.baseMem = 5 * kGiB + i * 300 * 1024 * 1024;
        node.cpu = 0.02 + 0.01 * i;
        node.bootTime = now - 86400 * (23 - 5 * i) - 3600 * i;
        node.maxdisk = 94 * kGiB;
        node.disk = 11 * kGiB + i * kGiB;
        state.addNode(node);
    }
    if (nodes == 1)
        state.setClusterName(QString());
    state.addStorage({QStringLiteral("local"),
                      QStringLiteral("dir"),
                      {QStringLiteral("iso"), QStringLiteral("vztmpl"), QStringLiteral("backup")},
                      false,
                      94 * kGiB,
                      9 * kGiB,
                      QStringLiteral("/var/lib/vz")});
    state.addStorage({QStringLiteral("local-lvm"),
                      QStringLiteral("lvmthin"),
                      {QStringLiteral("images"), QStringLiteral("rootdir")},
                      false,
                      832 * kGiB,
                      0,
                      QString()});
    state.addStorage({QStringLiteral("nfs-backup"),
                      QStringLiteral("nfs"),
                      {QStringLiteral("backup"), QStringLiteral("iso")},
                      true,
                      3725 * kGiB,
                      1210 * kGiB,
                      QStringLiteral("/mnt/pve/nfs-backup")});
}

void SimDemoCluster::addContent(SimState &state)
{
    const qint64 ctime = QDateTime::currentSecsSinceEpoch() - 86400 * 40;
    for (const SimNode &node : state.nodes()) {
        state.addVolume({QStringLiteral("local"),
                         node.name,
                         QStringLiteral("local:iso/debian-12.8.0-amd64-netinst.iso"),
                         QStringLiteral("iso"),
                         QStringLiteral("iso"),
                         663748608,
                         ctime,
                         0,
                         {},
                         {},
                         {}});
        state.addVolume({QStringLiteral("local"),
                         node.name,
                         QStringLiteral("local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"),
                         QStringLiteral("vztmpl"),
                         QStringLiteral("tzst"),
                         126859211,
                         ctime,
                         0,
                         {},
                         {},
                         {}});
        state.addVolume({QStringLiteral("local"),
                         node.name,
                         QStringLiteral("local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst"),
                         QStringLiteral("vztmpl"),
                         QStringLiteral("tzst"),
                         141291520,
                         ctime,
                         0,
                         {},
                         {},
                         {}});
    }
    state.addVolume({QStringLiteral("nfs-backup"),
                     {},
                     QStringLiteral("nfs-backup:iso/ubuntu-24.04.1-live-server-amd64.iso"),
                     QStringLiteral("iso"),
                     QStringLiteral("iso"),
                     2773874688,
                     ctime,
                     0,
                     {},
                     {},
                     {}});
}

void SimDemoCluster::addGuests(SimState &state)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qsizetype count = state.nodes().size();
    for (const GuestSeed &seed : kGuests) {
        SimGuest guest = makeGuest(seed, state.nodes().at(seed.nodeIndex % count).name, now);
        if (guest.vmid == 100 || guest.vmid == 202)
            addSnapshots(guest, now);
        state.addGuest(guest);
    }
    // Existing backups: two nightly runs of the job on the shared storage, one manual on local.
    for (int vmid : {100, 102, 200}) {
        const SimGuest *guest = state.guest(vmid);
        for (int day : {1, 8}) {
            const QDateTime when = QDateTime::currentDateTime().addDays(-day);
            const QString ext =
                guest->isQemu() ? QStringLiteral("vma.zst") : QStringLiteral("tar.zst");
            const QString volid = QStringLiteral("nfs-backup:backup/vzdump-%1-%2-%3.%4")
                                      .arg(guest->type)
                                      .arg(vmid)
                                      .arg(when.toString(QStringLiteral("yyyy_MM_dd")) +
                                           QStringLiteral("-01_00_0%1").arg(vmid % 10))
                                      .arg(ext);
            state.addVolume({QStringLiteral("nfs-backup"),
                             {},
                             volid,
                             QStringLiteral("backup"),
                             ext,
                             guest->maxDiskBytes() / 4,
                             when.toSecsSinceEpoch(),
                             vmid,
                             guest->name(),
                             guest->type,
                             guest->config});
        }
    }
    const SimGuest *proxy = state.guest(103);
    state.addVolume({QStringLiteral("local"), proxy->node,
                     QStringLiteral("local:backup/vzdump-lxc-103-2026_11_20-18_30_12.tar.zst"),
                     QStringLiteral("backup"), QStringLiteral("tar.zst"), 412316860,
                     now - 86400 * 5, 103, QStringLiteral("before nginx upgrade"), proxy->type,
                     proxy->config});
    state.backupJobs().append(
        QJsonObject{{QStringLiteral("id"), QStringLiteral("backup-5f3a9c1e-7d2b")},
                    {QStringLiteral("type"), QStringLiteral("vzdump")},
                    {QStringLiteral("enabled"), 1},
                    {QStringLiteral("schedule"), QStringLiteral("01:00")},
                    {QStringLiteral("storage"), QStringLiteral("nfs-backup")},
                    {QStringLiteral("mode"), QStringLiteral("snapshot")},
                    {QStringLiteral("compress"), QStringLiteral("zstd")},
                    {QStringLiteral("vmid"), QStringLiteral("100,102,200")},
                    {QStringLiteral("notes-template"), QStringLiteral("{{guestname}}")},
                    {QStringLiteral("prune-backups"), QStringLiteral("keep-daily=7,keep-weekly=4")},
                    {QStringLiteral("mailnotification"), QStringLiteral("failure")},
                    {QStringLiteral("next-run"), QDateTime::currentSecsSinceEpoch() + 36000}});
}

void SimDemoCluster::addHistory(SimState &state, SimTasks &tasks)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    struct Past {
        int nodeIndex;
        const char *type;
        const char *id;
        qint64 ago;
        int seconds;
        const char *exit;
    };
    const Past past[] = {
        {0, "vzdump", "", 86400 + 3000, 412, "OK"},
        {0, "qmstart", "100", 3 * 86400, 2, "OK"},
        {1, "qmstart", "203", 2 * 86400, 1, "start failed: QEMU exited with code 1"},
        {1, "vzstart", "202", 2 * 86400 - 600, 3, "OK"},
        {2, "qmsnapshot", "300", 86400 - 900, 4, "OK"},
        {0, "srvreload", "networking", 7200, 1, "OK"},
        {2, "aptupdate", "", 3600, 14, "OK"},
    };
    quint32 pid = 41230;
    for (const Past &p : past) {
        const QString node = state.nodes().at(p.nodeIndex % state.nodes().size()).name;
        SimTask task;
        task.node = node;
        task.pid = pid += 1711;
        task.pstart = 2200000 + pid;
        task.starttime = now - p.ago;
        task.type = QString::fromLatin1(p.type);
        task.id = QString::fromLatin1(p.id);
        task.authId = QStringLiteral("root@pam");
        task.running = false;
        task.exitstatus = QString::fromLatin1(p.exit);
        task.endtime = task.starttime + p.seconds;
        task.log = {task.exitstatus == QLatin1String("OK")
                        ? QStringLiteral("TASK OK")
                        : QStringLiteral("TASK ERROR: ") + task.exitstatus};
        task.upid = SimTasks::makeUpid(node, task.pid, task.pstart, task.starttime, task.type,
                                       task.id, task.authId);
        tasks.addHistory(task);
    }
    for (const SimNode &node : state.nodes())
        state.appendClusterLog(node.name, QStringLiteral("pvedaemon"),
                               QStringLiteral("<root@pam> successful auth for user 'root@pam'"));
    state.appendClusterLog(state.nodes().first().name, QStringLiteral("pvedaemon"),
                           QStringLiteral("<root@pam> end task vzdump: OK"));
}

} // namespace pmcp
