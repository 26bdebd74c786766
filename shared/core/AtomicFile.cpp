#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace pmcp {

Result<void> AtomicFile::write(const QString &path, const QByteArray &content,
                               QFileDevice::Permissions permissions)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return Error::internal(QStringLiteral("cannot create folder %1").arg(info.absolutePath()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::internal(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    // Set permissions before content lands so a secret is never readable by others.
    file.setPermissions(permissions);
    if (file.write(content) != content.size())
        return Error::internal(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    if (!file.commit()) // QSaveFile flushes and fsyncs before the rename
        return Error::internal(QStringLiteral("cannot save %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace pmcp
