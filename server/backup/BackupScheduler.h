#pragma once

#include "server/backup/BackupSchedule.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <functional>

namespace pmcp {

class BackupService;

// Runs BACKUP_SCHEDULE inside the daemon (no cron): at start, a run that came due while the
// daemon was down (the newest backup is older than the last due time) runs at once; then each
// due time runs one. A run that finds another operation busy is retried at the next poll.
class BackupScheduler final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupScheduler)
public:
    using Clock = std::function<QDateTime()>;

    BackupScheduler(BackupSchedule schedule, BackupService *service, QObject *parent = nullptr);

    // For tests; the default is the system clock.
    void setClock(Clock clock);
    void start();
    // Runs a backup when one is due; the timer calls it (at least every minute, so a changed
    // clock or a suspended machine is noticed).
    void poll();
    QDateTime nextRun() const { return m_next; }

signals:
    // A scheduled run was started; missed: it was due while the daemon was down.
    void runStarted(bool missed);

private:
    bool startRun(bool missed);
    void arm();

    BackupSchedule m_schedule;
    BackupService *m_service;
    Clock m_clock;
    QDateTime m_next;
    bool m_pendingMissed = false;
    bool m_pending = false;
    QTimer m_timer;
};

} // namespace pmcp
