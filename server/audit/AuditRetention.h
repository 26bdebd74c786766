#pragma once

#include <QDateTime>
#include <QList>

namespace pmcp {

// How much of the audit log is kept (AUDIT_MAX_BYTES, AUDIT_KEEP_DAYS): which of the oldest
// files rotation may remove. A pure value; AuditLog applies it with the folder lock held and
// records where the kept chain starts (AuditAnchor).
class AuditRetention final {
public:
    struct File {
        int index = 0;
        qint64 bytes = 0;
        QDateTime modified; // the time of its last entry: files are append-only
    };

    AuditRetention() = default; // keeps everything
    AuditRetention(qint64 maxBytes, int keepDays);

    bool keepsEverything() const { return m_maxBytes <= 0 && m_keepDays <= 0; }
    qint64 maxBytes() const { return m_maxBytes; }
    int keepDays() const { return m_keepDays; }

    // The oldest files to remove (a prefix of files, which are ascending by index): while all
    // files together exceed maxBytes, and while a file's last entry is older than keepDays.
    // Never the newest file, which writers append to.
    QList<int> filesToRemove(const QList<File> &files, const QDateTime &now) const;

private:
    qint64 m_maxBytes = 0; // 0: no limit
    int m_keepDays = 0;    // 0: no limit
};

} // namespace pmcp
