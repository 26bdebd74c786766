#pragma once

#include <memory>

namespace pmcp {

class ProxmoxToolKit;
class ToolRegistry;

// The original Python server's tools, with its names and input schemas so that existing prompts
// keep working: list_vms, vm_status, vm_action, node_status (proxmox_api is ApiPassthroughTool).
class LegacyTools final {
public:
    static void registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit);
};

} // namespace pmcp
