#pragma once

#include "shared/core/Result.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace pmcp {

// Reads a backup archive (.tar.gz through libarchive) entry by entry, each entry's content
// whole. A damaged archive is an error naming the entry where reading failed.
class BackupReader final {
public:
    // Called for every regular entry in archive order; an error stops the reading.
    using Visitor = std::function<Result<void>(const QString &name, const QByteArray &content)>;
    // percent 0-100 of the archive's compressed bytes read.
    using Progress = std::function<void(int percent)>;

    static Result<void> read(const QString &path, const Visitor &visit,
                             const Progress &progress = {});
    // The entry read when the error happened ("" before the first), set on an error.
    struct Failure {
        QString entry;
        QString reason;
    };
    static Result<void> read(const QString &path, const Visitor &visit, Failure *failure,
                             const Progress &progress = {});
};

} // namespace pmcp
