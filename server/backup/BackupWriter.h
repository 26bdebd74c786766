#pragma once

#include "server/backup/BackupManifest.h"
#include "server/backup/BackupSources.h"
#include "shared/core/Result.h"

#include <QList>
#include <QString>

#include <functional>

namespace pmcp {

// Writes one backup archive (.tar.gz through libarchive): every source's content, then the
// manifest with their SHA-256 sums. The archive is written to a temporary file beside the final
// one (".NAME.partial"), fsynced, renamed into place and the folder fsynced, so a kill at any
// moment leaves either no archive under the final name or a complete one. Mode 0600.
class BackupWriter final {
public:
    // percent 0-100 as bytes are written.
    using Progress = std::function<void(int percent)>;

    static Result<BackupManifest> write(const QList<BackupSource> &sources,
                                        const QString &finalPath, const Progress &progress = {});
    // Where write() keeps the archive until it is complete.
    static QString partialPathFor(const QString &finalPath);
    // Largest file a backup takes (the state holds small files; audit files rotate).
    static constexpr qint64 kMaxFileBytes = qint64(1) << 30;
};

} // namespace pmcp
