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
};

} // namespace pmcp
