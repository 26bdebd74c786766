#pragma once

#include <memory>

namespace pmcp {

class ProxmoxToolKit;
class ToolRegistry;

// The cluster tools: status, resources, next free id, log, quorum, HA status and resources, and
// proxmox_targets (the configured clusters).
class ClusterTools final {
public:
    static void registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit);
};

} // namespace pmcp
