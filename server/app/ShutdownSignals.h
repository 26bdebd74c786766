#pragma once

#include <QObject>

class QSocketNotifier;

namespace pmcp {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (self-pipe), so that the daemon
// ends its sessions and flushes its files instead of dying mid-write; and, once watchReload() is
// called, SIGHUP into reloadRequested() (re-read the configuration, as `systemctl reload` asks).
class ShutdownSignals final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShutdownSignals)
public:
    explicit ShutdownSignals(QObject *parent = nullptr);
    ~ShutdownSignals() override;

    // From now on SIGHUP no longer ends the process: it emits reloadRequested(). Only the
    // serving daemon asks for this; stdio clients keep SIGHUP's default (their terminal closed).
    void watchReload();

signals:
    void shutdownRequested(int signal);
    void reloadRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
    bool m_watchingReload = false;
};

} // namespace pmcp
