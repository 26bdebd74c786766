#pragma once

#include "shared/core/Result.h"

#include <QLockFile>
#include <QString>

#include <optional>

namespace pmcp {

// STATE_DIR/proxmox-mcpd.pid: held by the serving daemon for as long as it runs (a QLockFile:
// the pid, host and program inside), so `proxmox-mcpd config set|rollback` finds the daemon to
// tell to reload (SIGHUP), and the file of a daemon that crashed is recognised as stale.
class PidFile final {
public:
    explicit PidFile(const QString &stateDir);
    ~PidFile(); // releases and removes the file when held
    Q_DISABLE_COPY_MOVE(PidFile)

    static QString pathIn(const QString &stateDir);

    // Takes the file for this process; an error names the daemon that already holds it.
    Result<void> acquire();
    // The pid of the live process that holds the file; nullopt when no daemon runs.
    static std::optional<qint64> runningPid(const QString &stateDir);
    // Sends SIGHUP to the running daemon. Returns its pid, nullopt when none runs, an error
    // when it could not be signalled (another user's process).
    static Result<std::optional<qint64>> signalReload(const QString &stateDir);

private:
    QLockFile m_lock;
};

} // namespace pmcp
