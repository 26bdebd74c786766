#include "server/tools/proxmox/ProxmoxTools.h"

#include "ProxmoxToolsFixture.h"
#include "ProxmoxToolsScenarios.h"
#include "server/mcp/JsonSchemaValidator.h"
#include "server/proxmox/Upid.h"

#include <QSet>
#include <QSignalSpy>

using namespace pmcp;
using namespace pmcp::test;

namespace {

// One happy-path call per tool: the tool, its arguments, a key its structuredContent must have,
// and optionally a call that prepares the state (its UPID replaces "$UPID" in the arguments).
struct Row {
    const char *name;
    const char *tool;
    const char *arguments;
    const char *key;
    const char *setupTool = nullptr;
    const char *setupArguments = nullptr;
};

const Row rows[] = {
    {"proxmox_targets", "proxmox_targets", "{}", "items"},
    {"proxmox_api GET", "proxmox_api", R"({"method":"GET","path":"/nodes/pve1/qemu/100/config"})",
     "data"},
    {"list_vms", "list_vms", "{}", "items"},
    {"vm_status string vmid", "vm_status", R"({"vmid":"100","node":"pve1"})", "status"},
    {"vm_status container", "vm_status", R"({"vmid":102,"node":"pve1"})", "status"},
    {"vm_action restart", "vm_action", R"({"vmid":"100","node":"pve1","action":"restart"})",
     "upid"},
    {"node_status one", "node_status", R"({"node":"pve1"})", "node"},
    {"node_status all", "node_status", "{}", "items"},
    {"node_list", "node_list", "{}", "items"},
    {"node_version", "node_version", R"({"node":"pve1"})", "version"},
    {"node_services", "node_services", R"({"node":"pve1"})", "items"},
    {"node_syslog", "node_syslog", R"({"node":"pve1","lines":5})", "items"},
    {"node_network", "node_network", R"({"node":"pve1"})", "items"},
    {"node_disks", "node_disks", R"({"node":"pve1"})", "items"},
    {"cluster_status", "cluster_status", "{}", "items"},
    {"cluster_resources", "cluster_resources",
     R"({"type":"qemu","fields":["vmid","name"],"limit":3})", "items"},
    {"cluster_nextid", "cluster_nextid", "{}", "vmid"},
    {"cluster_log", "cluster_log", R"({"max":10})", "items"},
    {"cluster_quorum", "cluster_quorum", "{}", "quorate"},
    {"cluster_ha_status", "cluster_ha_status", "{}", "items"},
    {"cluster_ha_resources", "cluster_ha_resources", "{}", "items"},
    {"qemu_list", "qemu_list", R"({"node":"pve1"})", "items"},
    {"qemu_status", "qemu_status", R"({"node":"pve1","vmid":100})", "status"},
    {"qemu_config", "qemu_config", R"({"node":"pve1","vmid":100})", "digest"},
    {"qemu_start", "qemu_start", R"({"node":"pve2","vmid":201})", "exitstatus"},
    {"qemu_stop", "qemu_stop", R"({"node":"pve1","vmid":100,"confirm":true})", "exitstatus"},
    {"qemu_shutdown", "qemu_shutdown", R"({"node":"pve1","vmid":100})", "exitstatus"},
    {"qemu_reboot", "qemu_reboot", R"({"node":"pve1","vmid":100})", "exitstatus"},
    {"qemu_suspend", "qemu_suspend", R"({"node":"pve1","vmid":100})", "exitstatus"},
    {"qemu_resume", "qemu_resume", R"({"node":"pve1","vmid":100})", "exitstatus", "qemu_suspend",
     R"({"node":"pve1","vmid":100})"},
    {"qemu_reset", "qemu_reset", R"({"node":"pve1","vmid":100,"confirm":true})", "exitstatus"},
    {"qemu_create", "qemu_create",
     R"({"node":"pve1","vmid":150,"name":"new-vm","memory":1024,"cores":1,"options":{"scsi0":"local-lvm:8","net0":"virtio,bridge=vmbr0"}})",
     "exitstatus"},
    {"qemu_clone", "qemu_clone",
     R"({"node":"pve1","vmid":9000,"newid":151,"name":"clone-1","full":true,"wait":true})",
     "exitstatus"},
    {"qemu_migrate", "qemu_migrate",
     R"({"node":"pve2","vmid":201,"target_node":"pve3","wait":true})", "exitstatus"},
    {"qemu_delete", "qemu_delete", R"({"node":"pve3","vmid":302,"confirm":true})", "exitstatus"},
    {"qemu_resize_disk", "qemu_resize_disk",
     R"({"node":"pve1","vmid":100,"disk":"scsi0","size":"+1G"})", "ok"},
    {"qemu_update_config", "qemu_update_config",
     R"({"node":"pve1","vmid":100,"options":{"memory":2048}})", "ok"},
    {"qemu_agent_ping", "qemu_agent_ping", R"({"node":"pve1","vmid":100})", "responding"},
    {"qemu_agent_network", "qemu_agent_network", R"({"node":"pve1","vmid":100})", "items"},
    {"qemu_agent_exec", "qemu_agent_exec",
     R"({"node":"pve1","vmid":100,"command":["uname","-a"],"confirm":true})", "exited"},
    {"lxc_list", "lxc_list", "{}", "items"},
    {"lxc_status", "lxc_status", R"({"node":"pve1","vmid":102})", "status"},
    {"lxc_config", "lxc_config", R"({"node":"pve1","vmid":102})", "digest"},
    {"lxc_start", "lxc_start", R"({"node":"pve1","vmid":103})", "exitstatus"},
    {"lxc_stop", "lxc_stop", R"({"node":"pve1","vmid":102,"confirm":true})", "exitstatus"},
    {"lxc_shutdown", "lxc_shutdown", R"({"node":"pve1","vmid":102})", "exitstatus"},
    {"lxc_reboot", "lxc_reboot", R"({"node":"pve1","vmid":102})", "exitstatus"},
    {"lxc_suspend", "lxc_suspend", R"({"node":"pve1","vmid":102})", "exitstatus"},
    {"lxc_resume", "lxc_resume", R"({"node":"pve1","vmid":102})", "exitstatus", "lxc_suspend",
     R"({"node":"pve1","vmid":102})"},
    {"lxc_create", "lxc_create",
     R"({"node":"pve1","vmid":160,"ostemplate":"local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst","hostname":"ct-new","options":{"rootfs":"local-lvm:8"}})",
     "exitstatus"},
    {"lxc_clone", "lxc_clone",
     R"({"node":"pve1","vmid":103,"newid":161,"hostname":"clone-ct","wait":true})", "exitstatus"},
    {"lxc_migrate", "lxc_migrate", R"({"node":"pve1","vmid":103,"target_node":"pve2","wait":true})",
     "exitstatus"},
    {"lxc_delete", "lxc_delete", R"({"node":"pve3","vmid":301,"confirm":true})", "exitstatus"},
    {"lxc_resize_disk", "lxc_resize_disk",
     R"({"node":"pve1","vmid":102,"disk":"rootfs","size":"+1G"})", "ok"},
    {"lxc_update_config", "lxc_update_config",
     R"({"node":"pve1","vmid":102,"options":{"memory":1024}})", "ok"},
    {"snapshot_list", "snapshot_list", R"({"node":"pve1","vmid":100})", "items"},
    {"snapshot_create", "snapshot_create",
     R"({"node":"pve1","vmid":100,"snapname":"test1","description":"e2e"})", "exitstatus"},
    {"snapshot_rollback", "snapshot_rollback",
     R"({"node":"pve1","vmid":100,"snapname":"pre-migration","confirm":true})", "exitstatus"},
    {"snapshot_delete", "snapshot_delete",
     R"({"node":"pve1","vmid":100,"snapname":"pre-migration","confirm":true})", "exitstatus"},
    {"backup_create", "backup_create",
     R"({"node":"pve1","vmid":"100","storage":"nfs-backup","wait":true})", "exitstatus"},
    {"backup_list", "backup_list", R"({"node":"pve1","storage":"nfs-backup"})", "items"},
    {"backup_restore", "backup_restore",
     R"({"node":"pve1","vmid":170,"type":"lxc","archive":"local:backup/vzdump-lxc-103-2026_11_20-18_30_12.tar.zst","confirm":true})",
     "exitstatus"},
    {"backup_delete", "backup_delete",
     R"({"node":"pve1","storage":"local","volume":"local:backup/vzdump-lxc-103-2026_11_20-18_30_12.tar.zst","confirm":true})",
     "ok"},
    {"backup_jobs", "backup_jobs", "{}", "items"},
    {"backup_job_run", "backup_job_run", R"({"id":"backup-5f3a9c1e-7d2b"})", "tasks"},
    {"storage_list cluster", "storage_list", "{}", "items"},
    {"storage_list node", "storage_list", R"({"node":"pve1","content":"iso"})", "items"},
    {"storage_status", "storage_status", R"({"node":"pve1","storage":"local"})", "type"},
    {"storage_content", "storage_content", R"({"node":"pve1","storage":"local","content":"iso"})",
     "items"},
    {"storage_download_url", "storage_download_url",
     R"({"node":"pve1","storage":"local","url":"https://example.com/x.iso","content":"iso","filename":"x.iso"})",
     "upid"},
    {"task_list", "task_list", "{}", "items"},
    {"task_status", "task_status", R"({"upid":"$UPID"})", "status", "qemu_start",
     R"({"node":"pve2","vmid":201,"wait":false})"},
    {"task_log", "task_log", R"({"upid":"$UPID"})", "items", "qemu_start",
     R"({"node":"pve2","vmid":201})"},
    {"task_wait", "task_wait", R"({"upid":"$UPID"})", "exitstatus", "qemu_start",
     R"({"node":"pve2","vmid":201,"wait":false})"},
    {"task_stop", "task_stop", R"({"upid":"$UPID","confirm":true})", "ok", "backup_create",
     R"({"node":"pve1","vmid":"100","storage":"nfs-backup"})"},
    {"access_permissions", "access_permissions", "{}", "permissions"},
    {"access_users", "access_users", "{}", "items"},
    {"access_tokens", "access_tokens", "{}", "items"},
    {"access_acl", "access_acl", "{}", "items"},
};

} // namespace

class TestProxmoxTools final : public QObject {
    Q_OBJECT

private slots:
    void everyToolHasARow();
    void everyToolIsWellFormed();
    void happyPath_data();
    void happyPath();
    void dryRunSendsNothing();
    void refusesWithoutConfirmation();
    void elicitation_data();
    void elicitation();
    void protectedGuestIsNeverDeleted();
    void detachingADiskNeedsConfirmation();
    void readOnlyClientSeesOnlyReadTools();
    void permissionErrorNamesPathAndPrivilege();
    void unknownGuestAndTarget_data();
    void unknownGuestAndTarget();
    void apiPassthroughChecksTheSchema();
    void pathArgumentsAreChecked();
    void nodeCannotLeaveItsSegment();
    void waitingSendsProgress();
    void auditLearnsTheTaskAndTarget();
    // What the tools did to the cluster (ProxmoxToolsScenarios.h).
    void qemuCloneCreatesGuest() { scenarios::qemuCloneCreatesGuest(); }
    void qemuMigrateMovesGuest() { scenarios::qemuMigrateMovesGuest(); }
    void snapshotRollbackRestoresConfig() { scenarios::snapshotRollbackRestoresConfig(); }
    void backupThenRestoreIntoNewGuest() { scenarios::backupThenRestoreIntoNewGuest(); }
    void downloadUrlAddsFile() { scenarios::downloadUrlAddsFile(); }
    void resizeDiskGrowsIt() { scenarios::resizeDiskGrowsIt(); }
    void guestAgent() { scenarios::guestAgent(); }
    void clusterHaAndAccess() { scenarios::clusterHaAndAccess(); }
    void failedTaskReportsExitStatusAndLog() { scenarios::failedTaskReportsExitStatusAndLog(); }
    void waitTimesOutOnSlowTask() { scenarios::waitTimesOutOnSlowTask(); }
    void failsOverToSecondHost() { scenarios::failsOverToSecondHost(); }
};

void TestProxmoxTools::everyToolHasARow()
{
    ProxmoxToolsFixture f;
    QSet<QString> covered;
    for (const Row &row : rows)
        covered.insert(QString::fromLatin1(row.tool));
    QStringList missing;
    for (const ToolDefinition *tool : f.server.tools().offered(false)) {
        if (!covered.contains(tool->name))
            missing.append(tool->name);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    QVERIFY2(f.server.tools().size() >= 60, qPrintable(QString::number(f.server.tools().size())));
}

void TestProxmoxTools::everyToolIsWellFormed()
{
    ProxmoxToolsFixture f;
    for (const ToolDefinition *tool : f.server.tools().offered(false)) {
        QVERIFY2(ToolRegistry::isValidName(tool->name), qPrintable(tool->name));
        QVERIFY2(!tool->title.isEmpty() && !tool->category.isEmpty(), qPrintable(tool->name));
        QCOMPARE(JsonSchemaValidator::checkSchema(tool->inputSchema), QString());
        QCOMPARE(JsonSchemaValidator::checkSchema(tool->outputSchema), QString());
        // Read-only tools never destroy; tools that take confirm are destructive.
        if (tool->annotations.readOnly)
            QVERIFY2(!tool->annotations.destructive, qPrintable(tool->name));
        const QJsonObject properties =
            tool->inputSchema.value(QLatin1String("properties")).toObject();
        if (properties.contains(QLatin1String("confirm")))
            QVERIFY2(tool->annotations.destructive, qPrintable(tool->name));
        // One confirmation model (docs/SAFETY.md): a destructive tool takes dry_run and confirm.
        if (tool->annotations.destructive)
            QVERIFY2(properties.contains(QLatin1String("confirm")) &&
                         properties.contains(QLatin1String("dry_run")),
                     qPrintable(tool->name));
        if (tool->name != QLatin1String("proxmox_targets"))
            QVERIFY2(properties.contains(QLatin1String("target")), qPrintable(tool->name));
    }
}

void TestProxmoxTools::happyPath_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QByteArray>("arguments");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("setupTool");
    QTest::addColumn<QByteArray>("setupArguments");
    for (const Row &row : rows)
        QTest::newRow(row.name) << QString::fromLatin1(row.tool) << QByteArray(row.arguments)
                                << QString::fromLatin1(row.key)
                                << QString::fromLatin1(row.setupTool)
                                << QByteArray(row.setupArguments);
}

void TestProxmoxTools::happyPath()
{
    QFETCH(QString, tool);
    QFETCH(QByteArray, arguments);
    QFETCH(QString, key);
    QFETCH(QString, setupTool);
    QFETCH(QByteArray, setupArguments);
    // The client can ask its user, and the user accepts: the core rules' guest destruction
    // (qemu_delete, lxc_delete) goes ahead only so (see TestCoreGate for the refusals).
    ProxmoxToolsFixture f({{QStringLiteral("elicitation"), QJsonObject{}}});
    QVERIFY(f.started);
    if (!setupTool.isEmpty()) {
        const auto setup = f.call(setupTool, ProxmoxToolsFixture::json(setupArguments.constData()));
        const QJsonObject result = setup->result();
        QVERIFY2(!result.value(QLatin1String("isError")).toBool(),
                 qPrintable(ProxmoxToolsFixture::text(result)));
        const QString upid = result.value(QLatin1String("structuredContent"))
                                 .toObject()
                                 .value(QLatin1String("upid"))
                                 .toString();
        arguments.replace("$UPID", upid.toUtf8());
    }
    const auto channel = f.call(tool, ProxmoxToolsFixture::json(arguments.constData()), false);
    f.acceptElicitations(channel);
    QVERIFY(channel->isFinished());
    const QJsonObject result = channel->result();
    QVERIFY2(!result.value(QLatin1String("isError")).toBool(),
             qPrintable(ProxmoxToolsFixture::text(result)));
    const QJsonObject data = result.value(QLatin1String("structuredContent")).toObject();
    const auto violations =
        JsonSchemaValidator(f.server.tools().find(tool)->outputSchema).validate(data);
    QVERIFY2(violations.isEmpty(), qPrintable(JsonSchemaValidator::describe(violations)));
    QVERIFY2(data.contains(key), qPrintable(ProxmoxToolsFixture::text(result)));
    if (data.contains(QLatin1String("ok")))
        QVERIFY2(data.value(QLatin1String("ok")).toBool(),
                 qPrintable(ProxmoxToolsFixture::text(result)));
    QVERIFY(!ProxmoxToolsFixture::text(result).isEmpty());
}

void TestProxmoxTools::dryRunSendsNothing()
{
    ProxmoxToolsFixture f;
    QSignalSpy served(&f.simulator, &PveSimulator::requestServed);
    const auto channel = f.call(
        QStringLiteral("qemu_delete"),
        ProxmoxToolsFixture::json(R"({"node":"pve3","vmid":302,"purge":true,"dry_run":true})"));
    const QJsonObject data = channel->result().value(QLatin1String("structuredContent")).toObject();
    QCOMPARE(data.value(QLatin1String("dry_run")).toBool(), true);
    const QJsonObject request = data.value(QLatin1String("request")).toObject();
    QCOMPARE(request.value(QLatin1String("method")).toString(), QStringLiteral("DELETE"));
    QCOMPARE(request.value(QLatin1String("path")).toString(),
             QStringLiteral("/nodes/pve3/qemu/302"));
    QCOMPARE(
        request.value(QLatin1String("params")).toObject().value(QLatin1String("purge")).toInt(), 1);
    const QJsonObject affects = data.value(QLatin1String("affects")).toObject();
    QCOMPARE(affects.value(QLatin1String("name")).toString(), QStringLiteral("test-vm"));
    QCOMPARE(affects.value(QLatin1String("status")).toString(), QStringLiteral("stopped"));
    QVERIFY(!affects.value(QLatin1String("disks")).toArray().isEmpty());
    for (const QList<QVariant> &call : served)
        QCOMPARE(call.at(0).toByteArray(), QByteArray("GET"));
    QVERIFY(f.simulator.state().guest(302));
}

void TestProxmoxTools::refusesWithoutConfirmation()
{
    ProxmoxToolsFixture f; // the client cannot elicit
    const auto channel = f.call(QStringLiteral("qemu_stop"),
                                ProxmoxToolsFixture::json(R"({"node":"pve1","vmid":100})"));
    QVERIFY(channel->result().value(QLatin1String("isError")).toBool());
    const QString text = ProxmoxToolsFixture::text(channel->result());
    QVERIFY2(text.contains(QLatin1String("confirm:true")) &&
                 text.contains(QLatin1String("dry_run")),
             qPrintable(text));
    QVERIFY(f.simulator.state().guest(100)->running);
}

void TestProxmoxTools::elicitation_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("stopped");
    QTest::newRow("accepted") << QByteArray(R"({"action":"accept","content":{"confirm":true}})")
                              << true;
    QTest::newRow("declined") << QByteArray(R"({"action":"decline"})") << false;
    QTest::newRow("cancelled") << QByteArray(R"({"action":"cancel"})") << false;
}

void TestProxmoxTools::elicitation()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, stopped);
    ProxmoxToolsFixture f({{QStringLiteral("elicitation"), QJsonObject{}}});
    const auto channel = f.call(QStringLiteral("qemu_stop"),
                                ProxmoxToolsFixture::json(R"({"node":"pve1","vmid":100})"), false);
    QTRY_VERIFY_WITH_TIMEOUT(
        !channel->sentWithMethod(QStringLiteral("elicitation/create")).isEmpty(), 10000);
    const QJsonObject request =
        channel->sentWithMethod(QStringLiteral("elicitation/create")).first();
    const QString message = request.value(QLatin1String("params"))
                                .toObject()
                                .value(QLatin1String("message"))
                                .toString();
    QVERIFY2(message.contains(QLatin1String("web-01")), qPrintable(message));
    QVERIFY(!channel->isFinished());
    f.server.handle(
        &f.session,
        JsonRpcMessage::classify(JsonRpc::result(request.value(QLatin1String("id")),
                                                 ProxmoxToolsFixture::json(answer.constData()))),
        {});
    QTRY_VERIFY_WITH_TIMEOUT(channel->isFinished(), 20000);
    QCOMPARE(channel->result().value(QLatin1String("isError")).toBool(), !stopped);
    if (!stopped)
        QVERIFY(ProxmoxToolsFixture::text(channel->result())
                    .startsWith(QLatin1String("Nothing was done")));
    QCOMPARE(f.simulator.state().guest(100)->running, !stopped);
}

void TestProxmoxTools::protectedGuestIsNeverDeleted()
{
    ProxmoxToolsFixture f;
    for (const char *arguments : {R"({"node":"pve1","vmid":101,"confirm":true})",
                                  R"({"node":"pve1","vmid":101,"dry_run":true})"}) {
        const auto channel =
            f.call(QStringLiteral("qemu_delete"), ProxmoxToolsFixture::json(arguments));
        QVERIFY(channel->result().value(QLatin1String("isError")).toBool());
        QVERIFY2(ProxmoxToolsFixture::text(channel->result()).contains(QLatin1String("protection")),
                 qPrintable(ProxmoxToolsFixture::text(channel->result())));
    }
    QVERIFY(f.simulator.state().guest(101));
}

void TestProxmoxTools::detachingADiskNeedsConfirmation()
{
    ProxmoxToolsFixture f;
    const auto channel =
        f.call(QStringLiteral("qemu_update_config"),
               ProxmoxToolsFixture::json(R"({"node":"pve1","vmid":100,"delete":"scsi0"})"));
    QVERIFY(channel->result().value(QLatin1String("isError")).toBool());
    QVERIFY(f.simulator.state().guest(100)->config.contains(QLatin1String("scsi0")));
}

void TestProxmoxTools::readOnlyClientSeesOnlyReadTools()
{
    ProxmoxToolsFixture f({}, true);
    const auto list = sendRequest(f.server, &f.session, 99, QStringLiteral("tools/list"));
    QTRY_VERIFY(list->isFinished());
    QStringList names;
    for (const QJsonValue &tool : list->result().value(QLatin1String("tools")).toArray()) {
        names.append(tool.toObject().value(QLatin1String("name")).toString());
        QVERIFY(tool.toObject()
                    .value(QLatin1String("annotations"))
                    .toObject()
                    .value(QLatin1String("readOnlyHint"))
                    .toBool());
    }
    QVERIFY(names.contains(QStringLiteral("list_vms")));
    QVERIFY(names.contains(QStringLiteral("task_wait")));
    QVERIFY(!names.contains(QStringLiteral("qemu_delete")));
    QVERIFY(!names.contains(QStringLiteral("proxmox_api")));
    const auto call =
        f.call(QStringLiteral("qemu_stop"),
               ProxmoxToolsFixture::json(R"({"node":"pve1","vmid":100,"confirm":true})"));
    QVERIFY(!call->error().isEmpty() || call->result().value(QLatin1String("isError")).toBool());
    QVERIFY(f.simulator.state().guest(100)->running);
}

void TestProxmoxTools::permissionErrorNamesPathAndPrivilege()
{
    ProxmoxToolsFixture f;
    const QString secret = f.simulator.state().createRestrictedToken(
        PveSimulator::tokenUser(), QStringLiteral("audit"),
        {{QStringLiteral("/vms/100"), {QStringLiteral("VM.Audit")}}});
    auto made = ProxmoxTargets::fromTargets({f.target(QStringLiteral("audit"), secret)});
    QVERIFY(made.ok());
    f.targets = std::move(made).value();
    const auto channel = f.call(QStringLiteral("qemu_start"),
                                ProxmoxToolsFixture::json(R"({"node":"pve2","vmid":201})"));
    QVERIFY(channel->result().value(QLatin1String("isError")).toBool());
    const QString text = ProxmoxToolsFixture::text(channel->result());
    for (const char *part :
         {"403", "/vms/201", "VM.PowerMgmt", "POST /nodes/pve2/qemu/201/status/start"})
        QVERIFY2(text.contains(QLatin1String(part)), qPrintable(text));
}

void TestProxmoxTools::unknownGuestAndTarget_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QByteArray>("arguments");
    QTest::addColumn<QString>("says");
    QTest::newRow("unknown vmid") << QStringLiteral("qemu_status")
                                  << QByteArray(R"({"node":"pve1","vmid":999})")
                                  << QStringLiteral("999");
    QTest::newRow("unknown vmid, destructive")
        << QStringLiteral("qemu_delete")
        << QByteArray(R"({"node":"pve1","vmid":999,"confirm":true})")
        << QStringLiteral("Nothing was done");
    QTest::newRow("legacy unknown vmid")
        << QStringLiteral("vm_status") << QByteArray(R"({"node":"pve1","vmid":"999"})")
        << QStringLiteral("999");
    QTest::newRow("unknown target")
        << QStringLiteral("node_list") << QByteArray(R"({"target":"nowhere"})")
        << QStringLiteral("nowhere");
}

void TestProxmoxTools::unknownGuestAndTarget()
{
    QFETCH(QString, tool);
    QFETCH(QByteArray, arguments);
    QFETCH(QString, says);
    ProxmoxToolsFixture f;
    const auto channel = f.call(tool, ProxmoxToolsFixture::json(arguments.constData()));
    QVERIFY(channel->result().value(QLatin1String("isError")).toBool());
    QVERIFY2(ProxmoxToolsFixture::text(channel->result()).contains(says),
             qPrintable(ProxmoxToolsFixture::text(channel->result())));
}

void TestProxmoxTools::apiPassthroughChecksTheSchema()
{
    ProxmoxToolsFixture f;
    QSignalSpy served(&f.simulator, &PveSimulator::requestServed);
    const auto unknown = f.call(
        QStringLiteral("proxmox_api"),
        ProxmoxToolsFixture::json(R"({"method":"GET","path":"/nodes/pve1/qemu/100/stauts"})"));
    QVERIFY(unknown->result().value(QLatin1String("isError")).toBool());
    QVERIFY2(ProxmoxToolsFixture::text(unknown->result())
                 .contains(QLatin1String("/nodes/{node}/qemu/{vmid}/status")),
             qPrintable(ProxmoxToolsFixture::text(unknown->result())));
    const auto badParam = f.call(
        QStringLiteral("proxmox_api"),
        ProxmoxToolsFixture::json(
            R"({"method":"POST","path":"/nodes/pve1/qemu/100/status/start","data":{"bogus":1}})"));
    QVERIFY(badParam->result().value(QLatin1String("isError")).toBool());
    QVERIFY2(ProxmoxToolsFixture::text(badParam->result()).contains(QLatin1String("bogus")),
             qPrintable(ProxmoxToolsFixture::text(badParam->result())));
    QCOMPARE(served.count(), 0);
    const auto guarded =
        f.call(QStringLiteral("proxmox_api"),
               ProxmoxToolsFixture::json(R"({"method":"DELETE","path":"/nodes/pve1/qemu/101"})"));
    QVERIFY(guarded->result().value(QLatin1String("isError")).toBool());
    QVERIFY(f.simulator.state().guest(101));
}

// Every tool, every argument its schema declares, given a value that would leave its URL path
// segment: whatever the tool does with it, no request path the simulator sees carries it
// (completeness: a new tool with an unchecked path argument fails here).
void TestProxmoxTools::pathArgumentsAreChecked()
{
    ProxmoxToolsFixture f;
    QSignalSpy served(&f.simulator, &PveSimulator::requestServed);
    const QString marker = QStringLiteral("zz-escaped");
    const QStringList evils{QStringLiteral("../../") + marker, QStringLiteral("pve1/../") + marker,
                            QStringLiteral("..%2F") + marker, marker + QStringLiteral("?x=1")};
    int calls = 0;
    QSet<QString> toolsSeen;
    for (const Row &row : rows) {
        const QString tool = QString::fromLatin1(row.tool);
        const QJsonObject base = ProxmoxToolsFixture::json(row.arguments);
        const QJsonObject properties =
            f.server.tools().find(tool)->inputSchema.value(QLatin1String("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            const QString type = it.value().toObject().value(QLatin1String("type")).toString();
            if (it.key() == QLatin1String("target") ||
                (type != QLatin1String("string") && type != QLatin1String("integer") &&
                 !it.value().toObject().contains(QLatin1String("oneOf")) &&
                 !it.value().toObject().contains(QLatin1String("anyOf")) && !type.isEmpty()))
                continue;
            for (const QString &evil : evils) {
                QJsonObject arguments = base;
                arguments.insert(it.key(), evil);
                served.clear();
                f.call(tool, arguments);
                ++calls;
                toolsSeen.insert(tool);
                for (const QList<QVariant> &request : served) {
                    const QString path = request.at(1).toString();
                    QVERIFY2(
                        !path.contains(marker, Qt::CaseInsensitive) &&
                            !path.contains(QLatin1String("zz%2D"), Qt::CaseInsensitive),
                        qPrintable(tool + u' ' + it.key() + QStringLiteral(" reached ") + path));
                }
            }
        }
    }
    QVERIFY2(calls > 300, qPrintable(QString::number(calls)));
    QVERIFY2(toolsSeen.size() > 60, qPrintable(QString::number(toolsSeen.size())));
}

// The example of issue 15: refused with a sentence before anything is sent.
void TestProxmoxTools::nodeCannotLeaveItsSegment()
{
    ProxmoxToolsFixture f;
    QSignalSpy served(&f.simulator, &PveSimulator::requestServed);
    for (const char *tool : {"qemu_status", "node_version", "qemu_delete", "storage_content",
                             "vm_action", "node_status", "snapshot_list"}) {
        QJsonObject arguments = ProxmoxToolsFixture::json(
            R"({"node":"../../access/users","vmid":100,"storage":"local","action":"start","confirm":true})");
        const ToolDefinition *definition = f.server.tools().find(QString::fromLatin1(tool));
        QVERIFY(definition);
        const QJsonObject properties =
            definition->inputSchema.value(QLatin1String("properties")).toObject();
        for (const QString &key : arguments.keys()) {
            if (!properties.contains(key))
                arguments.remove(key);
        }
        if (QByteArray(tool) == "vm_action")
            arguments.insert(QStringLiteral("vmid"), QStringLiteral("100"));
        const auto channel = f.call(QString::fromLatin1(tool), arguments);
        QVERIFY(channel->result().value(QLatin1String("isError")).toBool());
        const QString text = ProxmoxToolsFixture::text(channel->result());
        QVERIFY2(text.contains(QLatin1String("Argument node is \"../../access/users\"")) &&
                     text.contains(QLatin1String("nothing was sent")),
                 qPrintable(text));
    }
    // vm_action looks the guest's type up first (a GET of /cluster/resources): nothing else.
    for (const QList<QVariant> &request : served)
        QCOMPARE(request.at(1).toString(), QStringLiteral("/cluster/resources"));
    // proxmox_api: the same path spelled out is refused by the path check.
    served.clear();
    const auto api =
        f.call(QStringLiteral("proxmox_api"),
               ProxmoxToolsFixture::json(R"({"method":"GET","path":"/nodes/../../access/users"})"));
    QVERIFY(api->result().value(QLatin1String("isError")).toBool());
    QVERIFY2(ProxmoxToolsFixture::text(api->result()).contains(QLatin1String("\"..\" segment")),
             qPrintable(ProxmoxToolsFixture::text(api->result())));
    QCOMPARE(served.count(), 0);
}

void TestProxmoxTools::waitingSendsProgress()
{
    ProxmoxToolsFixture f;
    const auto channel =
        f.call(QStringLiteral("backup_create"),
               ProxmoxToolsFixture::json(
                   R"({"node":"pve1","vmid":"100","storage":"nfs-backup","wait":true})"),
               true, QStringLiteral("progress-1"));
    QVERIFY2(!channel->result().value(QLatin1String("isError")).toBool(),
             qPrintable(ProxmoxToolsFixture::text(channel->result())));
    const auto progress = channel->sentWithMethod(QStringLiteral("notifications/progress"));
    QVERIFY(!progress.isEmpty());
    const QJsonObject params = progress.first().value(QLatin1String("params")).toObject();
    QCOMPARE(params.value(QLatin1String("progressToken")).toString(), QStringLiteral("progress-1"));
    QVERIFY(!params.value(QLatin1String("message")).toString().isEmpty());
}

// A task-starting tool tells the audit its UPID (ProxmoxToolKit::finishAction) and every
// Proxmox tool what it acted on; the agent's exec too.
void TestProxmoxTools::auditLearnsTheTaskAndTarget()
{
    ProxmoxToolsFixture f;
    QList<McpServer::ToolCallRecord> records;
    f.server.setToolAuditor([&records](const McpServer::ToolCallRecord &r) { records.append(r); });
    const QJsonObject started =
        f.call(QStringLiteral("qemu_start"),
               ProxmoxToolsFixture::json(R"({"node":"pve1","vmid":100,"wait":false})"))
            ->result();
    const QString upid = started.value(QLatin1String("structuredContent"))
                             .toObject()
                             .value(QLatin1String("upid"))
                             .toString();
    QVERIFY(Upid::isValid(upid));
    f.call(QStringLiteral("qemu_agent_exec"),
           ProxmoxToolsFixture::json(
               R"({"node":"pve1","vmid":100,"command":["uname"],"confirm":true})"));
    f.call(QStringLiteral("list_vms"), {});

    QCOMPARE(records.size(), 3);
    const QString system = f.targets.names().value(0);
    QVERIFY(!system.isEmpty());
    QCOMPARE(records[0].facts.upid(), upid);
    QCOMPARE(records[0].facts.target(),
             (AuditTarget{system, QStringLiteral("pve1"), QStringLiteral("qemu/100")}));
    QVERIFY(records[1].facts.upid().isEmpty());
    QCOMPARE(records[1].facts.target(),
             (AuditTarget{system, QStringLiteral("pve1"), QStringLiteral("qemu/100")}));
    QCOMPARE(records[2].facts.target().system, system);
    QVERIFY(records[2].facts.target().guest.isEmpty());
    QVERIFY(records[2].facts.upid().isEmpty());
}

QTEST_GUILESS_MAIN(TestProxmoxTools)
#include "TestProxmoxTools.moc"
