#include "server/admin/AdminApi.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace pmcp::AdminApi {

QString path(const QString &relative)
{
    return QLatin1String(kPrefix) + relative;
}

HttpResponse error(int status, const QString &message, const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("status"), status);
    body.insert(QStringLiteral("message"), message);
    return HttpResponse::json(status, {{QStringLiteral("error"), body}});
}

std::variant<QJsonObject, HttpResponse> objectBody(const HttpRequest &request)
{
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (type != "application/json")
        return error(400, QStringLiteral("the body must be JSON (Content-Type: application/json)"));
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return error(400, QStringLiteral("the body is not valid JSON: %1 at offset %2")
                              .arg(parseError.errorString())
                              .arg(parseError.offset));
    if (!document.isObject())
        return error(400, QStringLiteral("the body must be a JSON object"));
    return document.object();
}

const QList<RouteDoc> &routeDocs()
{
    static const QList<RouteDoc> docs = [] {
        const auto row = [](const char *method, const char *relative, const char *summary) {
            return RouteDoc{QString::fromLatin1(method), path(QString::fromLatin1(relative)),
                            QString::fromUtf8(summary)};
        };
        return QList<RouteDoc>{
            row("GET", "version", "API version (apiVersion) and product version"),
            row("GET", "status",
                "Version, uptime, health with each check, Proxmox targets, counters and the "
                "last hour in one-minute buckets"),
            row("GET", "events",
                "The event stream (Server-Sent Events; Last-Event-ID or ?after= resumes, a "
                "resync event says events were dropped)"),
            row("GET", "audit",
                "Audit entries, newest first, filtered by client, tool, denied, from, to; "
                "limit and offset page"),
            row("GET", "audit/verify", "The audit chain's verification result"),
            row("GET", "clients",
                "Static tokens and OAuth grants: name, kind, scope, created, expires, last use, "
                "calls, revoked"),
            row("POST", "clients", "Create a static token (name, scope, expiresDays)"),
            row("POST", "clients/{name}/revoke", "Revoke a token or grant (reason)"),
            row("GET", "clients/pending", "Pending access requests"),
            row("POST", "clients/pending/{id}/approve",
                "Approve a request (scope: read-only, full or tools:NAME,NAME; expiresDays "
                "7-365)"),
            row("POST", "clients/pending/{id}/reject", "Reject a request"),
            row("GET", "config", "Every setting: value (never a secret's), default, live or not"),
            row("POST", "config/validate", "Check proposed changes, problems per key"),
            row("POST", "config/apply", "Validate, write atomically, reload"),
            row("GET", "config/history", "Kept versions of the configuration file"),
            row("GET", "config/diff", "A diff between two versions (from, to)"),
            row("POST", "config/rollback", "Roll back to a kept version (version)"),
            row("GET", "backups", "Backups with size, age and verification state"),
            row("POST", "backups", "Create a backup now"),
            row("POST", "backups/{name}/verify", "Verify a backup"),
            row("POST", "backups/{name}/restore", "Restore everything or a part (only)"),
            row("GET", "alerts",
                "Alert channels, active conditions, recent alerts with each delivery's state "
                "(limit), queued and dropped deliveries"),
            row("POST", "alerts/test", "Send a test alert to one channel now (channel)"),
            row("GET", "rotation",
                "The SSH key and the API token: fingerprint or token id, age, last rotation, "
                "due after rotationDays; the rotation running now and the last one"),
            row("POST", "rotation/ssh-key",
                "Rotate the SSH key (dryRun); 202, steps as rotation.step events, 409 while a "
                "rotation runs"),
            row("POST", "rotation/api-token",
                "Rotate the Proxmox API token (dryRun); 202, steps as rotation.step events, 409 "
                "while a rotation runs"),
        };
    }();
    return docs;
}

bool serves(const QString &registered, bool prefix, const QString &documentedPath)
{
    if (!prefix)
        return registered == documentedPath;
    return documentedPath.startsWith(registered) && documentedPath.size() > registered.size();
}

} // namespace pmcp::AdminApi
