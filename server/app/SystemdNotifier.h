#pragma once

#include <QObject>
#include <QString>

#include <chrono>

class QTimer;

namespace pmcp {

// Tells systemd how the service is doing (sd_notify: READY=1, RELOADING=1, STOPPING=1, STATUS=,
// and WATCHDOG=1 from the event loop when the unit sets WatchdogSec), so that Type=notify means
// "listening" and a hung event loop gets the service restarted. The only code that talks to
// libsystemd; without it (a build on another system, or no NOTIFY_SOCKET) every call does nothing.
class SystemdNotifier final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemdNotifier)
public:
    explicit SystemdNotifier(QObject *parent = nullptr);
    ~SystemdNotifier() override;

    // Whether this build can notify at all (libsystemd found at build time).
    static bool available();

    void ready(const QString &status = {});
    // Before a reload; ready() again when it is over, whatever its outcome.
    void reloading();
    void stopping();
    void status(const QString &text);

    // The watchdog interval systemd asks for (WATCHDOG_USEC for this process), zero when none.
    std::chrono::microseconds watchdogInterval() const;
    // Sends WATCHDOG=1 at half the interval from a timer of the event loop that owns this object:
    // when the loop stops turning, systemd stops hearing from it. Does nothing without a watchdog.
    void startWatchdog();
    bool watchdogRunning() const;

private:
    void send(const QByteArray &state);

    QTimer *m_watchdog = nullptr;
};

} // namespace pmcp
