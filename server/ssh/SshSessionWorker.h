#pragma once

#include "shared/core/Result.h"
#include "server/exec/CommandExecutor.h"
#include "server/ssh/HostKeyVerifier.h"
#include "server/ssh/SshConfig.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>

class QTimer;

namespace pmcp {

// Owns one authenticated SSH session and runs commands on it, one at a time, each on a new
// channel. Lives on its own QThread: the blocking libssh calls never reach the event loop.
class SshSessionWorker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshSessionWorker)

public:
    explicit SshSessionWorker(SshConfig config);
    ~SshSessionWorker() override;

    // On the worker thread: starts the keepalive timer.
    void start();
    // On the worker thread: connects (or reconnects) when needed, then runs the command.
    CommandResult execute(const QString &commandLine, int timeoutMs);
    // On the worker thread: the key for the next login (a reload after `rotate ssh-key`); the
    // session already authenticated stays.
    void setKey(const QString &keyPath, const QString &passphrase);
    // Any thread: makes a running command give up soon (used when the executor goes away).
    void abort() { m_aborted = true; }
    // For tests and the benchmark: how many times a session was established.
    int connectCount() const { return m_connectCount; }

private:
    Result<void> ensureConnected();
    Result<void> authenticate(ssh_session session);
    Result<ssh_channel> openChannel(const QString &commandLine);
    // One command in flight.
    struct Run final {
        CommandResult result;
    };
    void runOnChannel(ssh_channel channel, int timeoutMs, Run &run);
    bool drain(ssh_channel channel, Run &run);
    // Polls until the remote command ends (true) or ms pass (false).
    bool awaitEnd(ssh_channel channel, ssh_event event, Run &run, int ms);
    // Ends a command past its timeout; says how, for the result.
    QString stopRemote(ssh_channel channel, ssh_event event, Run &run);
    // Where sshd refuses signals (root logins): ends the command's process group from a
    // second channel; false when that channel could not run.
    bool killSiblingGroups();
    void append(QByteArray &target, bool &truncated, const char *data, qsizetype size) const;
    void sendKeepalive();
    void dropSession();

    SshConfig m_config;
    SshSessionPtr m_session;
    QTimer *m_keepalive = nullptr;
    std::atomic<bool> m_aborted{false};
    std::atomic<int> m_connectCount{0};
};

} // namespace pmcp
