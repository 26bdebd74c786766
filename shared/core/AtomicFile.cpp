#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <optional>

#include <sys/stat.h>
#include <unistd.h>

namespace pmcp {

namespace {

struct Owner {
    uid_t uid;
    gid_t gid;
};

Result<void> save(const QString &path, const QByteArray &content,
                  QFileDevice::Permissions permissions, std::optional<Owner> owner)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return Error::internal(QStringLiteral("cannot create folder %1").arg(info.absolutePath()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::internal(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    // Set permissions before content lands so a secret is never readable by others.
    file.setPermissions(permissions);
    // The owner too, on the temporary file: the rename then publishes it complete. Only root may
    // give a file away; anyone else keeps at least the group when they belong to it.
    if (owner && ::geteuid() == 0 && ::fchown(file.handle(), owner->uid, owner->gid) != 0)
        return Error::internal(QStringLiteral("cannot keep the owner of %1").arg(path));
    if (owner && ::geteuid() != 0) {
        // Best effort: not being in that group only means the file keeps the writer's group.
        [[maybe_unused]] const int kept = ::fchown(file.handle(), uid_t(-1), owner->gid);
    }
    if (file.write(content) != content.size())
        return Error::internal(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    if (!file.commit()) // QSaveFile flushes and fsyncs before the rename
        return Error::internal(QStringLiteral("cannot save %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace

Result<void> AtomicFile::write(const QString &path, const QByteArray &content,
                               QFileDevice::Permissions permissions)
{
    return save(path, content, permissions, std::nullopt);
}

static std::optional<Owner> ownerOf(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return std::nullopt;
    return Owner{info.st_uid, info.st_gid};
}

Result<void> AtomicFile::replace(const QString &path, const QByteArray &content)
{
    const std::optional<Owner> owner = ownerOf(path);
    if (!owner)
        return write(path, content);
    return save(path, content, QFileInfo(path).permissions(), owner);
}

Result<void> AtomicFile::writeOwnedLike(const QString &path, const QByteArray &content,
                                        QFileDevice::Permissions permissions,
                                        const QString &ownerOf)
{
    return save(path, content, permissions,
                ::geteuid() == 0 ? pmcp::ownerOf(ownerOf) : std::nullopt);
}

bool AtomicFile::giveLike(const QString &path, const QString &ownerOf)
{
    if (::geteuid() != 0)
        return true;
    const std::optional<Owner> owner = pmcp::ownerOf(ownerOf);
    return owner && ::chown(QFile::encodeName(path).constData(), owner->uid, owner->gid) == 0;
}

} // namespace pmcp
