#include "server/audit/AuditChainCheck.h"

#include "server/audit/AuditFormat.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace pmcp {

AuditChainCheck::AuditChainCheck(QString directory, QByteArray key)
    : m_directory(std::move(directory))
    , m_key(std::move(key))
    , m_prev(AuditFormat::genesis())
{}

AuditVerification AuditChainCheck::fail(const QString &file, qint64 line, const QString &reason)
{
    AuditVerification result;
    result.ok = false;
    result.entriesChecked = m_checked;
    result.firstBadFile = file;
    result.firstBadLine = line;
    result.reason = reason;
    m_failure = result;
    return result;
}

AuditVerification AuditChainCheck::advance(Mode mode, qint64 maxBytes)
{
    m_caughtUp = false;
    if (m_failure)
        return *m_failure;
    qint64 budget = maxBytes > 0 ? maxBytes : std::numeric_limits<qint64>::max();
    const QList<int> indexes = AuditFormat::fileIndexes(m_directory);
    if (!indexes.isEmpty() && indexes.first() != 1)
        return fail(AuditFormat::fileName(1), 0, QStringLiteral("missing file"));
    while (indexes.isEmpty() || m_fileIndex <= indexes.last()) {
        if (indexes.isEmpty() || !indexes.contains(m_fileIndex)) {
            if (!indexes.isEmpty() && indexes.last() > m_fileIndex)
                return fail(AuditFormat::fileName(m_fileIndex), 0, QStringLiteral("missing file"));
            break;
        }
        FileEnd end = readCurrentFile(budget);
        if (end == FileEnd::Failed)
            return *m_failure;
        if (end == FileEnd::Budget)
            return AuditVerification{true, m_checked, {}, 0, {}};
        // A writer starts the next file only after its last line in this one, so once the
        // next file exists this one is final: read it once more for lines added meanwhile.
        const bool next =
            QFile::exists(m_directory + QLatin1Char('/') + AuditFormat::fileName(m_fileIndex + 1));
        if (next) {
            end = readCurrentFile(budget);
            if (end == FileEnd::Failed)
                return *m_failure;
            if (end == FileEnd::Budget)
                return AuditVerification{true, m_checked, {}, 0, {}};
        }
        if (end == FileEnd::Partial && (next || mode == Mode::Complete))
            return fail(AuditFormat::fileName(m_fileIndex), m_line + 1,
                        QStringLiteral("truncated (the last line is incomplete)"));
        if (!next) {
            if (indexes.last() > m_fileIndex)
                return fail(AuditFormat::fileName(m_fileIndex + 1), 0,
                            QStringLiteral("missing file"));
            break;
        }
        ++m_fileIndex;
        m_offset = 0;
        m_line = 0;
    }
    m_caughtUp = true;
    return AuditVerification{true, m_checked, {}, 0, {}};
}

AuditChainCheck::FileEnd AuditChainCheck::readCurrentFile(qint64 &budget)
{
    const QString name = AuditFormat::fileName(m_fileIndex);
    QFile file(m_directory + QLatin1Char('/') + name);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(m_offset)) {
        fail(name, 0, QStringLiteral("cannot read %1: %2").arg(name, file.errorString()));
        return FileEnd::Failed;
    }
    while (budget > 0) {
        QByteArray raw = file.readLine();
        if (raw.isEmpty())
            return FileEnd::Complete;
        if (!raw.endsWith('\n'))
            return FileEnd::Partial;
        const qint64 bytes = raw.size();
        raw.chop(1);
        const qint64 line = m_line + 1;
        const auto split = AuditFormat::split(raw);
        if (!split) {
            fail(name, line, QStringLiteral("malformed entry"));
            return FileEnd::Failed;
        }
        if (AuditFormat::macOf(m_key, split->canonical) != split->mac) {
            fail(name, line, QStringLiteral("edited (mac mismatch, or a different key)"));
            return FileEnd::Failed;
        }
        const QJsonObject object = QJsonDocument::fromJson(split->canonical).object();
        const qint64 seq = object.value(QLatin1String("seq")).toInteger();
        if (seq != m_seq + 1 ||
            object.value(QLatin1String("prev")).toString().toLatin1() != m_prev) {
            fail(name, line,
                 QStringLiteral("removed or reordered (expected seq %1 chained to the entry "
                                "before, found seq %2)")
                     .arg(m_seq + 1)
                     .arg(seq));
            return FileEnd::Failed;
        }
        m_seq = seq;
        m_prev = split->mac;
        m_offset += bytes;
        m_line = line;
        ++m_checked;
        budget -= bytes;
    }
    return FileEnd::Budget;
}

} // namespace pmcp
