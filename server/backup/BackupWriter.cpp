#include "server/backup/BackupWriter.h"

#include "server/backup/BackupLogCategory.h"
#include "shared/core/Version.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <memory>

namespace pmcp {

namespace {

struct ArchiveDeleter {
    void operator()(archive *a) const { archive_write_free(a); }
};
struct EntryDeleter {
    void operator()(archive_entry *e) const { archive_entry_free(e); }
};

QString archiveError(archive *a)
{
    const char *message = archive_error_string(a);
    return message ? QString::fromLocal8Bit(message) : QStringLiteral("unknown libarchive error");
}

Result<void> writeEntry(archive *a, const QString &name, const QByteArray &content, int mode,
                        qint64 mtime)
{
    std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
    const QByteArray path = name.toUtf8();
    archive_entry_set_pathname(entry.get(), path.constData());
    archive_entry_set_size(entry.get(), content.size());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), mode_t(mode & 0777));
    archive_entry_set_mtime(entry.get(), time_t(mtime), 0);
    if (archive_write_header(a, entry.get()) != ARCHIVE_OK)
        return Error::internal(
            QStringLiteral("cannot write %1 into the archive: %2").arg(name, archiveError(a)));
    qint64 offset = 0;
    while (offset < content.size()) {
        const qint64 chunk = qMin<qint64>(content.size() - offset, 1 << 20);
        const la_ssize_t written =
            archive_write_data(a, content.constData() + offset, size_t(chunk));
        if (written < 0)
            return Error::internal(
                QStringLiteral("cannot write %1 into the archive: %2").arg(name, archiveError(a)));
        offset += written;
    }
    return {};
}

// The file's content; an audit file only up to its last complete line (a writer may be
// appending while the backup reads).
Result<QByteArray> readSource(const BackupSource &source, bool *vanished)
{
    QFile file(source.filesystemPath);
    if (!file.open(QIODevice::ReadOnly)) {
        *vanished = !file.exists(); // removed since it was listed (audit retention)
        return Error::internal(
            QStringLiteral("cannot read %1: %2").arg(source.filesystemPath, file.errorString()));
    }
    if (file.size() > BackupWriter::kMaxFileBytes)
        return Error{ErrorCode::TooLarge,
                     QStringLiteral("%1 is larger than a backup takes (%2 bytes)")
                         .arg(source.filesystemPath)
                         .arg(BackupWriter::kMaxFileBytes)};
    QByteArray content = file.readAll();
    if (source.file.part == QLatin1String(BackupPart::Audit) &&
        source.file.target.endsWith(QLatin1String(".jsonl"))) {
        const qsizetype end = content.lastIndexOf('\n');
        content.truncate(end + 1);
    }
    return content;
}

Result<void> syncFolder(const QString &folder)
{
    const int fd =
        ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return Error::internal(QStringLiteral("cannot open %1 to sync it").arg(folder));
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0)
        return Error::internal(QStringLiteral("cannot sync %1").arg(folder));
    return {};
}

} // namespace

QString BackupWriter::partialPathFor(const QString &finalPath)
{
    const QFileInfo info(finalPath);
    return info.dir().filePath(QLatin1Char('.') + info.fileName() + QStringLiteral(".partial"));
}

Result<BackupManifest> BackupWriter::write(const QList<BackupSource> &sources,
                                           const QString &finalPath, const Progress &progress)
{
    const QFileInfo info(finalPath);
    if (!QDir().mkpath(info.absolutePath()))
        return Error::internal(QStringLiteral("cannot create folder %1").arg(info.absolutePath()));
    const QString partial = partialPathFor(finalPath);
    const QByteArray partialName = QFile::encodeName(partial);
    const int fd = ::open(partialName.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error::internal(QStringLiteral("cannot create %1").arg(partial));
    ::fchmod(fd, 0600); // whatever the umask: a backup holds secrets
    std::unique_ptr<archive, ArchiveDeleter> a(archive_write_new());
    auto failed = [&](const Error &error) -> Result<BackupManifest> {
        a.reset();
        ::close(fd);
        ::unlink(partialName.constData());
        return error;
    };
    if (archive_write_add_filter_gzip(a.get()) != ARCHIVE_OK ||
        archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK ||
        archive_write_open_fd(a.get(), fd) != ARCHIVE_OK)
        return failed(Error::internal(
            QStringLiteral("cannot start the archive %1: %2").arg(partial, archiveError(a.get()))));

    qint64 total = 0;
    for (const BackupSource &source : sources)
        total += qMax<qint64>(QFileInfo(source.filesystemPath).size(), 0);
    qint64 done = 0;
    BackupManifest manifest;
    manifest.version = productVersion();
    manifest.created = QDateTime::currentDateTimeUtc();
    manifest.host = QHostInfo::localHostName();
    for (const BackupSource &source : sources) {
        bool vanished = false;
        const auto content = readSource(source, &vanished);
        if (!content.ok()) {
            if (vanished) {
                qCInfo(lcBackup, "%s went away during the backup; left out",
                       qPrintable(source.filesystemPath));
                continue;
            }
            return failed(content.error());
        }
        const QFileInfo sourceInfo(source.filesystemPath);
        BackupFile file = source.file;
        file.size = content.value().size();
        file.sha256 = QCryptographicHash::hash(content.value(), QCryptographicHash::Sha256).toHex();
        // Unix permission bits of the original, from QFileDevice's flags.
        const auto p = sourceInfo.permissions();
        file.mode = (p & QFile::ReadOwner ? 0400 : 0) | (p & QFile::WriteOwner ? 0200 : 0) |
                    (p & QFile::ExeOwner ? 0100 : 0) | (p & QFile::ReadGroup ? 0040 : 0) |
                    (p & QFile::ExeGroup ? 0010 : 0) | (p & QFile::ReadOther ? 0004 : 0) |
                    (p & QFile::ExeOther ? 0001 : 0);
        if (auto written = writeEntry(a.get(), file.path, content.value(), file.mode,
                                      sourceInfo.lastModified().toSecsSinceEpoch());
            !written.ok())
            return failed(written.error());
        manifest.files.append(file);
        done += file.size;
        if (progress && total > 0)
            progress(int(qMin<qint64>(99, done * 100 / total)));
    }
    if (auto written = writeEntry(a.get(), BackupManifest::entryName(), manifest.toJson(), 0600,
                                  manifest.created.toSecsSinceEpoch());
        !written.ok())
        return failed(written.error());
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        return failed(Error::internal(QStringLiteral("cannot finish the archive %1: %2")
                                          .arg(partial, archiveError(a.get()))));
    a.reset();
    if (::fsync(fd) != 0) {
        ::close(fd);
        ::unlink(partialName.constData());
        return Error::internal(QStringLiteral("cannot sync %1 to disk").arg(partial));
    }
    ::close(fd);
    if (::rename(partialName.constData(), QFile::encodeName(finalPath).constData()) != 0) {
        ::unlink(partialName.constData());
        return Error::internal(QStringLiteral("cannot rename %1 to %2").arg(partial, finalPath));
    }
    if (auto synced = syncFolder(info.absolutePath()); !synced.ok())
        return synced.error();
    if (progress)
        progress(100);
    return manifest;
}

} // namespace pmcp
