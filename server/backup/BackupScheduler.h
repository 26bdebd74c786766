#pragma once

#include "server/backup/BackupSchedule.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <functional>
#include <utility>

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
    const BackupSchedule &schedule() const { return m_schedule; }
    // Why the last scheduled run failed; "" after a run that succeeded (or before any).
    QString lastError() const { return m_lastError; }
    // A health check for /health: "ok", or "warn" when the newest backup is older than the
    // last due time (a run missed or failed), does not verify, or the last run failed.
    std::pair<QString, QString> health() const;

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
    QString m_lastError;
    QTimer m_timer;
};

} // namespace pmcp
