#pragma once

#include <memory>

namespace pmcp {

class ProxmoxToolKit;
class ToolRegistry;

// The task tools: status, log, recent tasks, stop, and wait for a task with progress.
class TaskTools final {
public:
    static void registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit);
};

} // namespace pmcp
