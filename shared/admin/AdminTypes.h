#pragma once

#include "shared/core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace pmcp::admin {

// The values of the admin API's answers (docs/ADMIN-API.md) as the desktop reads them. Each
// fromJson() takes what the daemon sent and refuses, with a sentence, an answer that lacks what
// makes it usable; fields that a newer daemon adds are ignored.

// GET /api/admin/version.
struct VersionInfo final {
    int apiVersion = 0;
    QString product;
    QString version;

    static Result<VersionInfo> fromJson(const QJsonObject &json);
};

// One health check or one Proxmox target: ok, warn or fail, and the sentence that explains it.
struct CheckState final {
    QString name;
    QString status;
    QString detail;
};

// The last hour of the status route: 60 one-minute buckets, oldest first.
struct HourSeries final {
    int bucketSeconds = 60;
    QDateTime start;
    QList<double> requests;
    QList<double> errors;
    QList<double> latencyMs;
    QList<double> deniedCommands;
    QList<double> authFailures;
};

// GET /api/admin/status.
struct DaemonStatus final {
    int apiVersion = 0;
    QString version;
    QDateTime started;
    qint64 uptimeSeconds = 0;
    QString health; // healthy, degraded, unhealthy
    QList<CheckState> checks;
    QList<CheckState> targets;
    int sessionsOpen = 0;
    int clientsActive = 0;
    int adminStreamsOpen = 0;
    qint64 requests = 0;
    qint64 errors = 0;
    double meanLatencyMs = 0;
    qint64 deniedCommands = 0;
    qint64 authFailures = 0;
    HourSeries lastHour;
    QString lastEventId;

    static Result<DaemonStatus> fromJson(const QJsonObject &json);
};

// One event of GET /api/admin/events. Ids are strings: they exceed what a double holds.
struct Event final {
    QString id;
    QString type;
    QDateTime time;
    QJsonObject data;

    static Result<Event> fromJson(const QJsonObject &json);
};

// A static token or an OAuth grant of GET /api/admin/clients.
struct ClientEntry final {
    QString name;
    QString kind;  // token, oauth
    QString scope; // read-only, full, tools:A,B
    QString state; // active, revoked, expired
    QDateTime created;
    QDateTime expires;  // invalid: never
    QDateTime revoked;  // invalid: not revoked
    QDateTime lastUsed; // invalid: never used
    qint64 calls = 0;
    QString clientName; // grants only
    QString approvedBy;
    QString revokeReason;

    static Result<ClientEntry> fromJson(const QJsonObject &json);
};

// An access request waiting for a decision (GET /api/admin/clients/pending).
struct PendingRequest final {
    QString id; // the request code the waiting page shows
    QString clientName;
    QString clientId;
    QString redirectUri;
    QString redirectHost;
    QString requestedScope;
    QString status;
    QDateTime created;
    QDateTime expires;

    static Result<PendingRequest> fromJson(const QJsonObject &json);
};

// POST /api/admin/clients: the token is in this answer only.
struct CreatedToken final {
    QString name;
    QString scope;
    QString token;

    static Result<CreatedToken> fromJson(const QJsonObject &json);
};

// A list answer ({"clients": [...]}, {"requests": [...]}) as typed entries.
template <typename T>
Result<QList<T>> listFromJson(const QJsonObject &json, const QString &field);

} // namespace pmcp::admin

Q_DECLARE_METATYPE(pmcp::admin::Event)
