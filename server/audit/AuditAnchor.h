#pragma once

#include "shared/core/Result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace pmcp {

// Where the kept audit chain starts once retention removed its oldest files: the first kept
// file, and the seq and mac of the last removed entry (the first kept entry's "prev"). Kept in
// audit/anchor.json, written atomically and signed with the audit key (an HMAC over its fields),
// so that removing more files and rewriting the anchor cannot go unnoticed without the key.
struct AuditAnchor final {
    int firstFile = 1; // index of the first kept audit-NNNNNN.jsonl
    qint64 seq = 0;    // seq of the last removed entry
    QByteArray mac;    // its mac, as hex

    static constexpr const char *kFileName = "anchor.json";
    static QString pathIn(const QString &directory);
    // nullopt when there is no anchor file; an error when it is unreadable or not signed by key.
    static Result<std::optional<AuditAnchor>> read(const QString &directory, const QByteArray &key);
    Result<void> write(const QString &directory, const QByteArray &key) const;

private:
    QByteArray canonical() const;
};

} // namespace pmcp
