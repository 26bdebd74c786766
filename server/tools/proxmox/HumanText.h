#pragma once

#include <QJsonValue>
#include <QString>

namespace pmcp {

// Numbers as a person (or a model) reads them in the text next to structuredContent, which
// keeps the raw values: bytes in KiB/MiB/GiB, seconds as "3 d 4 h", epoch times as an ISO date
// with how long ago it was. Which Proxmox fields hold which kind is one table (kindOf).
class HumanText final {
public:
    enum class Kind { Plain, Bytes, Duration, Time };

    // The kind of a Proxmox field by its name (mem, maxdisk, uptime, starttime, ...).
    static Kind kindOf(const QString &field);
    // The value in words for its field; strings, and numbers of Plain fields, as they are.
    static QString of(const QString &field, const QJsonValue &value, qint64 nowS);

    static QString bytes(qint64 bytes);      // 1536 -> "1.5 KiB"
    static QString duration(qint64 seconds); // 93784 -> "1 d 2 h"
    // 1733338200 -> "2024-12-04T18:50:00Z (3 h ago)"; 0 -> "never".
    static QString time(qint64 epochS, qint64 nowS);
};

} // namespace pmcp
