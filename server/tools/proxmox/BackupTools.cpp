#include "server/tools/proxmox/BackupTools.h"

#include "server/mcp/ToolCall.h"
#include "server/tools/proxmox/GuestFacts.h"
#include "server/tools/proxmox/ListShaper.h"
#include "server/tools/proxmox/ProxmoxToolKit.h"
#include "server/tools/proxmox/TextTable.h"

#include <QJsonArray>

namespace pmcp {

namespace {

const QString kCategory = QStringLiteral("backups");

ApiToolSpec backupCreate()
{
    ApiToolSpec spec = ApiToolSpec::change(
        QStringLiteral("backup_create"), QStringLiteral("Back up now"), kCategory, "POST",
        QStringLiteral("/nodes/{node}/vzdump"),
        QStringLiteral("Back up one or more guests on a node now (vzdump) to a backup storage. "
                       "Returns the UPID at once by default (backups take minutes); follow it "
                       "with task_wait."),
        false, false);
    spec.input.node()
        .string(QStringLiteral("vmid"), QStringLiteral("Guest id(s), e.g. \"100\" or \"100,101\"."),
                true)
        .string(QStringLiteral("storage"), QStringLiteral("Backup storage (see storage_list)."))
        .choice(QStringLiteral("mode"),
                {QStringLiteral("snapshot"), QStringLiteral("suspend"), QStringLiteral("stop")},
                QStringLiteral("snapshot keeps the guest running (default)."))
        .choice(QStringLiteral("compress"),
                {QStringLiteral("0"), QStringLiteral("gzip"), QStringLiteral("lzo"),
                 QStringLiteral("zstd")},
                QStringLiteral("Compression."))
        .string(QStringLiteral("notes-template"),
                QStringLiteral("Notes, e.g. {{guestname}} before upgrade."))
        .wait(false);
    spec.waitByDefault = false;
    return spec;
}

ApiToolSpec backupList()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("backup_list"), QStringLiteral("List backups"), kCategory,
        QStringLiteral("/nodes/{node}/storage/{storage}/content"),
        QStringLiteral("List the backup files on a storage (volid, guest, size, time, notes); "
                       "pass vmid for one guest's backups. volid is what backup_restore and "
                       "backup_delete take."));
    spec.input.node()
        .string(QStringLiteral("storage"), QStringLiteral("Backup storage."), true)
        .vmid(false);
    spec.output = ApiToolSpec::Output::List;
    spec.input.listControls({});
    spec.columns = {QStringLiteral("volid"), QStringLiteral("vmid"),   QStringLiteral("size"),
                    QStringLiteral("ctime"), QStringLiteral("format"), QStringLiteral("notes")};
    spec.adjustParams = [](QJsonObject &params, const QJsonObject &) {
        params.insert(QStringLiteral("content"), QStringLiteral("backup"));
    };
    return spec;
}

// A restore over an existing guest affects that guest; a new id affects nothing yet.
void describeRestore(ProxmoxClient *client, const QJsonObject &arguments,
                     std::function<void(Result<QJsonObject>)> done)
{
    const QString type = arguments.value(QLatin1String("type")).toString(QStringLiteral("qemu"));
    const QString node = arguments.value(QLatin1String("node")).toString();
    const qint64 vmid = arguments.value(QLatin1String("vmid")).toInteger();
    const QString archive = arguments.value(QLatin1String("archive")).toString();
    GuestFacts::fetch(client, node, type, vmid, [done, vmid, archive](Result<QJsonObject> facts) {
        QJsonObject affects = facts.ok() ? facts.value()
                                         : QJsonObject{{QStringLiteral("vmid"), vmid},
                                                       {QStringLiteral("exists"), false}};
        if (facts.ok())
            affects.insert(QStringLiteral("exists"), true);
        affects.insert(QStringLiteral("archive"), archive);
        done(affects);
    });
}

ApiToolSpec backupRestore()
{
    ApiToolSpec spec = ApiToolSpec::change(
        QStringLiteral("backup_restore"), QStringLiteral("Restore backup"), kCategory, "POST",
        QStringLiteral("/nodes/{node}/{type}"),
        QStringLiteral("Restore a backup (volid from backup_list) as guest vmid. force "
                       "overwrites an existing guest with that id (its disks are lost). Run with "
                       "dry_run first; needs confirmation. Protected guests are refused."),
        true, false);
    spec.input.node()
        .vmid()
        .guestType()
        .string(QStringLiteral("archive"), QStringLiteral("Backup volid."), true)
        .string(QStringLiteral("storage"), QStringLiteral("Storage for the restored disks."))
        .boolean(QStringLiteral("force"), QStringLiteral("Overwrite an existing guest."))
        .boolean(QStringLiteral("unique"), QStringLiteral("Give the copy new MAC addresses."))
        .boolean(QStringLiteral("start"), QStringLiteral("Start the guest afterwards."))
        .wait(true)
        .confirmation();
    spec.prepare = [](QJsonObject arguments, ProxmoxClient *) {
        if (!arguments.contains(QLatin1String("type")))
            arguments.insert(QStringLiteral("type"), QStringLiteral("qemu"));
        return arguments;
    };
    spec.adjustParams = [](QJsonObject &params, const QJsonObject &arguments) {
        if (arguments.value(QLatin1String("type")).toString() != QLatin1String("lxc"))
            return;
        params.insert(QStringLiteral("ostemplate"), params.take(QStringLiteral("archive")));
        params.insert(QStringLiteral("restore"), 1);
        params.remove(QStringLiteral("unique"));
    };
    spec.confirm = true;
    spec.refuseProtected = true;
    spec.describe = describeRestore;
    return spec;
}

// Reads the backup's entry from the storage's content list (size, guest, time, notes).
void describeVolume(ProxmoxClient *client, const QJsonObject &arguments,
                    std::function<void(Result<QJsonObject>)> done)
{
    const QString volume = arguments.value(QLatin1String("volume")).toString();
    const Result<QString> path = ProxmoxToolKit::expandPath(
        QStringLiteral("/nodes/{node}/storage/{storage}/content"), arguments);
    client->get(
        path.ok() ? path.value() : QString(),
        {{QStringLiteral("content"), QStringLiteral("backup")}},
        [done, volume](const ProxmoxResult &result) {
            if (const auto *error = std::get_if<ProxmoxError>(&result)) {
                done(Error{ErrorCode::NotFound, error->describe()});
                return;
            }
            for (const QJsonValue &row : std::get<ProxmoxReply>(result).data.toArray()) {
                if (row.toObject().value(QLatin1String("volid")).toString() == volume) {
                    done(row.toObject());
                    return;
                }
            }
            done(Error{
                ErrorCode::NotFound,
                QStringLiteral("no backup %1 on that storage (see backup_list)").arg(volume)});
        });
}

ApiToolSpec backupDelete()
{
    ApiToolSpec spec = ApiToolSpec::change(
        QStringLiteral("backup_delete"), QStringLiteral("Delete backup"), kCategory, "DELETE",
        QStringLiteral("/nodes/{node}/storage/{storage}/content/{volume}"),
        QStringLiteral("Delete a backup file (volid from backup_list) for good. Run with dry_run "
                       "first; needs confirmation."),
        true, true);
    spec.input.node()
        .string(QStringLiteral("storage"), QStringLiteral("Storage holding the backup."), true)
        .string(QStringLiteral("volume"), QStringLiteral("Backup volid."), true)
        .wait(true)
        .confirmation();
    spec.confirm = true;
    spec.describe = describeVolume;
    return spec;
}

ApiToolSpec backupJobs()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("backup_jobs"), QStringLiteral("List backup jobs"), kCategory,
        QStringLiteral("/cluster/backup"),
        QStringLiteral("List the scheduled backup jobs: id, schedule, guests, storage, mode, "
                       "enabled, next run. backup_job_run runs one now."));
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("storage"), QStringLiteral("node")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("id"),      QStringLiteral("schedule"), QStringLiteral("vmid"),
                    QStringLiteral("all"),     QStringLiteral("storage"),  QStringLiteral("mode"),
                    QStringLiteral("enabled"), QStringLiteral("next-run")};
    return spec;
}

// The guests of a job by the node they live on (a job names guests on several nodes; vzdump
// on one node backs up only that node's guests). Empty node: any node.
QMap<QString, QStringList> guestsByNode(const QJsonObject &job, const QJsonArray &resources,
                                        const QString &onlyNode)
{
    const bool all = job.value(QLatin1String("all")).toVariant().toInt() == 1;
    const QStringList wanted =
        job.value(QLatin1String("vmid")).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    QMap<QString, QStringList> byNode;
    for (const QJsonValue &value : resources) {
        const QJsonObject row = value.toObject();
        const QString node = row.value(QLatin1String("node")).toString();
        const QString vmid = ListShaper::text(row.value(QLatin1String("vmid")));
        if ((!onlyNode.isEmpty() && node != onlyNode) || (!all && !wanted.contains(vmid)))
            continue;
        byNode[node].append(vmid);
    }
    return byNode;
}

// Starts vzdump on each node in turn; finishes with every UPID.
void runOnNodes(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client,
                const QJsonObject &params, QMap<QString, QStringList> byNode, QJsonArray started)
{
    if (byNode.isEmpty()) {
        const QString first = started.isEmpty() ? QString() : started.first().toString();
        call->facts().setUpid(first);
        const QString text = QStringLiteral("Started %1 backup task(s): %2")
                                 .arg(started.size())
                                 .arg(TextTable::cell(started));
        call->finish(ToolResult::structured({{QStringLiteral("ok"), !started.isEmpty()},
                                             {QStringLiteral("status"), QStringLiteral("running")},
                                             {QStringLiteral("upid"), first},
                                             {QStringLiteral("tasks"), started},
                                             {QStringLiteral("message"), text}},
                                            text));
        return;
    }
    const QString node = byNode.firstKey();
    const Result<QString> path = ProxmoxToolKit::expandPath(QStringLiteral("/nodes/{node}/vzdump"),
                                                            {{QStringLiteral("node"), node}});
    if (!path.ok()) {
        call->finish(ToolResult::error(path.error().message));
        return;
    }
    ProxmoxRequest run;
    run.method = "POST";
    run.path = path.value();
    run.params = params;
    run.params.remove(QStringLiteral("all"));
    run.params.insert(QStringLiteral("vmid"), byNode.take(node).join(QLatin1Char(',')));
    ProxmoxToolKit::send(call, client, run, [=](const ProxmoxReply &reply) mutable {
        started.append(reply.data);
        runOnNodes(call, client, params, byNode, started);
    });
}

ToolDefinition backupJobRun(const std::shared_ptr<ProxmoxToolKit> &kit)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("backup_job_run");
    tool.title = QStringLiteral("Run backup job now");
    tool.description = QStringLiteral(
        "Run a scheduled backup job (id from backup_jobs) now with the job's settings, as the "
        "GUI's Run now does: one vzdump task per node that holds the job's guests (or only on "
        "node). Returns the UPIDs at once; follow them with task_wait.");
    tool.category = kCategory;
    tool.inputSchema = ToolSchema()
                           .target()
                           .string(QStringLiteral("id"), QStringLiteral("Backup job id."), true)
                           .node(false)
                           .build();
    tool.outputSchema = ToolSchema::actionOutput();
    tool.annotations = {
        .readOnly = false, .destructive = false, .idempotent = false, .openWorld = false};
    tool.handler = [kit](const std::shared_ptr<ToolCall> &call) {
        ProxmoxClient *client = kit->clientFor(call);
        if (!client)
            return;
        ProxmoxRequest jobs;
        jobs.path = QStringLiteral("/cluster/backup");
        ProxmoxToolKit::send(call, client, jobs, [call, client](const ProxmoxReply &reply) {
            const QString id = call->arguments().value(QLatin1String("id")).toString();
            QJsonObject job;
            for (const QJsonValue &row : reply.data.toArray()) {
                if (row.toObject().value(QLatin1String("id")).toString() == id)
                    job = row.toObject();
            }
            if (job.isEmpty()) {
                call->finish(ToolResult::error(
                    QStringLiteral("No backup job %1 (see backup_jobs).").arg(id)));
                return;
            }
            ProxmoxRequest guests;
            guests.path = QStringLiteral("/cluster/resources");
            guests.params = {{QStringLiteral("type"), QStringLiteral("vm")}};
            ProxmoxToolKit::send(
                call, client, guests, [call, client, job](const ProxmoxReply &vms) {
                    const QString node = call->arguments()
                                             .value(QLatin1String("node"))
                                             .toString(job.value(QLatin1String("node")).toString());
                    const auto byNode = guestsByNode(job, vms.data.toArray(), node);
                    if (byNode.isEmpty()) {
                        call->finish(ToolResult::error(
                            QStringLiteral("The job names no guest%1; nothing was started.")
                                .arg(node.isEmpty() ? QString() : QStringLiteral(" on ") + node)));
                        return;
                    }
                    runOnNodes(call, client, BackupTools::vzdumpParamsOfJob(job), byNode, {});
                });
        });
    };
    return tool;
}

} // namespace

QJsonObject BackupTools::vzdumpParamsOfJob(const QJsonObject &job)
{
    static const QStringList notForVzdump{
        QStringLiteral("id"),        QStringLiteral("type"),
        QStringLiteral("enabled"),   QStringLiteral("schedule"),
        QStringLiteral("starttime"), QStringLiteral("dow"),
        QStringLiteral("comment"),   QStringLiteral("next-run"),
        QStringLiteral("node"),      QStringLiteral("repeat-missed"),
        QStringLiteral("digest")};
    QJsonObject params;
    for (auto it = job.begin(); it != job.end(); ++it) {
        if (!notForVzdump.contains(it.key()))
            params.insert(it.key(), it.value());
    }
    return ProxmoxToolKit::wireParams(params);
}

void BackupTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit)
{
    for (ApiToolSpec spec :
         {backupCreate(), backupList(), backupRestore(), backupDelete(), backupJobs()})
        kit->add(registry, std::move(spec));
    ProxmoxToolKit::add(registry, backupJobRun(kit));
}

} // namespace pmcp
