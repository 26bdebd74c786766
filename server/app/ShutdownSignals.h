#pragma once

#include <QObject>

class QSocketNotifier;

namespace pmcp {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (self-pipe), so that the daemon
// ends its sessions and flushes its files instead of dying mid-write.
class ShutdownSignals final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShutdownSignals)
public:
    explicit ShutdownSignals(QObject *parent = nullptr);
    ~ShutdownSignals() override;

signals:
    void shutdownRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace pmcp
