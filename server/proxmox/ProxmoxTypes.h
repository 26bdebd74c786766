#pragma once

#include "shared/core/Error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace pmcp {

// How the daemon reaches one Proxmox VE cluster (a "target"): any of its nodes' API addresses,
// the credentials, and how TLS is checked.
struct ProxmoxTarget final {
    QString name = QStringLiteral("default");
    QStringList hosts; // node addresses, tried in order when one is unreachable
    quint16 port = 8006;
    // API token auth: user@realm, token id (the part after "!"), secret (a UUID).
    QString user;
    QString tokenName;
    QString tokenSecret;
    // Ticket auth instead of a token (POST /access/ticket, cookie + CSRF header).
    QString password;
    bool verifyTls = true;
    QString caFile;      // PEM bundle to trust instead of the system store
    QString fingerprint; // SHA-256 of the server certificate; pins it when set
    int timeoutMs = 30000;
    // Requests in flight at once (PROXMOX_MAX_CONNECTIONS): more wait in the client's queue.
    int maxConnections = 16;
    // Identical concurrent GETs share one Proxmox request (PROXMOX_COALESCE_READS).
    bool coalesceReads = true;

    bool usesToken() const { return !tokenName.isEmpty(); }
};

// One call to the Proxmox REST API (paths without the /api2/json prefix).
struct ProxmoxRequest final {
    QByteArray method = "GET";    // GET, POST, PUT, DELETE
    QString path;                 // e.g. /nodes/pve1/qemu/100/status/current
    QJsonObject params;           // query string for GET/DELETE, form body for POST/PUT
    std::optional<int> timeoutMs; // overrides the target's timeout
    // Retried on another node or after a transient failure only when true (GET is; POSTs
    // that start tasks are not).
    std::optional<bool> idempotent;
    bool isIdempotent() const { return idempotent.value_or(method == "GET"); }
};

// A successful reply: the "data" member of Proxmox's envelope, and "total" when present.
struct ProxmoxReply final {
    int status = 200;
    QJsonValue data;
    std::optional<qint64> total;
    QString node; // the host that answered
};

// A failed call, with what Proxmox said. Converts to a pmcp::Error for the edges.
struct ProxmoxError final {
    int status = 0;         // HTTP status, or 0 when no HTTP answer came (network, TLS, timeout)
    QString message;        // Proxmox's own message (JSON "message" or the reason phrase)
    QJsonObject errors;     // per-parameter errors of a 400
    QString path;           // the request path
    QString permissionPath; // 403: the ACL path that failed, e.g. /vms/101
    QString privilege;      // 403: the privilege that failed, e.g. VM.PowerMgmt
    ErrorCode code = ErrorCode::Unavailable;

    Error toError() const;
    QString describe() const; // one line for people and models

    // An error from an HTTP answer: the JSON body's "message" (PVE >= 8.3) or, from older
    // servers, the reason phrase; the "errors" map; the ACL path and privilege of a 403.
    static ProxmoxError fromHttp(int status, const QByteArray &body, const QString &reasonPhrase,
                                 const QString &path);
    // The ErrorCode of an HTTP status (and, for 500, of the message).
    static ErrorCode codeForStatus(int status, const QString &message);
};

} // namespace pmcp
