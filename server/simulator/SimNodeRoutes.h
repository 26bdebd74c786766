#pragma once

#include <QString>

namespace pmcp {

class SimRouter;

// /nodes and the read-only node endpoints: status, version, services, syslog, network and
// disks/list.
class SimNodeRoutes final {
public:
    // fingerprint: the SHA-256 fingerprint every node row shows.
    static void install(SimRouter &router, const QString &fingerprint);
};

} // namespace pmcp
