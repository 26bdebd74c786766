#pragma once

namespace pmcp {

class SimRouter;

// Node storage: list, status, content (filters), download-url and volume deletion, and
// POST /nodes/{node}/vzdump, the backup task that adds a backup volume to a storage.
class SimStorageRoutes final {
public:
    static void install(SimRouter &router);
};

} // namespace pmcp
