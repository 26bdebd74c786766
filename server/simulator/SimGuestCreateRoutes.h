#pragma once

namespace pmcp {

class SimRouter;

// POST /nodes/{node}/qemu|lxc (create, or restore from a backup archive) and
// DELETE /nodes/{node}/qemu|lxc/{vmid} (destroy), all as tasks.
class SimGuestCreateRoutes final {
public:
    static void install(SimRouter &router);
};

} // namespace pmcp
