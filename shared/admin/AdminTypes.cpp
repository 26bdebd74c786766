#include "shared/admin/AdminTypes.h"

#include <QJsonArray>

namespace pmcp::admin {

namespace {

QString text(const QJsonObject &json, const char *field)
{
    return json[QLatin1String(field)].toString();
}

// An ISO 8601 time, or an invalid QDateTime for null or absent.
QDateTime timeOf(const QJsonObject &json, const char *field)
{
    QDateTime parsed =
        QDateTime::fromString(json[QLatin1String(field)].toString(), Qt::ISODateWithMs);
    if (parsed.isValid())
        parsed = parsed.toUTC();
    return parsed;
}

// A count: the daemon writes whole numbers; a string is accepted too (identifiers are).
qint64 count(const QJsonObject &json, const char *field)
{
    const QJsonValue value = json[QLatin1String(field)];
    return value.isString() ? value.toString().toLongLong() : value.toInteger();
}

Error missing(const char *what, const char *field)
{
    return Error::invalid(QStringLiteral("The daemon's %1 has no \"%2\".")
                              .arg(QLatin1String(what), QLatin1String(field)));
}

QList<double> numbers(const QJsonObject &json, const char *field)
{
    QList<double> values;
    for (const QJsonValue &value : json[QLatin1String(field)].toArray())
        values.append(value.toDouble());
    return values;
}

QList<CheckState> checksOf(const QJsonArray &array)
{
    QList<CheckState> list;
    for (const QJsonValue &value : array) {
        const QJsonObject check = value.toObject();
        list.append({text(check, "name"), text(check, "status"), text(check, "detail")});
    }
    return list;
}

} // namespace

Result<VersionInfo> VersionInfo::fromJson(const QJsonObject &json)
{
    if (!json[QLatin1String("apiVersion")].isDouble())
        return missing("version answer", "apiVersion");
    return VersionInfo{json[QLatin1String("apiVersion")].toInt(), text(json, "product"),
                       text(json, "version")};
}

Result<DaemonStatus> DaemonStatus::fromJson(const QJsonObject &json)
{
    const QJsonObject health = json[QLatin1String("health")].toObject();
    if (!health[QLatin1String("status")].isString())
        return missing("status answer", "health");
    DaemonStatus status;
    status.apiVersion = json[QLatin1String("apiVersion")].toInt();
    status.version = text(json, "version");
    status.started = timeOf(json, "started");
    status.uptimeSeconds = count(json, "uptimeSeconds");
    status.health = text(health, "status");
    status.checks = checksOf(health[QLatin1String("checks")].toArray());
    status.targets = checksOf(json[QLatin1String("targets")].toArray());
    const QJsonObject now = json[QLatin1String("now")].toObject();
    status.sessionsOpen = int(count(now, "sessionsOpen"));
    status.clientsActive = int(count(now, "clientsActive"));
    status.adminStreamsOpen = int(count(now, "adminStreamsOpen"));
    const QJsonObject counters = json[QLatin1String("counters")].toObject();
    status.requests = count(counters, "requests");
    status.errors = count(counters, "errors");
    status.meanLatencyMs = counters[QLatin1String("meanLatencyMs")].toDouble();
    status.deniedCommands = count(counters, "deniedCommands");
    status.authFailures = count(counters, "authFailures");
    const QJsonObject hour = json[QLatin1String("lastHour")].toObject();
    status.lastHour.bucketSeconds = hour[QLatin1String("bucketSeconds")].toInt(60);
    status.lastHour.start = timeOf(hour, "start");
    status.lastHour.requests = numbers(hour, "requests");
    status.lastHour.errors = numbers(hour, "errors");
    status.lastHour.latencyMs = numbers(hour, "latencyMs");
    status.lastHour.deniedCommands = numbers(hour, "deniedCommands");
    status.lastHour.authFailures = numbers(hour, "authFailures");
    status.lastEventId = text(json, "lastEventId");
    return status;
}

Result<Event> Event::fromJson(const QJsonObject &json)
{
    const QJsonValue id = json[QLatin1String("id")];
    if (!json[QLatin1String("type")].isString())
        return missing("event", "type");
    // A resync carries no id; others carry it as a string (a number is accepted too).
    const QString idText = id.isString()   ? id.toString()
                           : id.isDouble() ? QString::number(id.toInteger())
                                           : QString();
    return Event{idText, text(json, "type"), timeOf(json, "time"),
                 json[QLatin1String("data")].toObject()};
}

Result<ClientEntry> ClientEntry::fromJson(const QJsonObject &json)
{
    if (text(json, "name").isEmpty())
        return missing("client entry", "name");
    ClientEntry entry;
    entry.name = text(json, "name");
    entry.kind = text(json, "kind");
    entry.scope = text(json, "scope");
    entry.state = text(json, "state");
    entry.created = timeOf(json, "created");
    entry.expires = timeOf(json, "expires");
    entry.revoked = timeOf(json, "revoked");
    entry.lastUsed = timeOf(json, "lastUsed");
    entry.calls = count(json, "calls");
    entry.clientName = text(json, "clientName");
    entry.approvedBy = text(json, "approvedBy");
    entry.revokeReason = text(json, "revokeReason");
    return entry;
}

Result<PendingRequest> PendingRequest::fromJson(const QJsonObject &json)
{
    if (text(json, "id").isEmpty())
        return missing("access request", "id");
    PendingRequest request;
    request.id = text(json, "id");
    request.clientName = text(json, "clientName");
    request.clientId = text(json, "clientId");
    request.redirectUri = text(json, "redirectUri");
    request.redirectHost = text(json, "redirectHost");
    request.requestedScope = text(json, "requestedScope");
    request.status = text(json, "status");
    request.created = timeOf(json, "created");
    request.expires = timeOf(json, "expires");
    return request;
}

Result<CreatedToken> CreatedToken::fromJson(const QJsonObject &json)
{
    if (text(json, "token").isEmpty())
        return missing("answer to creating a token", "token");
    return CreatedToken{text(json, "name"), text(json, "scope"), text(json, "token")};
}

template <typename T>
Result<QList<T>> listFromJson(const QJsonObject &json, const QString &field)
{
    if (!json[field].isArray())
        return Error::invalid(QStringLiteral("The daemon's answer has no \"%1\" list.").arg(field));
    QList<T> list;
    for (const QJsonValue &value : json[field].toArray()) {
        auto entry = T::fromJson(value.toObject());
        if (!entry.ok())
            return entry.error();
        list.append(std::move(entry).value());
    }
    return list;
}

template Result<QList<ClientEntry>> listFromJson<ClientEntry>(const QJsonObject &, const QString &);
template Result<QList<PendingRequest>> listFromJson<PendingRequest>(const QJsonObject &,
                                                                    const QString &);

} // namespace pmcp::admin
