#pragma once

#include <memory>

namespace pmcp {

class ProxmoxToolKit;
class ToolRegistry;

// The node tools: list, version, services, syslog, network, disks (node_status is a legacy tool).
class NodeTools final {
public:
    static void registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit);
};

} // namespace pmcp
