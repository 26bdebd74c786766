#pragma once

#include <memory>

namespace pmcp {

class ProxmoxToolKit;
class ToolRegistry;

// The storage tools: list, status, content, and downloading an ISO or template from a URL.
class StorageTools final {
public:
    static void registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit);
};

} // namespace pmcp
