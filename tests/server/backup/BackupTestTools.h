#pragma once

#include "server/backup/BackupReader.h"
#include "shared/config/Config.h"
#include "shared/config/EnvFile.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <archive.h>
#include <archive_entry.h>

#include <utility>

// What the tests of server/backup share: the sample state's configuration, and archives
// rewritten by hand (libarchive directly) to stand for tampered or foreign ones.
namespace pmcp::test {

inline Config configOf(const QString &configPath)
{
    const auto file = EnvFile::load(configPath);
    return file.ok() ? Config::fromSources(file.value(), QProcessEnvironment())
                     : Config::defaults();
}

// The entries of an archive, in order.
inline QList<std::pair<QString, QByteArray>> entriesOf(const QString &path)
{
    QList<std::pair<QString, QByteArray>> entries;
    BackupReader::read(path, [&entries](const QString &name, const QByteArray &content) {
        entries.append({name, content});
        return Result<void>();
    });
    return entries;
}

// Writes these entries as a .tar.gz.
inline bool writeArchive(const QString &path, const QList<std::pair<QString, QByteArray>> &entries)
{
    archive *a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    if (archive_write_open_filename(a, QFile::encodeName(path).constData()) != ARCHIVE_OK) {
        archive_write_free(a);
        return false;
    }
    for (const auto &[name, content] : entries) {
        archive_entry *entry = archive_entry_new();
        const QByteArray pathName = name.toUtf8();
        archive_entry_set_pathname(entry, pathName.constData());
        archive_entry_set_size(entry, content.size());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0600);
        archive_write_header(a, entry);
        archive_write_data(a, content.constData(), size_t(content.size()));
        archive_entry_free(entry);
    }
    const bool closed = archive_write_close(a) == ARCHIVE_OK;
    archive_write_free(a);
    return closed;
}

inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeAll(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(content) == content.size();
}

} // namespace pmcp::test
