#include "shared/admin/AdminTypes.h"

#include <QJsonArray>
#include <QUrlQuery>

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

QString AuditQuery::toQueryString() const
{
    QUrlQuery query;
    if (!client.isEmpty())
        query.addQueryItem(QStringLiteral("client"), client);
    if (!tool.isEmpty())
        query.addQueryItem(QStringLiteral("tool"), tool);
    if (denied.has_value())
        query.addQueryItem(QStringLiteral("denied"),
                           *denied ? QStringLiteral("true") : QStringLiteral("false"));
    if (from.isValid())
        query.addQueryItem(QStringLiteral("from"), from.toUTC().toString(Qt::ISODateWithMs));
    if (to.isValid())
        query.addQueryItem(QStringLiteral("to"), to.toUTC().toString(Qt::ISODateWithMs));
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    return query.toString(QUrl::FullyEncoded);
}

bool AuditEntry::denied() const
{
    return decision.startsWith(QLatin1String("denied")) || outcome == QLatin1String("denied");
}

QString AuditEntry::deniedRule() const
{
    const QLatin1String prefix("denied:");
    return decision.startsWith(prefix) ? decision.mid(prefix.size()) : QString();
}

QString AuditEntry::command() const
{
    return arguments[QLatin1String("command")].toString();
}

Result<AuditEntry> AuditEntry::fromJson(const QJsonObject &json)
{
    if (!json[QLatin1String("seq")].isDouble() && !json[QLatin1String("seq")].isString())
        return missing("audit entry", "seq");
    AuditEntry entry;
    entry.seq = count(json, "seq");
    entry.time = timeOf(json, "time");
    entry.client = text(json, "client");
    entry.tool = text(json, "tool");
    entry.arguments = json[QLatin1String("arguments")].toObject();
    entry.decision = text(json, "decision");
    entry.durationMs = count(json, "duration_ms");
    entry.outcome = text(json, "outcome");
    entry.upid = text(json, "upid");
    entry.target = text(json, "target");
    entry.confirmedBy = text(json, "confirmed_by");
    return entry;
}

Result<AuditPage> AuditPage::fromJson(const QJsonObject &json)
{
    auto entries = listFromJson<AuditEntry>(json, QStringLiteral("entries"));
    if (!entries.ok())
        return entries.error();
    AuditPage page;
    page.entries = std::move(entries).value();
    page.matched = count(json, "matched");
    page.offset = int(count(json, "offset"));
    page.limit = int(count(json, "limit"));
    return page;
}

Result<AuditChainResult> AuditChainResult::fromJson(const QJsonObject &json)
{
    if (!json[QLatin1String("ok")].isBool())
        return missing("audit verification", "ok");
    AuditChainResult result;
    result.ok = json[QLatin1String("ok")].toBool();
    result.entriesChecked = count(json, "entriesChecked");
    result.firstBadFile = text(json, "firstBadFile");
    result.firstBadLine = count(json, "firstBadLine");
    result.reason = text(json, "reason");
    return result;
}

Result<BackupEntry> BackupEntry::fromJson(const QJsonObject &json)
{
    if (text(json, "name").isEmpty())
        return missing("backup entry", "name");
    BackupEntry entry;
    entry.name = text(json, "name");
    entry.size = count(json, "size");
    entry.created = timeOf(json, "created");
    entry.ageSeconds = count(json, "ageSeconds");
    entry.verification = text(json, "verification");
    if (entry.verification.isEmpty())
        entry.verification = QStringLiteral("unverified");
    entry.verifiedAt = timeOf(json, "verifiedAt");
    entry.verifyMessage = text(json, "verifyMessage");
    return entry;
}

Result<BackupList> BackupList::fromJson(const QJsonObject &json)
{
    auto backups = listFromJson<BackupEntry>(json, QStringLiteral("backups"));
    if (!backups.ok())
        return backups.error();
    BackupList list;
    list.backups = std::move(backups).value();
    list.directory = text(json, "directory");
    list.running = json[QLatin1String("running")].toBool();
    return list;
}

Result<BackupCheck> BackupCheck::fromJson(const QJsonObject &json)
{
    if (!json[QLatin1String("ok")].isBool())
        return missing("backup verification", "ok");
    BackupCheck check;
    check.name = text(json, "name");
    check.ok = json[QLatin1String("ok")].toBool();
    check.files = count(json, "files");
    check.message = text(json, "message");
    check.firstBadFile = text(json, "firstBadFile");
    return check;
}

Result<RestoreResult> RestoreResult::fromJson(const QJsonObject &json)
{
    if (!json[QLatin1String("parts")].isArray())
        return missing("answer to a restore", "parts");
    RestoreResult result;
    result.name = text(json, "name");
    for (const QJsonValue &part : json[QLatin1String("parts")].toArray())
        result.parts.append(part.toString());
    result.files = count(json, "files");
    result.configRestored = json[QLatin1String("configRestored")].toBool();
    result.restartNeeded = json[QLatin1String("restartNeeded")].toBool();
    result.savedAs = text(json, "savedAs");
    return result;
}

CredentialState CredentialState::fromJson(const QJsonObject &json)
{
    CredentialState state;
    state.enabled = json[QLatin1String("enabled")].toBool();
    state.keyPath = text(json, "keyPath");
    state.present = json[QLatin1String("present")].toBool(true);
    state.fingerprint = text(json, "fingerprint");
    state.tokenId = text(json, "tokenId");
    state.created = timeOf(json, "created");
    const QJsonValue age = json[QLatin1String("ageDays")];
    state.ageDays = age.isDouble() ? age.toInt() : -1;
    state.lastRotated = timeOf(json, "lastRotated");
    state.due = json[QLatin1String("due")].toBool();
    return state;
}

Result<RotationStep> RotationStep::fromJson(const QJsonObject &json)
{
    if (text(json, "name").isEmpty())
        return missing("rotation step", "name");
    if (text(json, "state").isEmpty())
        return missing("rotation step", "state");
    return RotationStep{int(count(json, "index")), int(count(json, "total")), text(json, "name"),
                        text(json, "state"), text(json, "message")};
}

Result<RotationRun> RotationRun::fromJson(const QJsonObject &json)
{
    if (text(json, "id").isEmpty())
        return missing("rotation", "id");
    if (text(json, "kind").isEmpty())
        return missing("rotation", "kind");
    RotationRun run;
    run.id = text(json, "id");
    run.kind = text(json, "kind");
    run.dryRun = json[QLatin1String("dryRun")].toBool();
    run.started = timeOf(json, "started");
    run.finished = timeOf(json, "finished");
    for (const QJsonValue &value : json[QLatin1String("steps")].toArray()) {
        auto step = RotationStep::fromJson(value.toObject());
        if (!step.ok())
            return step.error();
        run.steps.append(step.value());
    }
    if (json[QLatin1String("ok")].isBool())
        run.ok = json[QLatin1String("ok")].toBool();
    run.message = text(json, "message");
    run.oldCredentialWorks = json[QLatin1String("oldCredentialWorks")].toBool();
    run.result = json[QLatin1String("result")].toObject();
    return run;
}

Result<RotationStatus> RotationStatus::fromJson(const QJsonObject &json)
{
    if (!json[QLatin1String("sshKey")].isObject())
        return missing("rotation status", "sshKey");
    if (!json[QLatin1String("apiToken")].isObject())
        return missing("rotation status", "apiToken");
    RotationStatus status;
    status.rotationDays = int(count(json, "rotationDays"));
    status.sshKey = CredentialState::fromJson(json[QLatin1String("sshKey")].toObject());
    status.apiToken = CredentialState::fromJson(json[QLatin1String("apiToken")].toObject());
    for (const char *field : {"running", "last"}) {
        const QJsonValue value = json[QLatin1String(field)];
        if (!value.isObject())
            continue;
        auto run = RotationRun::fromJson(value.toObject());
        if (!run.ok())
            return run.error();
        (qstrcmp(field, "running") == 0 ? status.running : status.last) = run.value();
    }
    return status;
}

Result<StartedRotation> StartedRotation::fromJson(const QJsonObject &json)
{
    if (text(json, "id").isEmpty())
        return missing("answer to starting a rotation", "id");
    return StartedRotation{text(json, "id"), text(json, "kind"),
                           json[QLatin1String("dryRun")].toBool()};
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
template Result<QList<BackupEntry>> listFromJson<BackupEntry>(const QJsonObject &, const QString &);
template Result<QList<AuditEntry>> listFromJson<AuditEntry>(const QJsonObject &, const QString &);
template Result<QList<PendingRequest>> listFromJson<PendingRequest>(const QJsonObject &,
                                                                    const QString &);

} // namespace pmcp::admin
