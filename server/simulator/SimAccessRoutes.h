#pragma once

namespace pmcp {

class SimRouter;

// /access: permissions of the caller, users, a user's tokens and the ACL. (POST
// /access/ticket is answered by the simulator itself, before authentication.)
class SimAccessRoutes final {
public:
    static void install(SimRouter &router);
};

} // namespace pmcp
