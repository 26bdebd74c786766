#include "server/ops/AuthFailureHistory.h"

#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pmcp {

namespace {

constexpr qint64 kSecondsPerHour = 3600;

} // namespace

AuthFailureHistory::AuthFailureHistory(const QString &stateDir, Clock clock)
    : m_path(QDir(stateDir).filePath(fileName()))
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); }))
{}

qint64 AuthFailureHistory::hourNow() const
{
    return m_clock().toSecsSinceEpoch() / kSecondsPerHour;
}

void AuthFailureHistory::prune()
{
    const qint64 oldest = hourNow() - (kHours - 1);
    while (!m_hours.isEmpty() && m_hours.firstKey() < oldest)
        m_hours.erase(m_hours.begin());
}

void AuthFailureHistory::record(qint64 count)
{
    if (count <= 0)
        return;
    m_hours[hourNow()] += count;
    prune();
    m_dirty = true;
}

qint64 AuthFailureHistory::lastDay() const
{
    const qint64 now = hourNow();
    qint64 total = 0;
    for (auto it = m_hours.begin(); it != m_hours.end(); ++it) {
        if (it.key() > now - kHours && it.key() <= now)
            total += it.value();
    }
    return total;
}

Result<void> AuthFailureHistory::load()
{
    m_hours.clear();
    m_dirty = false;
    QFile file(m_path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(
            QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString()));
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    if (!document.isObject() || !document.object().value(QStringLiteral("hours")).isArray())
        return Error::invalid(
            QStringLiteral("%1 is not a record of failed authentications (no \"hours\" list); "
                           "it is replaced at the next save")
                .arg(m_path));
    for (const QJsonValue &value : document.object().value(QStringLiteral("hours")).toArray()) {
        const QDateTime start =
            QDateTime::fromString(value[QLatin1String("start")].toString(), Qt::ISODate);
        const qint64 count = value[QLatin1String("count")].toInteger();
        if (start.isValid() && count > 0)
            m_hours[start.toSecsSinceEpoch() / kSecondsPerHour] += count;
    }
    prune();
    return {};
}

Result<void> AuthFailureHistory::save()
{
    if (!m_dirty)
        return {};
    prune();
    QJsonArray hours;
    for (auto it = m_hours.begin(); it != m_hours.end(); ++it)
        hours.append(QJsonObject{{QStringLiteral("start"),
                                  QDateTime::fromSecsSinceEpoch(it.key() * kSecondsPerHour, Qt::UTC)
                                      .toString(Qt::ISODate)},
                                 {QStringLiteral("count"), it.value()}});
    const auto written = AtomicFile::writeOwnedLike(
        m_path, QJsonDocument(QJsonObject{{QStringLiteral("hours"), hours}}).toJson(),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner, QFileInfo(m_path).absolutePath());
    if (written.ok())
        m_dirty = false;
    return written;
}

} // namespace pmcp
