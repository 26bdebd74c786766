#include "server/tools/proxmox/GuestProvisionTools.h"

#include "server/tools/proxmox/GuestFacts.h"
#include "server/tools/proxmox/GuestTools.h"
#include "server/tools/proxmox/ProxmoxToolKit.h"

namespace pmcp {

namespace {

const QString kOptionsArg = QStringLiteral("options");

// Proxmox calls the destination node "target", which is our name for the cluster.
void renameTargetNode(QJsonObject &params, const QJsonObject &arguments)
{
    params.remove(QStringLiteral("target_node"));
    if (arguments.contains(QLatin1String("target_node")))
        params.insert(QStringLiteral("target"), arguments.value(QLatin1String("target_node")));
}

ApiToolSpec create(const QString &type)
{
    const bool qemu = type == QLatin1String("qemu");
    ApiToolSpec spec = ApiToolSpec::change(
        type + QStringLiteral("_create"), QStringLiteral("Create %1").arg(GuestTools::noun(type)),
        type, "POST", QStringLiteral("/nodes/{node}/%1").arg(type),
        qemu ? QStringLiteral("Create a VM (vmid: cluster_nextid); disks and network go in "
                              "options (scsi0: local-lvm:32). Returns the task's UPID.")
             : QStringLiteral("Create a container from a template (vmid: cluster_nextid); rootfs "
                              "and network go in options. Returns the task's UPID."),
        false, false);
    spec.input.node().vmid();
    if (qemu) {
        spec.input.string(QStringLiteral("name"), QStringLiteral("Name (a DNS name)."))
            .string(QStringLiteral("ostype"), QStringLiteral("Guest OS, e.g. l26, win11."));
    } else {
        spec.input
            .string(QStringLiteral("ostemplate"),
                    QStringLiteral("Template volid (storage_content lists them)."), true)
            .string(QStringLiteral("hostname"), QStringLiteral("Host name."));
    }
    spec.input.integer(QStringLiteral("memory"), QStringLiteral("Memory in MiB."), false, 16)
        .integer(QStringLiteral("cores"), QStringLiteral("CPU cores."), false, 1)
        .object(kOptionsArg, QStringLiteral("Further Proxmox config keys and values."))
        .wait(true);
    spec.spreadArg = kOptionsArg;
    return spec;
}

ApiToolSpec clone(const QString &type)
{
    const bool qemu = type == QLatin1String("qemu");
    ApiToolSpec spec = ApiToolSpec::change(
        type + QStringLiteral("_clone"), QStringLiteral("Clone %1").arg(GuestTools::noun(type)),
        type, "POST", QStringLiteral("/nodes/{node}/%1/{vmid}/clone").arg(type),
        QStringLiteral("Copy a %1 or template to a new id (newid: cluster_nextid). Returns the "
                       "task's UPID at once (see task_wait).")
            .arg(GuestTools::noun(type)),
        false, false);
    spec.input.node().vmid().integer(QStringLiteral("newid"), QStringLiteral("The copy's id."),
                                     true);
    spec.input
        .string(qemu ? QStringLiteral("name") : QStringLiteral("hostname"),
                QStringLiteral("The copy's name."))
        .boolean(QStringLiteral("full"), QStringLiteral("Full copy, not a linked clone."))
        .string(QStringLiteral("storage"), QStringLiteral("Storage for a full clone's disks."))
        .string(QStringLiteral("target_node"), QStringLiteral("Node to create the copy on."))
        .string(QStringLiteral("description"), QStringLiteral("Description of the copy."))
        .wait(false);
    spec.waitByDefault = false;
    spec.adjustParams = renameTargetNode;
    return spec;
}

ApiToolSpec migrate(const QString &type)
{
    const bool qemu = type == QLatin1String("qemu");
    ApiToolSpec spec = ApiToolSpec::change(
        type + QStringLiteral("_migrate"), QStringLiteral("Migrate %1").arg(GuestTools::noun(type)),
        type, "POST", QStringLiteral("/nodes/{node}/%1/{vmid}/migrate").arg(type),
        QStringLiteral("Move a %1 to another node. Returns the task's UPID at once (see "
                       "task_wait).")
            .arg(GuestTools::noun(type)),
        false, false);
    spec.input.node().vmid().string(QStringLiteral("target_node"),
                                    QStringLiteral("Destination node."), true);
    if (qemu) {
        spec.input.boolean(QStringLiteral("online"), QStringLiteral("Live-migrate a running VM."))
            .boolean(QStringLiteral("with_local_disks"),
                     QStringLiteral("Also move disks on local storage."));
        spec.wireNames = {{QStringLiteral("with_local_disks"), QStringLiteral("with-local-disks")}};
    } else {
        spec.input.boolean(QStringLiteral("restart"),
                           QStringLiteral("Restart-migrate a running container."));
    }
    spec.input.wait(false);
    spec.waitByDefault = false;
    spec.adjustParams = renameTargetNode;
    return spec;
}

ApiToolSpec remove(const QString &type)
{
    ApiToolSpec spec = ApiToolSpec::change(
        type + QStringLiteral("_delete"), QStringLiteral("Delete %1").arg(GuestTools::noun(type)),
        type, "DELETE", QStringLiteral("/nodes/{node}/%1/{vmid}").arg(type),
        QStringLiteral("Destroy a stopped %1 and its disks for good. Needs confirmation; "
                       "protected guests are refused.")
            .arg(GuestTools::noun(type)),
        true, false);
    spec.input.node()
        .vmid()
        .boolean(QStringLiteral("purge"),
                 QStringLiteral("Also drop it from backup jobs, replication, HA."))
        .boolean(QStringLiteral("destroy_unreferenced_disks"),
                 QStringLiteral("Also destroy its unreferenced disks."))
        .wait(true)
        .confirmation();
    spec.wireNames = {{QStringLiteral("destroy_unreferenced_disks"),
                       QStringLiteral("destroy-unreferenced-disks")}};
    spec.confirm = true;
    spec.refuseProtected = true;
    return spec;
}

ApiToolSpec resizeDisk(const QString &type)
{
    ApiToolSpec spec = ApiToolSpec::change(
        type + QStringLiteral("_resize_disk"),
        QStringLiteral("Grow %1 disk").arg(GuestTools::noun(type)), type, "PUT",
        QStringLiteral("/nodes/{node}/%1/{vmid}/resize").arg(type),
        QStringLiteral("Grow a disk of a %1 (never shrinks); the file system inside is grown "
                       "separately.")
            .arg(GuestTools::noun(type)),
        false, false);
    spec.input.node()
        .vmid()
        .string(QStringLiteral("disk"),
                type == QLatin1String("qemu") ? QStringLiteral("Disk key, e.g. scsi0.")
                                              : QStringLiteral("rootfs or mp0, mp1, ..."),
                true)
        .property(
            QStringLiteral("size"),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                        {QStringLiteral("pattern"), QStringLiteral("^\\+?\\d+(\\.\\d+)?[KMGT]?$")},
                        {QStringLiteral("description"), QStringLiteral("+10G or 50G.")}},
            true)
        .wait(true);
    return spec;
}

ApiToolSpec updateConfig(const QString &type)
{
    ApiToolSpec spec = ApiToolSpec::change(
        type + QStringLiteral("_update_config"),
        QStringLiteral("Change %1 configuration").arg(GuestTools::noun(type)), type, "PUT",
        QStringLiteral("/nodes/{node}/%1/{vmid}/config").arg(type),
        QStringLiteral("Set (options) or remove (delete) configuration keys of a %1; removing "
                       "a disk needs confirmation.")
            .arg(GuestTools::noun(type)),
        true, true);
    spec.input.node()
        .vmid()
        .object(kOptionsArg, QStringLiteral("Config keys to set, e.g. {\"memory\": 4096}."))
        .string(QStringLiteral("delete"), QStringLiteral("Comma-separated keys to remove."))
        .string(QStringLiteral("digest"),
                QStringLiteral("From %1_config: refuses concurrent edits.").arg(type))
        .confirmation();
    spec.spreadArg = kOptionsArg;
    spec.confirmWhen = [type](const QJsonObject &arguments) {
        const QString deleted =
            arguments.value(QLatin1String("delete")).toString() + QLatin1Char(',') +
            arguments.value(kOptionsArg).toObject().value(QLatin1String("delete")).toString();
        return !GuestFacts::diskKeysIn(type, deleted).isEmpty();
    };
    return spec;
}

} // namespace

void GuestProvisionTools::registerAll(ToolRegistry &registry,
                                      const std::shared_ptr<ProxmoxToolKit> &kit,
                                      const QString &type)
{
    for (ApiToolSpec spec : {create(type), clone(type), migrate(type), remove(type),
                             resizeDisk(type), updateConfig(type)})
        kit->add(registry, std::move(spec));
}

} // namespace pmcp
