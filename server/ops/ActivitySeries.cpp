#include "server/ops/ActivitySeries.h"

#include <QDateTime>
#include <QJsonArray>

namespace pmcp {

ActivitySeries::ActivitySeries(Clock clock)
    : m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
}

ActivitySeries::Bucket &ActivitySeries::current()
{
    const qint64 minute = m_clock() / kBucketMs;
    Bucket &bucket = m_buckets[size_t(minute % kBuckets)];
    if (bucket.minute != minute)
        bucket = Bucket{minute}; // a minute an hour old: reused
    return bucket;
}

void ActivitySeries::request(double seconds, bool error)
{
    Bucket &bucket = current();
    ++bucket.requests;
    bucket.latencySeconds += seconds;
    ++m_totals.requests;
    m_totals.latencySeconds += seconds;
    if (error) {
        ++bucket.errors;
        ++m_totals.errors;
    }
}

void ActivitySeries::deniedCommand()
{
    ++current().deniedCommands;
    ++m_totals.deniedCommands;
}

void ActivitySeries::authFailure()
{
    ++current().authFailures;
    ++m_totals.authFailures;
}

QJsonObject ActivitySeries::lastHour() const
{
    const qint64 now = m_clock() / kBucketMs;
    const qint64 first = now - kBuckets + 1;
    QJsonArray requests, errors, latency, denied, auth;
    for (qint64 minute = first; minute <= now; ++minute) {
        const Bucket &bucket = m_buckets[size_t(minute % kBuckets)];
        const bool live = bucket.minute == minute;
        requests.append(live ? bucket.requests : 0);
        errors.append(live ? bucket.errors : 0);
        latency.append(live && bucket.requests > 0
                           ? qRound64(bucket.latencySeconds * 1000.0 / double(bucket.requests))
                           : 0);
        denied.append(live ? bucket.deniedCommands : 0);
        auth.append(live ? bucket.authFailures : 0);
    }
    return {
        {QStringLiteral("bucketSeconds"), int(kBucketMs / 1000)},
        {QStringLiteral("start"),
         QDateTime::fromMSecsSinceEpoch(first * kBucketMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("requests"), requests},
        {QStringLiteral("errors"), errors},
        {QStringLiteral("latencyMs"), latency},
        {QStringLiteral("deniedCommands"), denied},
        {QStringLiteral("authFailures"), auth}};
}

QJsonObject ActivitySeries::totalsJson() const
{
    return {{QStringLiteral("requests"), m_totals.requests},
            {QStringLiteral("errors"), m_totals.errors},
            {QStringLiteral("meanLatencyMs"),
             m_totals.requests > 0
                 ? qRound64(m_totals.latencySeconds * 1000.0 / double(m_totals.requests))
                 : 0},
            {QStringLiteral("deniedCommands"), m_totals.deniedCommands},
            {QStringLiteral("authFailures"), m_totals.authFailures}};
}

} // namespace pmcp
