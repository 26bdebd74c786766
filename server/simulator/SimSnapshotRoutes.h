#pragma once

namespace pmcp {

class SimRouter;

// …/snapshot for qemu and lxc: the list ending with the "current" pseudo-entry, and create,
// delete and rollback as tasks.
class SimSnapshotRoutes final {
public:
    static void install(SimRouter &router);
};

} // namespace pmcp
