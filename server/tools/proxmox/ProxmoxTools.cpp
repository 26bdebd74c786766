#include "server/tools/proxmox/ProxmoxTools.h"

#include "server/tools/proxmox/AccessTools.h"
#include "server/tools/proxmox/ApiPassthroughTool.h"
#include "server/tools/proxmox/BackupTools.h"
#include "server/tools/proxmox/ClusterTools.h"
#include "server/tools/proxmox/GuestProvisionTools.h"
#include "server/tools/proxmox/GuestTools.h"
#include "server/tools/proxmox/LegacyTools.h"
#include "server/tools/proxmox/NodeTools.h"
#include "server/tools/proxmox/ProxmoxToolKit.h"
#include "server/tools/proxmox/QemuAgentTools.h"
#include "server/tools/proxmox/SnapshotTools.h"
#include "server/tools/proxmox/StorageTools.h"
#include "server/tools/proxmox/TaskTools.h"

namespace pmcp {

void ProxmoxTools::registerAll(ToolRegistry &registry, ProxmoxTargets *targets,
                               const ProxmoxToolOptions &options)
{
    const auto kit = std::make_shared<ProxmoxToolKit>(targets, options);
    kit->add(registry, ApiPassthroughTool::definition(kit));
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
