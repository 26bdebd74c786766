#pragma once

#include <QString>

#include <optional>

namespace pmcp {

// A Proxmox task id, UPID:node:pid:pstart:starttime:type:id:user: (pve-common's
// PVE/UPID.pm), parsed; the one place that knows its shape.
struct Upid final {
    QString node;
    quint32 pid = 0;
    quint64 pstart = 0;   // process start, in clock ticks since boot
    qint64 startTime = 0; // seconds since the epoch
    QString type;         // qmstart, vzdump, ...
    QString id;           // often the guest id; may be empty
    QString user;         // root@pam, root@pam!token
    QString text;         // as given

    // nullopt unless the whole text is one UPID. Type, id and user may hold no "/": a UPID
    // goes into request paths.
    static std::optional<Upid> parse(const QString &text);
    static bool isValid(const QString &text);
    // The node a task runs on, "" when text is not a UPID.
    static QString nodeOf(const QString &text);
    // The first UPID inside a longer text ("Task UPID:... started"), or "".
    static QString find(const QString &text);
    // A cheap check for JSON Schemas of tool inputs; parse() is the real one.
    static QString schemaPattern() { return QStringLiteral("^UPID:"); }
};

} // namespace pmcp
