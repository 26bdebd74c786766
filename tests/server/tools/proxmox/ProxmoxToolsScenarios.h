#pragma once

#include "ProxmoxToolsFixture.h"
#include "server/proxmox/ProxmoxClient.h"
#include "server/simulator/SimTasks.h"

#include <QJsonArray>
#include <QSignalSpy>

// End-to-end scenarios of TestProxmoxTools that check what a tool did to the simulated cluster,
// not only the shape of its answer. Each function is the body of one test slot.
namespace pmcp::test::scenarios {

using F = ProxmoxToolsFixture;

inline QJsonObject data(const QJsonObject &result)
{
    return result.value(QLatin1String("structuredContent")).toObject();
}

inline bool isError(const QJsonObject &result)
{
    return result.value(QLatin1String("isError")).toBool();
}

// Calls a tool and returns its result.
inline QJsonObject call(F &f, const char *tool, const char *arguments)
{
    return f.call(QString::fromLatin1(tool), F::json(arguments))->result();
}

inline QStringList itemValues(const QJsonObject &result, const char *key)
{
    QStringList values;
    for (const QJsonValue &row : data(result).value(QLatin1String("items")).toArray())
        values.append(row.toObject().value(QLatin1String(key)).toVariant().toString());
    return values;
}

inline void qemuCloneCreatesGuest()
{
    F f;
    QVERIFY(!f.simulator.state().guest(151));
    const QJsonObject r =
        call(f, "qemu_clone",
             R"({"node":"pve1","vmid":9000,"newid":151,"name":"clone-1","full":true,"wait":true})");
    QVERIFY2(!isError(r), qPrintable(F::text(r)));
    QCOMPARE(data(r).value(QLatin1String("exitstatus")).toString(), QStringLiteral("OK"));
    const SimGuest *clone = f.simulator.state().guest(151);
    QVERIFY(clone);
    QCOMPARE(clone->name(), QStringLiteral("clone-1"));
    QVERIFY(clone->lock().isEmpty());
    QVERIFY(!clone->isTemplate());
    const QJsonObject list = call(f, "qemu_list", R"({"node":"pve1"})");
    QVERIFY2(!isError(list), qPrintable(F::text(list)));
    QVERIFY2(itemValues(list, "vmid").contains(QStringLiteral("151")), qPrintable(F::text(list)));
}

inline void qemuMigrateMovesGuest()
{
    F f;
    QCOMPARE(f.simulator.state().guest(201)->node, QStringLiteral("pve2"));
    const QJsonObject r =
        call(f, "qemu_migrate", R"({"node":"pve2","vmid":201,"target_node":"pve3","wait":true})");
    QVERIFY2(!isError(r), qPrintable(F::text(r)));
    QCOMPARE(f.simulator.state().guest(201)->node, QStringLiteral("pve3"));
    QVERIFY(f.simulator.state().guest(201)->lock().isEmpty());
    const QJsonObject status = call(f, "qemu_status", R"({"node":"pve3","vmid":201})");
    QVERIFY2(!isError(status), qPrintable(F::text(status)));
    const auto old =
        f.call(QStringLiteral("qemu_status"), F::json(R"({"node":"pve2","vmid":201})"))->result();
    QVERIFY(isError(old));
}

inline void snapshotRollbackRestoresConfig()
{
    F f;
    SimGuest *guest = f.simulator.state().guest(100);
    const SimSnapshot *snapshot = nullptr;
    for (const SimSnapshot &s : guest->snapshots) {
        if (s.name == QLatin1String("pre-migration"))
            snapshot = &s;
    }
    QVERIFY(snapshot);
    const QJsonObject saved = snapshot->config;
    guest->config.insert(QStringLiteral("memory"), 77777);
    guest->parentSnapshot.clear();
    const auto refused = f.call(QStringLiteral("snapshot_rollback"),
                                F::json(R"({"node":"pve1","vmid":100,"snapname":"pre-migration"})"))
                             ->result();
    QVERIFY(isError(refused));
    QCOMPARE(f.simulator.state().guest(100)->config.value(QLatin1String("memory")).toInt(), 77777);
    const QJsonObject r =
        call(f, "snapshot_rollback",
             R"({"node":"pve1","vmid":100,"snapname":"pre-migration","confirm":true})");
    QVERIFY2(!isError(r), qPrintable(F::text(r)));
    QCOMPARE(data(r).value(QLatin1String("exitstatus")).toString(), QStringLiteral("OK"));
    guest = f.simulator.state().guest(100);
    QCOMPARE(guest->config, saved);
    QCOMPARE(guest->parentSnapshot, QStringLiteral("pre-migration"));
    // snapshot_list hides Proxmox's "current" pseudo-entry; the raw API shows it moved.
    const QJsonObject list = call(f, "snapshot_list", R"({"node":"pve1","vmid":100})");
    QVERIFY2(!isError(list), qPrintable(F::text(list)));
    QVERIFY(itemValues(list, "name").contains(QStringLiteral("pre-migration")));
    QVERIFY(!itemValues(list, "name").contains(QStringLiteral("current")));
    const QJsonObject raw =
        call(f, "proxmox_api", R"({"method":"GET","path":"/nodes/pve1/qemu/100/snapshot"})");
    QVERIFY2(!isError(raw), qPrintable(F::text(raw)));
    QString currentParent;
    for (const QJsonValue &row : data(raw).value(QLatin1String("data")).toArray()) {
        if (row.toObject().value(QLatin1String("name")).toString() == QLatin1String("current"))
            currentParent = row.toObject().value(QLatin1String("parent")).toString();
    }
    QCOMPARE(currentParent, QStringLiteral("pre-migration"));
}

inline void backupThenRestoreIntoNewGuest()
{
    F f;
    SimState &state = f.simulator.state();
    QStringList before;
    for (const SimVolume &v : state.volumes(QStringLiteral("nfs-backup"), QStringLiteral("pve1")))
        before.append(v.volid);
    const QJsonObject backup = call(
        f, "backup_create", R"({"node":"pve1","vmid":"100","storage":"nfs-backup","wait":true})");
    QVERIFY2(!isError(backup), qPrintable(F::text(backup)));
    QString archive;
    for (const SimVolume &v : state.volumes(QStringLiteral("nfs-backup"), QStringLiteral("pve1"))) {
        if (!before.contains(v.volid) && v.content == QLatin1String("backup") && v.vmid == 100)
            archive = v.volid;
    }
    QVERIFY2(!archive.isEmpty(), qPrintable(F::text(backup)));
    const QJsonObject list = call(f, "backup_list", R"({"node":"pve1","storage":"nfs-backup"})");
    QVERIFY2(!isError(list), qPrintable(F::text(list)));
    QVERIFY(itemValues(list, "volid").contains(archive));
    QVERIFY(!state.guest(180));
    const QJsonObject args{{QStringLiteral("node"), QStringLiteral("pve1")},
                           {QStringLiteral("vmid"), 180},
                           {QStringLiteral("type"), QStringLiteral("qemu")},
                           {QStringLiteral("archive"), archive}};
    const auto refused = f.call(QStringLiteral("backup_restore"), args)->result();
    QVERIFY(isError(refused));
    QVERIFY(!state.guest(180));
    QJsonObject confirmed = args;
    confirmed.insert(QStringLiteral("confirm"), true);
    const auto restored = f.call(QStringLiteral("backup_restore"), confirmed)->result();
    QVERIFY2(!isError(restored), qPrintable(F::text(restored)));
    QCOMPARE(data(restored).value(QLatin1String("exitstatus")).toString(), QStringLiteral("OK"));
    const SimGuest *guest = state.guest(180);
    QVERIFY(guest);
    QVERIFY(guest->isQemu());
    QCOMPARE(guest->node, QStringLiteral("pve1"));
    QCOMPARE(guest->config.value(QLatin1String("memory")),
             state.guest(100)->config.value(QLatin1String("memory")));
    QVERIFY(guest->lock().isEmpty());
}

inline void downloadUrlAddsFile()
{
    F f;
    const QJsonObject r = call(
        f, "storage_download_url",
        R"({"node":"pve1","storage":"local","url":"https://example.com/x.iso","content":"iso","filename":"x.iso","wait":true})");
    QVERIFY2(!isError(r), qPrintable(F::text(r)));
    QCOMPARE(data(r).value(QLatin1String("exitstatus")).toString(), QStringLiteral("OK"));
    const QJsonObject content =
        call(f, "storage_content", R"({"node":"pve1","storage":"local","content":"iso"})");
    QVERIFY2(!isError(content), qPrintable(F::text(content)));
    QVERIFY2(itemValues(content, "volid").contains(QStringLiteral("local:iso/x.iso")),
             qPrintable(F::text(content)));
}

inline void resizeDiskGrowsIt()
{
    F f;
    const qint64 before = f.simulator.state().guest(100)->maxDiskBytes();
    QVERIFY(before > 0);
    const QJsonObject r =
        call(f, "qemu_resize_disk", R"({"node":"pve1","vmid":100,"disk":"scsi0","size":"+1G"})");
    QVERIFY2(!isError(r), qPrintable(F::text(r)));
    QCOMPARE(f.simulator.state().guest(100)->maxDiskBytes(), before + (qint64(1) << 30));
}

inline void guestAgent()
{
    F f;
    const QJsonObject ping = call(f, "qemu_agent_ping", R"({"node":"pve1","vmid":100})");
    QVERIFY2(!isError(ping), qPrintable(F::text(ping)));
    QCOMPARE(data(ping).value(QLatin1String("responding")).toBool(), true);
    const QJsonObject net = call(f, "qemu_agent_network", R"({"node":"pve1","vmid":100})");
    QVERIFY2(!isError(net), qPrintable(F::text(net)));
    QVERIFY2(itemValues(net, "name").contains(QStringLiteral("lo")), qPrintable(F::text(net)));
    const QJsonObject exec =
        call(f, "qemu_agent_exec",
             R"({"node":"pve1","vmid":100,"command":["uname","-a"],"confirm":true})");
    QVERIFY2(!isError(exec), qPrintable(F::text(exec)));
    QCOMPARE(data(exec).value(QLatin1String("exited")).toBool(), true);
    QCOMPARE(data(exec).value(QLatin1String("exitcode")).toInt(), 0);
    QVERIFY2(
        data(exec).value(QLatin1String("out-data")).toString().startsWith(QLatin1String("Linux")),
        qPrintable(F::text(exec)));
}

inline void clusterHaAndAccess()
{
    F f;
    const QJsonObject ha = call(f, "cluster_ha_status", "{}");
    QVERIFY2(!isError(ha), qPrintable(F::text(ha)));
    QVERIFY2(!data(ha).value(QLatin1String("items")).toArray().isEmpty(), qPrintable(F::text(ha)));
    const QJsonObject haRes = call(f, "cluster_ha_resources", "{}");
    QVERIFY2(!isError(haRes), qPrintable(F::text(haRes)));
    QStringList managed;
    for (const SimGuest &g : f.simulator.state().guests()) {
        if (g.haManaged)
            managed.append(
                (g.isQemu() ? QStringLiteral("vm:%1") : QStringLiteral("ct:%1")).arg(g.vmid));
    }
    QVERIFY(!managed.isEmpty());
    QCOMPARE(itemValues(haRes, "sid").size(), managed.size());
    for (const QString &sid : managed)
        QVERIFY2(itemValues(haRes, "sid").contains(sid), qPrintable(F::text(haRes)));
    f.simulator.state().createRestrictedToken(
        QStringLiteral("root@pam"), QStringLiteral("audit"),
        {{QStringLiteral("/vms/100"), {QStringLiteral("VM.Audit")}}});
    const QJsonObject users = call(f, "access_users", "{}");
    QVERIFY2(!isError(users), qPrintable(F::text(users)));
    QVERIFY(itemValues(users, "userid").contains(QStringLiteral("root@pam")));
    QVERIFY(itemValues(users, "userid").contains(QStringLiteral("monitor@pve")));
    const QJsonObject tokens = call(f, "access_tokens", "{}");
    QVERIFY2(!isError(tokens), qPrintable(F::text(tokens)));
    QVERIFY2(itemValues(tokens, "tokenid").contains(QStringLiteral("audit")),
             qPrintable(F::text(tokens)));
    const QJsonObject acl = call(f, "access_acl", "{}");
    QVERIFY2(!isError(acl), qPrintable(F::text(acl)));
    QVERIFY2(itemValues(acl, "ugid").contains(QStringLiteral("root@pam!audit")),
             qPrintable(F::text(acl)));
    QVERIFY(itemValues(acl, "path").contains(QStringLiteral("/vms/100")));
}

inline void failedTaskReportsExitStatusAndLog()
{
    F f;
    QVERIFY(f.simulator.state().guest(100)->running);
    const auto r =
        f.call(QStringLiteral("qemu_start"), F::json(R"({"node":"pve1","vmid":100})"))->result();
    QVERIFY(isError(r));
    const QString text = F::text(r);
    QVERIFY2(text.contains(QLatin1String("already running")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Log tail")), qPrintable(text));
    const QJsonObject d = data(r);
    QVERIFY(!d.value(QLatin1String("log_tail")).toArray().isEmpty());
    // TaskWatcher counts the "no content" placeholder of an empty log page as a line, so it
    // asks for the rest from line 1 and never reads the task's only line, "TASK ERROR: …".
    QVERIFY2(text.contains(QLatin1String("TASK ERROR: VM 100 already running")), qPrintable(text));
    QVERIFY2(
        d.value(QLatin1String("exitstatus")).toString().contains(QLatin1String("already running")),
        qPrintable(text));
    QCOMPARE(d.value(QLatin1String("ok")).toBool(), false);
    QVERIFY(SimTasks::isValidUpid(d.value(QLatin1String("upid")).toString()));
}

inline void waitTimesOutOnSlowTask()
{
    F f;
    // Four guests of pve1 in one vzdump: 60 s of work, 3 s at the tests' time scale.
    const auto r =
        f.call(
             QStringLiteral("backup_create"),
             F::json(
                 R"({"node":"pve1","vmid":"100,101,102,103","storage":"nfs-backup","wait":true,"timeout_s":1})"))
            ->result();
    QVERIFY2(!isError(r), qPrintable(F::text(r)));
    const QJsonObject d = data(r);
    QCOMPARE(d.value(QLatin1String("timed_out")).toBool(), true);
    const QString upid = d.value(QLatin1String("upid")).toString();
    QVERIFY(SimTasks::isValidUpid(upid));
    QVERIFY2(F::text(r).contains(upid) && F::text(r).contains(QLatin1String("still running")),
             qPrintable(F::text(r)));
    const SimTask *task = f.simulator.tasks().find(upid);
    QVERIFY(task);
    QVERIFY(task->running);
}

inline void failsOverToSecondHost()
{
    F f;
    ProxmoxTarget target = f.target(PveSimulator::tokenName(), f.simulator.tokenSecret());
    // Nothing listens on 127.0.0.2 at the simulator's port: connection refused.
    target.hosts = {QStringLiteral("127.0.0.2"), QStringLiteral("127.0.0.1")};
    auto made = ProxmoxTargets::fromTargets({target});
    QVERIFY(made.ok());
    f.targets = std::move(made).value();
    ProxmoxClient *client = f.targets.client();
    QVERIFY(client);
    QSignalSpy failedOver(client, &ProxmoxClient::failedOver);
    const QJsonObject r = call(f, "node_list", "{}");
    QVERIFY2(!isError(r), qPrintable(F::text(r)));
    QCOMPARE(itemValues(r, "node").size(), 3);
    QCOMPARE(failedOver.count(), 1);
    QCOMPARE(failedOver.first().at(0).toString(), QStringLiteral("127.0.0.2"));
    QCOMPARE(failedOver.first().at(1).toString(), QStringLiteral("127.0.0.1"));
}

} // namespace pmcp::test::scenarios
