#pragma once

namespace pmcp {

class SimRouter;

// Tasks: /nodes/{node}/tasks (filters, total), …/tasks/{upid}/status and /log, DELETE to stop a
// running task, and /cluster/tasks.
class SimTaskRoutes final {
public:
    static void install(SimRouter &router);
};

} // namespace pmcp
