#pragma once

#include "shared/core/Result.h"

#include <QByteArray>
#include <QFileDevice>
#include <QString>

namespace pmcp {

// Writes a file so that readers see the old or the new content, never a half-written one:
// temporary file, fsync, rename. The permissions apply to the new file.
class AtomicFile final {
public:
    static Result<void> write(const QString &path, const QByteArray &content,
                              QFileDevice::Permissions permissions = QFileDevice::ReadOwner |
                                                                     QFileDevice::WriteOwner);
    // Replaces an existing file the same way, keeping its permissions, owner and group (set on
    // the new file before the rename): root editing the daemon's 0640 root:proxmox-mcp file
    // must not leave it unreadable to the daemon. A missing file is written as write() does.
    static Result<void> replace(const QString &path, const QByteArray &content);
    // write(), the new file owned by the owner and group of ownerOf (an existing path, e.g. the
    // STATE_DIR the file is in) when root writes it: root's CLI must not leave files in the
    // daemon's state that the daemon cannot change (or that StateDirCheck refuses).
    static Result<void> writeOwnedLike(const QString &path, const QByteArray &content,
                                       QFileDevice::Permissions permissions,
                                       const QString &ownerOf);
    // The owner and group of ownerOf for path itself (a folder made by root); false on failure.
    // Does nothing (true) unless the process runs as root.
    static bool giveLike(const QString &path, const QString &ownerOf);
};

} // namespace pmcp
