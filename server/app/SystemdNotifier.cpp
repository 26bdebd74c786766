#include "server/app/SystemdNotifier.h"

#include "server/app/AppLogCategory.h"

#include <QTimer>

#ifdef PMCP_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include <algorithm>
#include <ctime>

namespace pmcp {

SystemdNotifier::SystemdNotifier(QObject *parent)
    : QObject(parent)
{}

SystemdNotifier::~SystemdNotifier() = default;

bool SystemdNotifier::available()
{
#ifdef PMCP_HAVE_SYSTEMD
    return true;
#else
    return false;
#endif
}

void SystemdNotifier::ready(const QString &status)
{
    QByteArray state = "READY=1";
    if (!status.isEmpty())
        state += "\nSTATUS=" + status.toUtf8();
    send(state);
}

void SystemdNotifier::reloading()
{
    // MONOTONIC_USEC: systemd 253 and later pair it with the READY=1 that ends the reload.
    timespec now = {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const qint64 usec = qint64(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
    send("RELOADING=1\nMONOTONIC_USEC=" + QByteArray::number(usec));
}

void SystemdNotifier::stopping()
{
    if (m_watchdog)
        m_watchdog->stop();
    send("STOPPING=1");
}

void SystemdNotifier::status(const QString &text)
{
    send("STATUS=" + text.toUtf8());
}

std::chrono::microseconds SystemdNotifier::watchdogInterval() const
{
#ifdef PMCP_HAVE_SYSTEMD
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0)
        return std::chrono::microseconds(usec);
#endif
    return std::chrono::microseconds(0);
}

void SystemdNotifier::startWatchdog()
{
    const auto interval = watchdogInterval();
    if (interval.count() == 0 || m_watchdog)
        return;
    m_watchdog = new QTimer(this);
    connect(m_watchdog, &QTimer::timeout, this, [this] { send("WATCHDOG=1"); });
    m_watchdog->start(std::max<qint64>(1, interval.count() / 2000)); // half, in milliseconds
    qCInfo(lcApp, "systemd watchdog: every %lld ms", qlonglong(m_watchdog->interval()));
}

bool SystemdNotifier::watchdogRunning() const
{
    return m_watchdog && m_watchdog->isActive();
}

void SystemdNotifier::send(const QByteArray &state)
{
#ifdef PMCP_HAVE_SYSTEMD
    // 0: NOTIFY_SOCKET stays set (a reload and the stop notify through it too).
    if (const int sent = sd_notify(0, state.constData()); sent < 0)
        qCWarning(lcApp, "cannot notify systemd: error %d", -sent);
#else
    Q_UNUSED(state)
#endif
}

} // namespace pmcp
