#include "server/audit/AuditChainCheck.h"

#include "server/audit/AuditAnchor.h"
#include "server/audit/AuditFormat.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace pmcp {

namespace {

// The top-level "seq" and "prev" of an entry's canonical JSON, found by one scan that skips
// nested values, instead of building a QJsonDocument per line (most of verify's time). Only
// used on bytes whose HMAC already matched, so they are the writer's well-formed JSON.
bool seqAndPrev(const QByteArray &json, qint64 &seq, QByteArray &prev)
{
    const char *p = json.constData();
    const char *end = p + json.size();
    bool haveSeq = false;
    bool havePrev = false;
    const auto skipString = [&](const char *at) {
        for (++at; at < end && *at != '"'; ++at) {
            if (*at == '\\')
                ++at;
        }
        return at + 1; // after the closing quote
    };
    if (p == end || *p != '{')
        return false;
    ++p;
    while (p < end && *p != '}') {
        if (*p != '"')
            return false;
        const char *keyStart = p + 1;
        p = skipString(p);
        const QByteArrayView key(keyStart, p - 1 - keyStart);
        if (p >= end || *p != ':')
            return false;
        const char *value = ++p;
        int depth = 0;
        while (p < end) { // to the ',' or '}' that ends this value
            const char c = *p;
            if (c == '"') {
                p = skipString(p);
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']') {
                if (depth == 0)
                    break;
                --depth;
            } else if (c == ',' && depth == 0)
                break;
            ++p;
        }
        if (key == "seq") {
            bool ok = false;
            seq = QByteArrayView(value, p - value).toLongLong(&ok);
            haveSeq = ok;
        } else if (key == "prev" && p - value >= 2 && *value == '"') {
            prev = QByteArray(value + 1, p - value - 2);
            havePrev = true;
        }
        if (p < end && *p == ',')
            ++p;
    }
    return haveSeq && havePrev;
}

} // namespace

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
    QList<int> indexes = AuditFormat::fileIndexes(m_directory);
    // After retention removed the oldest files, the kept chain starts at the anchor: read it at
    // the start, and again when the file this check was in has been removed since.
    if (!m_anchorRead || !indexes.contains(m_fileIndex)) {
        const auto anchor = AuditAnchor::read(m_directory, m_key);
        if (!anchor.ok())
            return fail(QLatin1String(AuditAnchor::kFileName), 0, anchor.error().message);
        m_anchorRead = true;
        m_anchored = anchor.value().has_value();
        m_firstFile = m_anchored ? anchor.value()->firstFile : 1;
        if (m_anchored && m_fileIndex < m_firstFile) {
            m_fileIndex = m_firstFile;
            m_offset = 0;
            m_line = 0;
            m_seq = anchor.value()->seq;
            m_prev = anchor.value()->mac;
        }
    }
    // Files before the first kept one are what a retention cut short left: not in the chain.
    indexes.removeIf([this](int index) { return index < m_firstFile; });
    if (!indexes.isEmpty() && indexes.first() != m_firstFile) {
        if (!m_anchored)
            return fail(AuditFormat::fileName(1), 0,
                        QStringLiteral("missing file, and no retention anchor (%1) says where "
                                       "the kept log starts: the oldest files were removed by "
                                       "hand, or %1 was deleted")
                            .arg(QLatin1String(AuditAnchor::kFileName)));
        return fail(AuditFormat::fileName(m_firstFile), 0,
                    QStringLiteral("missing file (the first one %1 names)")
                        .arg(QLatin1String(AuditAnchor::kFileName)));
    }
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
        qint64 seq = 0;
        QByteArray prev;
        if (!seqAndPrev(split->canonical, seq, prev)) {
            fail(name, line, QStringLiteral("malformed entry (no seq or prev)"));
            return FileEnd::Failed;
        }
        if (seq != m_seq + 1 || prev != m_prev) {
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
