#include "server/audit/AuditRetention.h"

namespace pmcp {

AuditRetention::AuditRetention(qint64 maxBytes, int keepDays)
    : m_maxBytes(maxBytes)
    , m_keepDays(keepDays)
{}

QList<int> AuditRetention::filesToRemove(const QList<File> &files, const QDateTime &now) const
{
    QList<int> out;
    if (keepsEverything() || files.size() < 2)
        return out;
    qint64 total = 0;
    for (const File &file : files)
        total += file.bytes;
    const QDateTime cutoff = now.addDays(-qint64(m_keepDays));
    for (qsizetype i = 0; i + 1 < files.size(); ++i) {
        const bool tooLarge = m_maxBytes > 0 && total > m_maxBytes;
        const bool tooOld = m_keepDays > 0 && files.at(i).modified < cutoff;
        if (!tooLarge && !tooOld)
            break;
        out << files.at(i).index;
        total -= files.at(i).bytes;
    }
    return out;
}

} // namespace pmcp
