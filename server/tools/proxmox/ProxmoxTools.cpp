#include "tools/proxmox/ProxmoxTools.h"

#include "tools/proxmox/AccessTools.h"
#include "tools/proxmox/ApiPassthroughTool.h"
#include "tools/proxmox/BackupTools.h"
#include "tools/proxmox/ClusterTools.h"
#include "tools/proxmox/GuestProvisionTools.h"
#include "tools/proxmox/GuestTools.h"
#include "tools/proxmox/LegacyTools.h"
#include "tools/proxmox/NodeTools.h"
#include "tools/proxmox/ProxmoxToolKit.h"
#include "tools/proxmox/QemuAgentTools.h"
#include "tools/proxmox/SnapshotTools.h"
#include "tools/proxmox/StorageTools.h"
#include "tools/proxmox/TaskTools.h"

namespace pmcp {

void ProxmoxTools::registerAll(ToolRegistry &registry, ProxmoxTargets *targets,
                               const ProxmoxToolOptions &options)
{
    const auto kit = std::make_shared<ProxmoxToolKit>(targets, options);
    ProxmoxToolKit::add(registry, ApiPassthroughTool::definition(kit));
    LegacyTools::registerAll(registry, kit);
    NodeTools::registerAll(registry, kit);
    ClusterTools::registerAll(registry, kit);
    for (const QString &type : {QStringLiteral("qemu"), QStringLiteral("lxc")}) {
        GuestTools::registerAll(registry, kit, type);
        GuestProvisionTools::registerAll(registry, kit, type);
    }
    QemuAgentTools::registerAll(registry, kit);
    SnapshotTools::registerAll(registry, kit);
    BackupTools::registerAll(registry, kit);
    StorageTools::registerAll(registry, kit);
    TaskTools::registerAll(registry, kit);
    AccessTools::registerAll(registry, kit);
}

} // namespace pmcp
