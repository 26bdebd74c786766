#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace pmcp {

// The audit log's on-disk form, shared by the writer and the verifier: file names, the line
// (its canonical JSON with the HMAC spliced in before the closing brace) and the HMAC itself.
struct AuditFormat final {
    static constexpr qsizetype kKeyBytes = 32;
    static constexpr qsizetype kMacHexChars = 64;

    // A written line split into the exact bytes that were hashed and the hash.
    struct Line final {
        QByteArray canonical;
        QByteArray mac;
    };

    // The "prev" of the first entry of a chain.
    static QByteArray genesis();
    static QByteArray macOf(const QByteArray &key, const QByteArray &canonical);
    // canonical + mac as one line (without its newline).
    static QByteArray join(const QByteArray &canonical, const QByteArray &mac);
    static std::optional<Line> split(const QByteArray &raw);

    // audit-NNNNNN.jsonl, and the numbers of such files in a folder, ascending.
    static QString fileName(int index);
    static QList<int> fileIndexes(const QString &directory);
};

} // namespace pmcp
