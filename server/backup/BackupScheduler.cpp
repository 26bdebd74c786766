#include "server/backup/BackupScheduler.h"

#include "server/backup/BackupLogCategory.h"
#include "server/backup/BackupService.h"

namespace pmcp {

BackupScheduler::BackupScheduler(BackupSchedule schedule, BackupService *service, QObject *parent)
    : QObject(parent)
    , m_schedule(std::move(schedule))
    , m_service(service)
    , m_clock([] { return QDateTime::currentDateTime(); })
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &BackupScheduler::poll);
}

void BackupScheduler::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void BackupScheduler::start()
{
    const QDateTime now = m_clock();
    m_next = m_schedule.nextAfter(now);
    const QDateTime lastDue = m_schedule.lastDueAt(now);
    const auto backups = m_service->store().list();
    const QDateTime newest = backups.isEmpty() ? QDateTime() : backups.first().created;
    if (lastDue.isValid() && (!newest.isValid() || newest < lastDue)) {
        qCInfo(lcBackup,
               "the scheduled backup of %s did not run (the daemon was down); running it now",
               qPrintable(lastDue.toString(Qt::ISODate)));
        m_pending = true;
        m_pendingMissed = true;
    }
    qCInfo(lcBackup, "backups %s; next at %s", qPrintable(m_schedule.describe()),
           qPrintable(m_next.toString(Qt::ISODate)));
    poll();
}

void BackupScheduler::poll()
{
    const QDateTime now = m_clock();
    if (m_next.isValid() && now >= m_next) {
        m_pending = true;
        m_next = m_schedule.nextAfter(now);
    }
    if (m_pending && startRun(m_pendingMissed)) {
        m_pending = false;
        m_pendingMissed = false;
    }
    arm();
}

bool BackupScheduler::startRun(bool missed)
{
    const auto started = m_service->create([](const BackupService::Outcome &outcome) {
        if (!outcome.ok)
            qCWarning(lcBackup, "the scheduled backup failed: %s",
                      qPrintable(outcome.result[QLatin1String("message")].toString()));
    });
    if (!started.ok()) {
        qCInfo(lcBackup, "scheduled backup postponed: %s", qPrintable(started.error().message));
        return false;
    }
    emit runStarted(missed);
    return true;
}

void BackupScheduler::arm()
{
    qint64 wait = 60000;
    if (m_next.isValid())
        wait = qBound(qint64(1000), m_clock().msecsTo(m_next), qint64(60000));
    m_timer.start(int(wait));
}

} // namespace pmcp
