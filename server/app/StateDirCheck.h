#pragma once

#include "shared/core/Result.h"

#include <QString>

#include <sys/types.h>

namespace pmcp {

// StrictModes for STATE_DIR, as OpenSSH checks ~/.ssh: the folder and everything in it must
// belong to the daemon's user and be writable by no one else, or the daemon does not start
// (another user could forge clients, the audit key or the audit chain).
class StateDirCheck final {
public:
    // Creates a missing STATE_DIR with mode 0700, checks it, then keeps it at 0700.
    static Result<void> prepare(const QString &stateDir);
    // STATE_DIR itself (a link to it is followed) and every entry below it (links are not
    // followed but refused): owned by owner, not group- or world-writable. The error names
    // the path, what is wrong and the command that fixes it.
    static Result<void> check(const QString &stateDir, uid_t owner);
};

} // namespace pmcp
