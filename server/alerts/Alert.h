#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace pmcp {

// One message the alert channels deliver: a condition that started (raised) or ended (cleared),
// a one-off notice (a denied command, a client asking for access), the scheduled health report,
// or a test. A plain value; its JSON is what the queue keeps and the generic webhook posts
// inside the proxmox-mcp.alert/1 schema (docs/ALERTS.md).
struct Alert final {
    enum class Kind { Raised, Cleared, Notice, Report, Test };
    enum class Severity { Info, Warning, Critical };

    QString id;  // unique per alert: "a-" and 16 hex digits
    QString key; // the condition: "proxmox.unreachable:default", "backup.failed", …
    Kind kind = Kind::Notice;
    Severity severity = Severity::Warning;
    QString title;   // one line: "Proxmox target default is unreachable"
    QString message; // the sentence(s) saying what happened and what to do
    QDateTime time;  // UTC

    static QString kindName(Kind kind);          // raised, cleared, notice, report, test
    static QString severityName(Severity level); // info, warning, critical
    static std::optional<Kind> kindFromName(const QString &name);
    static std::optional<Severity> severityFromName(const QString &name);
    static QString newId();

    // {"id", "key", "kind", "severity", "title", "message", "time"}
    QJsonObject toJson() const;
    static std::optional<Alert> fromJson(const QJsonObject &json);
};

} // namespace pmcp
