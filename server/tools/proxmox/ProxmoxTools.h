#pragma once

#include "server/tools/proxmox/ProxmoxToolOptions.h"

namespace pmcp {

class ProxmoxTargets;
class ToolRegistry;

// Registers every Proxmox tool (nodes, cluster, guests, agent, snapshots, backups, storage,
// tasks, access, the original server's tools and proxmox_api) on a registry.
class ProxmoxTools final {
public:
    static void registerAll(ToolRegistry &registry, ProxmoxTargets *targets,
                            const ProxmoxToolOptions &options);
};

} // namespace pmcp
