#pragma once

#include "shared/core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

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

// The filters and the page of GET /api/admin/audit; empty or invalid fields filter nothing.
struct AuditQuery final {
    QString client;
    QString tool;
    std::optional<bool> denied; // true: only refused calls, false: only the others
    QDateTime from;             // inclusive
    QDateTime to;               // exclusive
    int limit = 100;            // 1-1000
    int offset = 0;

    // The route's query string ("client=alice&denied=true&limit=100&offset=0"), encoded.
    QString toQueryString() const;
};

// One audit entry as written (secrets in the arguments already masked by the daemon).
struct AuditEntry final {
    qint64 seq = 0;
    QDateTime time;
    QString client;
    QString tool;
    QJsonObject arguments;
    QString decision; // "", allowed, denied:RULE
    qint64 durationMs = 0;
    QString outcome;
    QString upid;
    QString target;
    QString confirmedBy;

    bool denied() const;
    // The policy rule that refused the call ("rm-root"); empty when none did.
    QString deniedRule() const;
    // The command of a command tool (its "command" argument); empty for other tools.
    QString command() const;

    static Result<AuditEntry> fromJson(const QJsonObject &json);
};

// One page of GET /api/admin/audit: matched counts every matching entry, entries is the page.
struct AuditPage final {
    QList<AuditEntry> entries;
    qint64 matched = 0;
    int offset = 0;
    int limit = 0;

    static Result<AuditPage> fromJson(const QJsonObject &json);
};

// GET /api/admin/audit/verify: the chain check; on a break the file, line and reason.
struct AuditChainResult final {
    bool ok = false;
    qint64 entriesChecked = 0;
    QString firstBadFile;
    qint64 firstBadLine = 0;
    QString reason;

    static Result<AuditChainResult> fromJson(const QJsonObject &json);
};

// One backup of GET /api/admin/backups (and the answer to creating one).
struct BackupEntry final {
    QString name; // proxmox-mcp-YYYYMMDD-HHMMSS[-suffix].tar.gz
    qint64 size = 0;
    QDateTime created;
    qint64 ageSeconds = 0;
    QString verification; // verified, failed, unverified
    QDateTime verifiedAt; // invalid: never checked
    QString verifyMessage;

    static Result<BackupEntry> fromJson(const QJsonObject &json);
};

// GET /api/admin/backups: newest first, where they are, and whether an operation runs now.
struct BackupList final {
    QList<BackupEntry> backups;
    QString directory;
    bool running = false;

    static Result<BackupList> fromJson(const QJsonObject &json);
};

// POST /api/admin/backups/{name}/verify: the check ran; ok or the first file that failed.
struct BackupCheck final {
    QString name;
    bool ok = false;
    qint64 files = 0;
    QString message;
    QString firstBadFile;

    static Result<BackupCheck> fromJson(const QJsonObject &json);
};

// POST /api/admin/backups/{name}/restore: what was restored, and where the state before it went.
struct RestoreResult final {
    QString name;
    QStringList parts;
    qint64 files = 0;
    bool configRestored = false;
    bool restartNeeded = false;
    QString savedAs; // the ...-pre-restore.tar.gz backup of the state before

    static Result<RestoreResult> fromJson(const QJsonObject &json);
};

// One credential of GET /api/admin/rotation: the SSH key (keyPath, fingerprint) or the API
// token (tokenId); never a secret.
struct CredentialState final {
    bool enabled = false;
    QString keyPath;       // the SSH key only
    bool present = true;   // the SSH key only: its file exists
    QString fingerprint;   // "SHA256:…", the SSH key only; empty when unreadable
    QString tokenId;       // "user@realm!name", the API token only
    QDateTime created;     // invalid: unknown
    int ageDays = -1;      // -1: unknown
    QDateTime lastRotated; // invalid: no rotation made it
    bool due = false;      // older than rotationDays

    static CredentialState fromJson(const QJsonObject &json);
};

// One step of a rotation, as rotation.step events and GET /api/admin/rotation carry it.
struct RotationStep final {
    int index = 0; // from 1
    int total = 0; // 0 when the answer did not say (GET)
    QString name;  // "generate", "inspect", …
    QString state; // running, ok, failed, undone, planned
    QString message;

    static Result<RotationStep> fromJson(const QJsonObject &json);
};

// A rotation started through the admin API: running, the last finished one, or a
// rotation.finished event (ok, message, oldCredentialWorks, result).
struct RotationRun final {
    QString id;
    QString kind; // "ssh-key" or "api-token"
    bool dryRun = false;
    QDateTime started;
    QDateTime finished; // invalid while it runs
    QList<RotationStep> steps;
    std::optional<bool> ok; // empty while it runs
    QString message;
    bool oldCredentialWorks = false;
    QJsonObject result;

    static Result<RotationRun> fromJson(const QJsonObject &json);
};

// GET /api/admin/rotation.
struct RotationStatus final {
    int rotationDays = 0;
    CredentialState sshKey;
    CredentialState apiToken;
    std::optional<RotationRun> running;
    std::optional<RotationRun> last;

    static Result<RotationStatus> fromJson(const QJsonObject &json);
};

// The 202 answer of POST /api/admin/rotation/ssh-key or …/api-token.
struct StartedRotation final {
    QString id;
    QString kind;
    bool dryRun = false;

    static Result<StartedRotation> fromJson(const QJsonObject &json);
};

// A list answer ({"clients": [...]}, {"requests": [...]}) as typed entries.
template <typename T>
Result<QList<T>> listFromJson(const QJsonObject &json, const QString &field);

} // namespace pmcp::admin

Q_DECLARE_METATYPE(pmcp::admin::Event)
