#pragma once

namespace pmcp {

class SimRouter;

// POST /nodes/{node}/vzdump: a backup task per call that locks the guests ("backup") while it
// runs and then adds vzdump-<type>-<vmid>-<time>.<ext> volumes to the target storage.
class SimBackupRoutes final {
public:
    static void install(SimRouter &router);
};

} // namespace pmcp
