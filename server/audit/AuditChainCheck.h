#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace pmcp {

// The first entry that fails verification, or none.
struct AuditVerification final {
    bool ok = true;
    qint64 entriesChecked = 0;
    QString firstBadFile;
    qint64 firstBadLine = 0; // 1-based within that file
    QString reason;          // "edited", "removed or reordered", "truncated", ...
};

// Verifies the audit chain from where it stopped the last time to the end of what is written,
// streaming the files line by line: `audit verify` runs it once over everything, the daemon's
// health probe keeps one and checks only the entries added since its last look. When retention
// removed the oldest files, the chain is checked from the anchor (AuditAnchor) on; a missing
// start without an anchor is reported as such.
class AuditChainCheck final {
public:
    enum class Mode {
        Complete, // the log is at rest: an incomplete last line is a truncation
        Live,     // writers may be mid-line: an incomplete last line is waited for, not judged
    };

    AuditChainCheck(QString directory, QByteArray key);

    // Checks what was appended since the last call, reading at most about maxBytes (0: no
    // limit; the next call goes on where this one stopped). A problem, once found, is reported
    // again on every later call: a broken chain does not heal.
    AuditVerification advance(Mode mode, qint64 maxBytes = 0);
    // True when the last advance() reached the end of what was written.
    bool caughtUp() const { return m_caughtUp; }

private:
    enum class FileEnd { Complete, Partial, Budget, Failed };
    FileEnd readCurrentFile(qint64 &budget);
    AuditVerification fail(const QString &file, qint64 line, const QString &reason);

    QString m_directory;
    QByteArray m_key;
    int m_fileIndex = 1;
    qint64 m_offset = 0; // bytes of the current file already verified
    qint64 m_line = 0;   // lines of the current file already verified
    qint64 m_seq = 0;
    QByteArray m_prev;
    qint64 m_checked = 0;
    bool m_caughtUp = false;
    bool m_anchorRead = false;
    bool m_anchored = false; // an anchor says where the kept chain starts
    int m_firstFile = 1;
    std::optional<AuditVerification> m_failure;
};

} // namespace pmcp
