#pragma once

#include "server/exec/CommandExecutor.h"
#include "server/ssh/SshConfig.h"

#include <QObject>
#include <QThread>

namespace pmcp {

class SshSessionWorker;

// Runs commands on the Proxmox host over one reused, strictly host-key-checked SSH session.
// Commands queue on the target's worker thread and run one after another, each on a new
// channel; results come back on the caller's event loop.
class SshExecutor final : public QObject, public CommandExecutor {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshExecutor)

public:
    explicit SshExecutor(SshConfig config, QObject *parent = nullptr);
    ~SshExecutor() override;

    void run(const QString &commandLine, int timeoutMs, Callback callback) override;
    QString describe() const override;
    // The key for the next login; commands already queued run first (Daemon::reload).
    void setKey(const QString &keyPath, const QString &passphrase);
    // Sessions established so far (1 while the first session lives; more after reconnects).
    int connectCount() const;

private:
    SshConfig m_config;
    QThread m_thread;
    SshSessionWorker *m_worker = nullptr;
};

} // namespace pmcp
