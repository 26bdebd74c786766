#include "server/app/StateDirCheck.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pmcp {

namespace {

QString userName(uid_t uid)
{
    const passwd *entry = ::getpwuid(uid);
    return entry ? QString::fromLocal8Bit(entry->pw_name) : QString::number(uid);
}

Error refuse(const QString &path, const QString &problem, const QString &fix)
{
    return Error{ErrorCode::PermissionDenied,
                 QStringLiteral("unsafe STATE_DIR: %1 %2; fix it with: %3 (the daemon refuses "
                                "to start while another user can change its state)")
                     .arg(path, problem, fix)};
}

// One path, by the mode and owner in info (from stat or lstat).
Result<void> judge(const QString &path, const struct stat &info, uid_t owner)
{
    const QString quoted = QLatin1Char('\'') + path + QLatin1Char('\'');
    if (S_ISLNK(info.st_mode))
        return refuse(path, QStringLiteral("is a symbolic link (STATE_DIR holds none)"),
                      QStringLiteral("rm ") + quoted);
    if (info.st_uid != owner)
        return refuse(path,
                      QStringLiteral("is owned by %1, not by %2 who runs the daemon")
                          .arg(userName(info.st_uid), userName(owner)),
                      QStringLiteral("chown %1 %2").arg(userName(owner), quoted));
    if (info.st_mode & (S_IWGRP | S_IWOTH))
        return refuse(
            path,
            QStringLiteral("is %1-writable (mode %2)")
                .arg((info.st_mode & S_IWOTH) ? QStringLiteral("world") : QStringLiteral("group"))
                .arg(QString::number(info.st_mode & 07777, 8)),
            QStringLiteral("chmod go-w ") + quoted);
    return {};
}

} // namespace

Result<void> StateDirCheck::prepare(const QString &stateDir)
{
    if (!QFileInfo::exists(stateDir)) {
        if (!QDir().mkpath(stateDir))
            return Error{ErrorCode::Unavailable,
                         QStringLiteral("cannot create STATE_DIR %1").arg(stateDir)};
        QFile::setPermissions(stateDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ExeOwner);
    }
    const auto checked = check(stateDir, ::geteuid());
    if (!checked.ok())
        return checked;
    QFile::setPermissions(stateDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return {};
}

Result<void> StateDirCheck::check(const QString &stateDir, uid_t owner)
{
    struct stat info {};
    if (::stat(QFile::encodeName(stateDir).constData(), &info) != 0 || !S_ISDIR(info.st_mode))
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("STATE_DIR %1 is not a folder").arg(stateDir)};
    if (const auto top = judge(stateDir, info, owner); !top.ok())
        return top;
    // Without FollowSymlinks the walk never leaves STATE_DIR through a link.
    QDirIterator entries(stateDir,
                         QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                         QDirIterator::Subdirectories);
    while (entries.hasNext()) {
        const QString path = entries.next();
        if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
            continue; // gone since it was listed
        if (const auto entry = judge(path, info, owner); !entry.ok())
            return entry;
    }
    return {};
}

} // namespace pmcp
