#include "server/backup/BackupSchedule.h"

#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

namespace pmcp {

namespace {

const QStringList &dayNames()
{
    static const QStringList names{
        QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"), QStringLiteral("thu"),
        QStringLiteral("fri"), QStringLiteral("sat"), QStringLiteral("sun")};
    return names;
}

} // namespace

Result<BackupSchedule> BackupSchedule::parse(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(daily|weekly (mon|tue|wed|thu|fri|sat|sun)) ([01][0-9]|2[0-3]):([0-5][0-9])$"));
    const auto match = pattern.match(text.trimmed().toLower());
    if (!match.hasMatch())
        return Error::invalid(
            QStringLiteral("BACKUP_SCHEDULE: \"%1\" is not a schedule; expected \"daily HH:MM\" or "
                           "\"weekly DAY HH:MM\" (DAY: mon … sun), e.g. \"daily 02:00\"")
                .arg(text));
    BackupSchedule schedule;
    if (!match.captured(2).isEmpty())
        schedule.m_weekday = int(dayNames().indexOf(match.captured(2))) + 1;
    schedule.m_time = QTime(match.captured(3).toInt(), match.captured(4).toInt());
    return schedule;
}

QDateTime BackupSchedule::nextAfter(const QDateTime &after) const
{
    const QDateTime local = after.toLocalTime();
    for (int days = 0; days <= 8; ++days) {
        const QDate date = local.date().addDays(days);
        if (m_weekday != 0 && date.dayOfWeek() != m_weekday)
            continue;
        const QDateTime candidate(date, m_time);
        if (candidate > local)
            return candidate;
    }
    return {};
}

QDateTime BackupSchedule::lastDueAt(const QDateTime &now) const
{
    const QDateTime local = now.toLocalTime();
    for (int days = 0; days <= 8; ++days) {
        const QDate date = local.date().addDays(-days);
        if (m_weekday != 0 && date.dayOfWeek() != m_weekday)
            continue;
        const QDateTime candidate(date, m_time);
        if (candidate <= local)
            return candidate;
    }
    return {};
}

QString BackupSchedule::describe() const
{
    const QString time = m_time.toString(QStringLiteral("HH:mm"));
    if (m_weekday == 0)
        return QStringLiteral("daily at ") + time;
    return QStringLiteral("weekly on %1 at %2")
        .arg(QLocale::c().dayName(m_weekday, QLocale::LongFormat), time);
}

} // namespace pmcp
