#pragma once

namespace pmcp {

class SimRouter;

// /version and /cluster: status (cluster and node rows), resources (type filter), nextid (a
// string, as Proxmox sends it), log, HA status and resources, backup jobs.
class SimClusterRoutes final {
public:
    static void install(SimRouter &router);
};

} // namespace pmcp
