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
        qemu ? QStringLiteral("Create a virtual machine. Get a free vmid from cluster_nextid. "
                              "Other Proxmox settings (scsi0: local-lvm:32, net0: "
                              "virtio,bridge=vmbr0, ide2: ISO volid,media=cdrom, ...) go in "
                              "options.")
             : QStringLiteral("Create a container from a template (storage_content with "
                              "content vztmpl lists them). Get a free vmid from cluster_nextid. "
                              "Other settings (rootfs: local-lvm:8, net0: name=eth0,bridge="
                              "vmbr0,ip=dhcp, password, ssh-public-keys, ...) go in options."),
        false, false);
    spec.input.node().vmid();
    if (qemu) {
        spec.input.string(QStringLiteral("name"), QStringLiteral("Name (a DNS name)."))
            .string(QStringLiteral("ostype"), QStringLiteral("Guest OS, e.g. l26, win11."));
    } else {
        spec.input
            .string(QStringLiteral("ostemplate"),
                    QStringLiteral("Template volume, e.g. local:vztmpl/debian-12-standard_"
                                   "12.7-1_amd64.tar.zst."),
                    true)
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
        QStringLiteral("Copy a %1 or template to a new id (newid from cluster_nextid). A full "
                       "clone copies the disks and can take minutes: by default it returns the "
                       "UPID at once; follow it with task_wait.")
            .arg(GuestTools::noun(type)),
        false, false);
    spec.input.node().vmid().integer(QStringLiteral("newid"), QStringLiteral("The copy's id."),
                                     true, 100);
    spec.input
        .string(qemu ? QStringLiteral("name") : QStringLiteral("hostname"),
                QStringLiteral("The copy's name."))
        .boolean(QStringLiteral("full"),
                 QStringLiteral("Full copy instead of a linked clone (templates only)."))
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
        QStringLiteral("Move a %1 to another node of the cluster%2. Returns the UPID at once by "
                       "default; follow it with task_wait.")
            .arg(GuestTools::noun(type),
                 qemu ? QStringLiteral(" (online keeps a running VM running)")
                      : QStringLiteral(" (restart moves a running container)")),
        false, false);
    spec.input.node().vmid().string(QStringLiteral("target_node"),
                                    QStringLiteral("Destination node."), true);
    if (qemu) {
        spec.input.boolean(QStringLiteral("online"), QStringLiteral("Live-migrate a running VM."))
            .boolean(QStringLiteral("with-local-disks"),
                     QStringLiteral("Also move disks on local storage."));
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
        QStringLiteral("Destroy a stopped %1 and its disks, for good. Run with dry_run first and "
                       "show the user what goes; needs confirmation. Protected guests are "
                       "refused.")
            .arg(GuestTools::noun(type)),
        true, false);
    spec.input.node()
        .vmid()
        .boolean(QStringLiteral("purge"),
                 QStringLiteral("Also remove it from backup jobs, replication and HA."))
        .boolean(QStringLiteral("destroy-unreferenced-disks"),
                 QStringLiteral("Also destroy disks with its id that its config does not name."))
        .wait(true)
        .confirmation();
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
        QStringLiteral("Grow a disk of a %1 (Proxmox cannot shrink). size: +10G adds, 50G sets "
                       "the new size. The file system inside must be grown separately.")
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
                        {QStringLiteral("description"), QStringLiteral("+10G or 50G")}},
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
        QStringLiteral("Set configuration keys of a %1 (options: {memory: 4096, cores: 4, "
                       "net1: ...}) and remove keys (delete: \"net1,description\"). Removing a "
                       "disk key detaches or destroys the disk: that needs dry_run and "
                       "confirmation. Pass digest (from %2_config) to refuse concurrent edits.")
            .arg(GuestTools::noun(type), type),
        true, true);
    spec.input.node()
        .vmid()
        .object(kOptionsArg, QStringLiteral("Config keys to set, e.g. {\"memory\": 4096}."))
        .string(QStringLiteral("delete"), QStringLiteral("Comma-separated keys to remove."))
        .string(QStringLiteral("digest"), QStringLiteral("Config digest the change applies to."))
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
