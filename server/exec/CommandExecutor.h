#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <functional>

namespace pmcp {

// What became of one shell command on the Proxmox host.
struct CommandResult final {
    enum class Status { Success, NonZeroExit, Timeout, Denied, ConnectionFailure };
    Status status = Status::Success;
    int exitStatus = -1; // -1 when the command did not finish
    QByteArray stdoutData;
    QByteArray stderrData;
    bool stdoutTruncated = false; // output beyond the cap was dropped
    bool stderrTruncated = false;
    QString error; // why, for Timeout / Denied / ConnectionFailure
    qint64 durationMs = 0;

    static QString
    statusName(Status status); // success, non_zero_exit, timeout, denied, connection_failure
};

// Runs a command line on the Proxmox host (over SSH, locally, or in the demo's simulated
// shell). Asynchronous: the callback runs once on the event loop. Implementations end the
// remote command when the timeout passes and cap captured output.
class CommandExecutor {
public:
    using Callback = std::function<void(const CommandResult &)>;
    virtual ~CommandExecutor() = default;
    virtual void run(const QString &commandLine, int timeoutMs, Callback callback) = 0;
    // "ssh claude-user@pve1:22", "local", "simulated": for logs, audit and health.
    virtual QString describe() const = 0;
};

} // namespace pmcp
