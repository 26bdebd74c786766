#include "server/backup/BackupRestorer.h"

#include "server/backup/BackupLogCategory.h"
#include "server/backup/BackupReader.h"
#include "server/backup/BackupVerifier.h"
#include "shared/core/AtomicFile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <fcntl.h>
#include <unistd.h>

namespace pmcp {

namespace {

QFileDevice::Permissions permissionsOf(int mode)
{
    // Restored files are never group- or world-writable (StateDirCheck refuses them).
    QFileDevice::Permissions p = QFile::ReadOwner | QFile::WriteOwner;
    if (mode & 0100)
        p |= QFile::ExeOwner;
    if (mode & 0040)
        p |= QFile::ReadGroup;
    if (mode & 0004)
        p |= QFile::ReadOther;
    return p;
}

bool makePrivateFolder(const QString &path)
{
    if (!QDir().mkpath(path))
        return false;
    return QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

void syncFolder(const QString &folder)
{
    const int fd =
        ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

bool renamePath(const QString &from, const QString &to)
{
    return ::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
}

// Moves each top-level entry of staging into STATE_DIR, the current one aside into old first.
// On a failure everything already swapped is put back, so the state is the old one whole.
Result<void> swapIn(const QDir &state, const QString &staging, const QString &old,
                    const QStringList &units)
{
    QStringList swapped; // units now from the backup; their old ones are in old
    QStringList movedAside;
    auto rollBack = [&] {
        for (const QString &unit : swapped) {
            QDir(state.filePath(unit)).removeRecursively();
            QFile::remove(state.filePath(unit));
        }
        for (const QString &unit : movedAside)
            renamePath(QDir(old).filePath(unit), state.filePath(unit));
    };
    for (const QString &unit : units) {
        const QString current = state.filePath(unit);
        if (QFileInfo::exists(current)) {
            if (!renamePath(current, QDir(old).filePath(unit))) {
                rollBack();
                return Error::internal(
                    QStringLiteral("cannot move %1 aside; nothing was changed").arg(current));
            }
            movedAside.append(unit);
        }
        if (!renamePath(QDir(staging).filePath(unit), current)) {
            rollBack();
            return Error::internal(
                QStringLiteral("cannot put %1 in place; nothing was changed").arg(current));
        }
        swapped.append(unit);
    }
    return {};
}

} // namespace

Result<RestoreReport> BackupRestorer::restore(const QString &archivePath, const QStringList &parts,
                                              const QString &stateDir, const QString &configPath,
                                              const Progress &progress)
{
    for (const QString &part : parts) {
        if (!BackupPart::isValid(part))
            return Error::invalid(QStringLiteral("no part \"%1\" (parts: %2)")
                                      .arg(part, BackupPart::all().join(QStringLiteral(", "))));
    }
    const BackupCheck check = BackupVerifier::verify(archivePath, [&progress](int percent) {
        if (progress)
            progress(percent / 2);
    });
    if (!check.ok)
        return Error::invalid(QStringLiteral("%1 does not verify, nothing was restored: %2")
                                  .arg(QFileInfo(archivePath).fileName(), check.message()));
    RestoreReport report;
    report.parts = parts.isEmpty() ? BackupPart::all() : parts;
    QHash<QString, BackupFile> selected;
    for (const BackupFile &file : check.manifest.files) {
        if (report.parts.contains(file.part))
            selected.insert(file.path, file);
    }
    if (!makePrivateFolder(stateDir))
        return Error::internal(QStringLiteral("cannot create %1").arg(stateDir));
    const QString stamp = QStringLiteral("%1-%2")
                              .arg(QCoreApplication::applicationPid())
                              .arg(QDateTime::currentMSecsSinceEpoch());
    const QDir state(stateDir);
    const QString staging = state.filePath(QStringLiteral(".restore-") + stamp);
    const QString old = state.filePath(QStringLiteral(".restore-old-") + stamp);
    if (!makePrivateFolder(staging) || !makePrivateFolder(old))
        return Error::internal(
            QStringLiteral("cannot create a staging folder in %1").arg(stateDir));
    auto cleanUp = [&] {
        QDir(staging).removeRecursively();
        QDir(old).removeRecursively();
    };

    QList<std::pair<BackupFile, QByteArray>> outside;
    QStringList units; // top-level entries of STATE_DIR to swap in
    int written = 0;
    const auto read = BackupReader::read(
        archivePath, [&](const QString &name, const QByteArray &content) -> Result<void> {
            const auto found = selected.constFind(name);
            if (found == selected.constEnd())
                return {};
            const BackupFile &file = found.value();
            if (QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex() !=
                file.sha256)
                return Error::invalid(QStringLiteral("changed since it was verified"));
            report.files.append(name);
            if (progress)
                progress(50 + 40 * ++written / qMax<qsizetype>(1, selected.size()));
            if (file.origin != BackupOrigin::State) {
                outside.append({file, content});
                return {};
            }
            const QString unit = file.target.section(QLatin1Char('/'), 0, 0);
            if (!units.contains(unit))
                units.append(unit);
            const QString target = QDir(staging).filePath(file.target);
            if (!makePrivateFolder(QFileInfo(target).absolutePath()))
                return Error::internal(QStringLiteral("cannot create %1").arg(target));
            return AtomicFile::write(target, content, permissionsOf(file.mode));
        });
    if (!read.ok()) {
        cleanUp();
        return Error::internal(QStringLiteral("restore stopped before changing anything: ") +
                               read.error().message);
    }
    if (auto swapped = swapIn(state, staging, old, units); !swapped.ok()) {
        cleanUp();
        return swapped.error();
    }
    syncFolder(stateDir);
    cleanUp();
    for (const auto &[file, content] : outside) {
        QString target = file.target;
        if (file.origin == BackupOrigin::Config) {
            report.configRestored = true;
            if (!configPath.isEmpty())
                target = configPath;
        }
        if (auto saved = AtomicFile::write(target, content, permissionsOf(file.mode & 0740));
            !saved.ok())
            return Error::internal(
                QStringLiteral("the state was restored but %1 could not be written: %2")
                    .arg(target, saved.error().message));
    }
    qCInfo(lcBackup, "restored %lld files (%s) from %s",
           static_cast<long long>(report.files.size()),
           qPrintable(report.parts.join(QLatin1Char(','))), qPrintable(archivePath));
    if (progress)
        progress(100);
    return report;
}

} // namespace pmcp
