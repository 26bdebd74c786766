#include "server/backup/BackupScheduler.h"

#include "server/backup/BackupLogCategory.h"
#include "server/backup/BackupService.h"

#include <QPointer>

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
    QPointer<BackupScheduler> self(this);
    const auto started = m_service->create([self](const BackupService::Outcome &outcome) {
        const QString error =
            outcome.ok ? QString() : outcome.result[QLatin1String("message")].toString();
        if (!outcome.ok)
            qCWarning(lcBackup, "the scheduled backup failed: %s", qPrintable(error));
        if (self)
            self->m_lastError = error;
    });
    if (!started.ok()) {
        qCInfo(lcBackup, "scheduled backup postponed: %s", qPrintable(started.error().message));
        return false;
    }
    emit runStarted(missed);
    return true;
}

std::pair<QString, QString> BackupScheduler::health() const
{
    const QString warn = QStringLiteral("warn");
    if (!m_lastError.isEmpty())
        return {warn, QStringLiteral("the last scheduled backup failed: ") + m_lastError};
    const auto entries = m_service->store().list();
    if (entries.isEmpty())
        return {warn, QStringLiteral("no backup yet; %1").arg(m_schedule.describe())};
    const BackupEntry &newest = entries.first();
    if (newest.verification == QLatin1String("failed"))
        return {warn, QStringLiteral("the newest backup %1 does not verify").arg(newest.name)};
    const QDateTime due = m_schedule.lastDueAt(m_clock());
    // A run takes a while: only a backup older than the last due time by a quarter of an
    // hour, with nothing running, is overdue.
    if (due.isValid() && newest.created < due && due.secsTo(m_clock()) > 900 && !m_service->busy())
        return {warn, QStringLiteral("the newest backup %1 is older than the run due at %2")
                          .arg(newest.name, due.toString(QStringLiteral("yyyy-MM-dd HH:mm")))};
    return {QStringLiteral("ok"),
            QStringLiteral("newest %1; %2").arg(newest.name, m_schedule.describe())};
}

void BackupScheduler::arm()
{
    qint64 wait = 60000;
    if (m_next.isValid())
        wait = qBound(qint64(1000), m_clock().msecsTo(m_next), qint64(60000));
    m_timer.start(int(wait));
}

} // namespace pmcp
