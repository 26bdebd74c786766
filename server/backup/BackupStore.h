#pragma once

#include "server/backup/BackupVerifier.h"
#include "shared/config/Config.h"
#include "shared/core/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace pmcp {

// One archive in the backup folder, as `backup list` and GET /api/admin/backups show it.
struct BackupEntry final {
    QString name; // proxmox-mcp-20261204-020000.tar.gz
    QString path;
    qint64 size = 0;
    QDateTime created; // UTC, from the file's modification time
    // "verified", "failed" or "unverified" (never checked, or changed since).
    QString verification;
    QDateTime verifiedAt;
    QString verifyMessage;

    QJsonObject toJson(const QDateTime &now) const;
};

// The backup folder (BACKUP_DIR, default STATE_DIR/backups; 0700): names for new archives,
// the list, what verification found for each (a hidden sidecar file per archive, valid only
// while the archive's size and time are unchanged), retention and the lock one creator holds.
class BackupStore final {
public:
    explicit BackupStore(QString directory);

    static QString directoryFor(const Config &config);
    QString directory() const { return m_directory; }

    // A fresh archive name for a backup made at `time` (UTC): proxmox-mcp-YYYYMMDD-HHMMSS
    // [-suffix].tar.gz, with -2, -3 … when taken.
    QString newPath(const QDateTime &time, const QString &suffix = {}) const;
    static bool isBackupName(const QString &name);

    // Newest first. Temporary files of unfinished backups are never listed.
    QList<BackupEntry> list() const;
    // The archive of that name in this folder; NotFound otherwise (names only, never paths).
    Result<BackupEntry> find(const QString &name) const;
    void recordVerification(const QString &archivePath, const BackupCheck &check) const;

    // Removes the oldest archives beyond keepCount (0: any number) and those older than
    // keepDays (0: any age); the newest always stays. Returns the names removed.
    QStringList applyRetention(int keepCount, int keepDays, const QDateTime &now) const;

    // Held while a backup is written; a second creator gets Conflict. Taking it removes the
    // temporary files that killed runs left behind.
    class Lock;
    Result<std::shared_ptr<Lock>> lock() const;

private:
    static QString sidecarPath(const QString &archivePath);
    QString m_directory;
};

class BackupStore::Lock final {
public:
    explicit Lock(int fd)
        : m_fd(fd)
    {}
    ~Lock();
    Q_DISABLE_COPY_MOVE(Lock)

private:
    int m_fd;
};

} // namespace pmcp
