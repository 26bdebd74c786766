#pragma once

#include "shared/core/Result.h"

#include <QDateTime>
#include <QString>
#include <QTime>

namespace pmcp {

// When scheduled backups run (BACKUP_SCHEDULE): "daily HH:MM" or "weekly DAY HH:MM", in local
// time. A pure value: given a moment, it says when the next run is due and when the last one
// was, which is how the daemon finds a run it missed while it was down.
class BackupSchedule final {
public:
    // "" or an unknown form is an error saying what is expected.
    static Result<BackupSchedule> parse(const QString &text);

    // The first run strictly after `after`.
    QDateTime nextAfter(const QDateTime &after) const;
    // The latest run at or before `now`.
    QDateTime lastDueAt(const QDateTime &now) const;
    QString describe() const; // "daily at 02:00", "weekly on Monday at 02:00"

private:
    BackupSchedule() = default;
    int m_weekday = 0; // 0: every day; 1-7: Monday-Sunday
    QTime m_time;
};

} // namespace pmcp
