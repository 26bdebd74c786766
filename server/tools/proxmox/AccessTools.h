#pragma once

#include <memory>

namespace pmcp {

class ProxmoxToolKit;
class ToolRegistry;

// The access tools: the configured token's effective permissions, users, API tokens and ACLs.
class AccessTools final {
public:
    static void registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit);
};

} // namespace pmcp
