#pragma once

#include "shared/core/Result.h"

#include <QJsonObject>
#include <QString>

namespace pmcp {

class SimRouter;
struct SimCall;
struct SimGuest;
class SimState;

// The guest lifecycle of /nodes/{node}/qemu and /nodes/{node}/lxc: lists, create and restore,
// status/current and the power actions as tasks, destroy. Also the lookups the other guest
// routes share.
class SimGuestRoutes final {
public:
    static void install(SimRouter &router);

    // The guest of the path ({node}, {vmid}) or Proxmox's "Configuration file … does not exist".
    static Result<SimGuest *> find(SimCall &call, const QString &type);
    static QString label(const QString &type, int vmid); // "VM 100" or "CT 100"
    static QString taskPrefix(const QString &type);      // qm or vz
    // Turns "local-lvm:32" (new disk of 32 GiB) into "local-lvm:vm-100-disk-0,size=32G".
    static QJsonObject allocateDisks(const QJsonObject &config, int vmid);
    // Config keys of a create/update call: everything but the routing and control parameters.
    static QJsonObject configFromParams(const SimCall &call);
    static Result<void> checkLock(const SimGuest &guest);
};

} // namespace pmcp
