#include "server/backup/BackupReader.h"

#include "server/backup/BackupWriter.h"

#include <QFile>
#include <QFileInfo>

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace pmcp {

namespace {

struct ArchiveDeleter {
    void operator()(archive *a) const { archive_read_free(a); }
};

QString archiveError(archive *a)
{
    const char *message = archive_error_string(a);
    return message ? QString::fromLocal8Bit(message) : QStringLiteral("unexpected end of data");
}

} // namespace

Result<void> BackupReader::read(const QString &path, const Visitor &visit, const Progress &progress)
{
    Failure failure;
    return read(path, visit, &failure, progress);
}

Result<void> BackupReader::read(const QString &path, const Visitor &visit, Failure *failure,
                                const Progress &progress)
{
    auto fail = [failure](const QString &entry, const QString &reason) -> Result<void> {
        failure->entry = entry;
        failure->reason = reason;
        return Error::invalid(entry.isEmpty() ? reason : entry + QStringLiteral(": ") + reason);
    };
    if (!QFileInfo(path).isFile())
        return fail({}, QStringLiteral("%1 is not a file").arg(path));
    const qint64 total = QFileInfo(path).size();
    std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_filename(a.get(), QFile::encodeName(path).constData(), 1 << 16) !=
        ARCHIVE_OK)
        return fail(
            {}, QStringLiteral("not a readable .tar.gz archive: %1").arg(archiveError(a.get())));
    QString previous;
    for (;;) {
        archive_entry *entry = nullptr;
        const int status = archive_read_next_header(a.get(), &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status != ARCHIVE_OK)
            return fail(previous.isEmpty() ? QString() : previous,
                        QStringLiteral("the archive is damaged %1: %2")
                            .arg(previous.isEmpty() ? QStringLiteral("at its start")
                                                    : QStringLiteral("after this entry"),
                                 archiveError(a.get())));
        const char *pathname = archive_entry_pathname(entry);
        const QString name = pathname ? QString::fromUtf8(pathname) : QString();
        if (name.isEmpty()) // what a damaged header can read as
            return fail(previous, QStringLiteral("the archive is damaged after this entry: an "
                                                 "entry without a name follows"));
        previous = name;
        if (archive_entry_filetype(entry) != AE_IFREG)
            return fail(name, QStringLiteral("is not a regular file"));
        const la_int64_t size = archive_entry_size(entry);
        if (size < 0 || size > BackupWriter::kMaxFileBytes)
            return fail(name, QStringLiteral("has an impossible size"));
        QByteArray content;
        content.resize(qsizetype(size));
        qint64 offset = 0;
        while (offset < size) {
            const la_ssize_t got =
                archive_read_data(a.get(), content.data() + offset, size_t(size - offset));
            if (got < 0)
                return fail(
                    name,
                    QStringLiteral("the archive is damaged here: %1").arg(archiveError(a.get())));
            if (got == 0)
                return fail(name, QStringLiteral("the archive ends inside this file"));
            offset += got;
        }
        if (auto visited = visit(name, content); !visited.ok())
            return fail(name, visited.error().message);
        if (progress && total > 0)
            progress(int(qMin<qint64>(99, archive_filter_bytes(a.get(), -1) * 100 / total)));
    }
    if (archive_read_close(a.get()) != ARCHIVE_OK)
        return fail(previous, QStringLiteral("the archive is damaged after this entry: %1")
                                  .arg(archiveError(a.get())));
    return {};
}

} // namespace pmcp
