#pragma once

namespace pmcp {

class SimRouter;

// POST …/clone and POST …/migrate for qemu and lxc: tasks that copy a guest to a new vmid or
// move it to another node.
class SimGuestMoveRoutes final {
public:
    static void install(SimRouter &router);
};

} // namespace pmcp
