#include "server/admin/AuditQuery.h"

#include "server/audit/AuditFormat.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <deque>

namespace pmcp {

namespace {

// Longer lines are not entries the daemon wrote (AuditArguments caps what it writes).
constexpr qint64 kMaxLineBytes = 4 * 1024 * 1024;

Result<int> number(const QUrlQuery &query, const QString &name, int fallback, int minimum,
                   int maximum)
{
    if (!query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const int value = query.queryItemValue(name).toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        return Error::invalid(QStringLiteral("%1 must be a whole number from %2 to %3")
                                  .arg(name)
                                  .arg(minimum)
                                  .arg(maximum));
    return value;
}

Result<QDateTime> time(const QUrlQuery &query, const QString &name)
{
    if (!query.hasQueryItem(name))
        return QDateTime();
    const QDateTime value =
        QDateTime::fromString(query.queryItemValue(name, QUrl::FullyDecoded), Qt::ISODateWithMs);
    if (!value.isValid())
        return Error::invalid(
            QStringLiteral("%1 must be an ISO 8601 time such as 2026-12-04T10:00:00Z").arg(name));
    return value.toUTC();
}

bool matches(const QJsonObject &entry, const AuditQuery::Filter &filter)
{
    if (!filter.client.isEmpty() &&
        entry.value(QLatin1String("client")).toString() != filter.client)
        return false;
    if (!filter.tool.isEmpty() && entry.value(QLatin1String("tool")).toString() != filter.tool)
        return false;
    if (filter.denied) {
        const bool denied =
            entry.value(QLatin1String("decision")).toString().startsWith(QLatin1String("denied")) ||
            entry.value(QLatin1String("outcome")).toString() == QLatin1String("denied");
        if (denied != *filter.denied)
            return false;
    }
    if (filter.from.isValid() || filter.to.isValid()) {
        const QDateTime at =
            QDateTime::fromString(entry.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
        if (!at.isValid() || (filter.from.isValid() && at < filter.from) ||
            (filter.to.isValid() && at >= filter.to))
            return false;
    }
    return true;
}

} // namespace

Result<AuditQuery::Filter> AuditQuery::parse(const QUrlQuery &query)
{
    Filter filter;
    filter.client = query.queryItemValue(QStringLiteral("client"), QUrl::FullyDecoded);
    filter.tool = query.queryItemValue(QStringLiteral("tool"), QUrl::FullyDecoded);
    if (query.hasQueryItem(QStringLiteral("denied"))) {
        const QString denied = query.queryItemValue(QStringLiteral("denied"));
        if (denied != QLatin1String("true") && denied != QLatin1String("false"))
            return Error::invalid(QStringLiteral("denied must be true or false"));
        filter.denied = denied == QLatin1String("true");
    }
    auto from = time(query, QStringLiteral("from"));
    if (!from.ok())
        return from.error();
    auto to = time(query, QStringLiteral("to"));
    if (!to.ok())
        return to.error();
    filter.from = from.value();
    filter.to = to.value();
    auto limit = number(query, QStringLiteral("limit"), kDefaultLimit, 1, kMaxLimit);
    if (!limit.ok())
        return limit.error();
    auto offset = number(query, QStringLiteral("offset"), 0, 0, kMaxOffset);
    if (!offset.ok())
        return offset.error();
    filter.limit = limit.value();
    filter.offset = offset.value();
    return filter;
}

Result<QJsonObject> AuditQuery::run(const QString &directory, const Filter &filter)
{
    // The newest offset + limit matches, oldest first; the answer takes them from the back.
    const size_t keep = size_t(filter.offset) + size_t(filter.limit);
    std::deque<QJsonObject> newest;
    qint64 matched = 0;
    for (const int index : AuditFormat::fileIndexes(directory)) {
        QFile file(directory + u'/' + AuditFormat::fileName(index));
        if (!file.open(QIODevice::ReadOnly)) {
            if (!file.exists())
                continue; // removed by retention meanwhile
            return Error::internal(
                QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        }
        while (!file.atEnd()) {
            const QByteArray raw = file.readLine(kMaxLineBytes).trimmed();
            const auto line = AuditFormat::split(raw);
            if (!line)
                continue; // a torn or foreign line: `audit verify` reports those
            const QJsonObject entry = QJsonDocument::fromJson(line->canonical).object();
            if (entry.isEmpty() || !matches(entry, filter))
                continue;
            ++matched;
            newest.push_back(entry);
            if (newest.size() > keep)
                newest.pop_front();
        }
    }
    QJsonArray entries;
    qsizetype skipped = 0;
    for (auto it = newest.crbegin(); it != newest.crend(); ++it) {
        if (skipped++ < filter.offset)
            continue;
        QJsonObject entry = *it;
        entry.remove(QStringLiteral("prev"));
        entry.remove(QStringLiteral("mac"));
        entries.append(entry);
    }
    return QJsonObject{{QStringLiteral("entries"), entries},
                       {QStringLiteral("matched"), matched},
                       {QStringLiteral("offset"), filter.offset},
                       {QStringLiteral("limit"), filter.limit}};
}

} // namespace pmcp
