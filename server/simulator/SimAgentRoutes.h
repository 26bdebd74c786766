#pragma once

namespace pmcp {

class SimRouter;

// The QEMU guest agent of …/qemu/{vmid}/agent/*: ping, network-get-interfaces, exec and
// exec-status. It answers only while the VM runs and has agent: 1 in its config.
class SimAgentRoutes final {
public:
    static void install(SimRouter &router);
};

} // namespace pmcp
