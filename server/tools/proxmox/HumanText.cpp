#include "server/tools/proxmox/HumanText.h"

#include <QDateTime>
#include <QHash>

#include <array>
#include <cstdlib>

namespace pmcp {

HumanText::Kind HumanText::kindOf(const QString &field)
{
    static const QHash<QString, Kind> kinds{
        {QStringLiteral("mem"), Kind::Bytes},       {QStringLiteral("maxmem"), Kind::Bytes},
        {QStringLiteral("disk"), Kind::Bytes},      {QStringLiteral("maxdisk"), Kind::Bytes},
        {QStringLiteral("size"), Kind::Bytes},      {QStringLiteral("total"), Kind::Bytes},
        {QStringLiteral("used"), Kind::Bytes},      {QStringLiteral("avail"), Kind::Bytes},
        {QStringLiteral("free"), Kind::Bytes},      {QStringLiteral("swap"), Kind::Bytes},
        {QStringLiteral("maxswap"), Kind::Bytes},   {QStringLiteral("netin"), Kind::Bytes},
        {QStringLiteral("netout"), Kind::Bytes},    {QStringLiteral("diskread"), Kind::Bytes},
        {QStringLiteral("diskwrite"), Kind::Bytes}, {QStringLiteral("balloon"), Kind::Bytes},
        {QStringLiteral("uptime"), Kind::Duration}, {QStringLiteral("starttime"), Kind::Time},
        {QStringLiteral("endtime"), Kind::Time},    {QStringLiteral("ctime"), Kind::Time},
        {QStringLiteral("snaptime"), Kind::Time},   {QStringLiteral("time"), Kind::Time},
        {QStringLiteral("next-run"), Kind::Time},   {QStringLiteral("expire"), Kind::Time},
        {QStringLiteral("last-run"), Kind::Time},
    };
    return kinds.value(field, Kind::Plain);
}

QString HumanText::of(const QString &field, const QJsonValue &value, qint64 nowS)
{
    // Proxmox sends some numbers as strings ("size": "34359738368" in a few lists).
    bool numeric = value.isDouble();
    const qint64 number =
        numeric ? qint64(value.toDouble()) : value.toString().toLongLong(&numeric);
    const Kind kind = kindOf(field);
    if (!numeric || kind == Kind::Plain || number < 0)
        return {};
    switch (kind) {
    case Kind::Bytes:
        return bytes(number);
    case Kind::Duration:
        return duration(number);
    case Kind::Time:
        return time(number, nowS);
    case Kind::Plain:
        break;
    }
    return {};
}

QString HumanText::bytes(qint64 bytes)
{
    static const std::array<const char *, 6> units{"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = double(bytes);
    size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < units.size()) {
        value /= 1024.0;
        ++unit;
    }
    if (unit == 0)
        return QStringLiteral("%1 B").arg(bytes);
    // 1.5 GiB, 12 GiB, 512 MiB: three significant digits at most, no trailing ".0".
    const int decimals = value < 10.0 ? 1 : 0;
    QString number = QString::number(value, 'f', decimals);
    if (number.endsWith(QLatin1String(".0")))
        number.chop(2);
    return number + u' ' + QLatin1String(units.at(unit));
}

QString HumanText::duration(qint64 seconds)
{
    const qint64 days = seconds / 86400;
    const qint64 hours = (seconds % 86400) / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    if (days > 0)
        return hours > 0 ? QStringLiteral("%1 d %2 h").arg(days).arg(hours)
                         : QStringLiteral("%1 d").arg(days);
    if (hours > 0)
        return minutes > 0 ? QStringLiteral("%1 h %2 min").arg(hours).arg(minutes)
                           : QStringLiteral("%1 h").arg(hours);
    if (minutes > 0)
        return QStringLiteral("%1 min").arg(minutes);
    return QStringLiteral("%1 s").arg(seconds);
}

QString HumanText::time(qint64 epochS, qint64 nowS)
{
    if (epochS == 0)
        return QStringLiteral("never");
    const QString date = QDateTime::fromSecsSinceEpoch(epochS, Qt::UTC).toString(Qt::ISODate);
    const qint64 delta = nowS - epochS;
    // The coarse part of the difference is enough ("3 h ago", not "3 h 12 min ago").
    const QString span = duration(std::llabs(delta)).section(u' ', 0, 1);
    if (delta == 0)
        return date + QStringLiteral(" (now)");
    return delta > 0 ? QStringLiteral("%1 (%2 ago)").arg(date, span)
                     : QStringLiteral("%1 (in %2)").arg(date, span);
}

} // namespace pmcp
