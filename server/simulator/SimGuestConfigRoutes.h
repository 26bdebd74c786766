#pragma once

namespace pmcp {

class SimRouter;

// Guest configuration and placement: GET/POST/PUT …/config (digest, delete), PUT …/resize,
// POST …/clone and POST …/migrate (tasks), for qemu and lxc.
class SimGuestConfigRoutes final {
public:
    static void install(SimRouter &router);
};

} // namespace pmcp
