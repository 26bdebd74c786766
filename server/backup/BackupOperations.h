#pragma once

#include "server/backup/BackupRestorer.h"
#include "server/backup/BackupStore.h"
#include "server/backup/BackupVerifier.h"
#include "shared/config/Config.h"
#include "shared/core/Result.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace pmcp {

// Create, verify and restore as the CLI, the admin API and the schedule run them, one
// synchronous call each (the daemon runs them on a worker thread, BackupService): create
// writes, verifies and applies retention; restore saves the current state as a backup first.
class BackupOperations final {
public:
    // step: "writing", "verifying", "saving the current state", "restoring"; percent 0-100.
    using Progress = std::function<void(const QString &step, int percent)>;

    BackupOperations(Config config, QString configPath);

    BackupStore store() const;

    // outputDir: empty writes into BACKUP_DIR and applies retention there afterwards.
    Result<BackupEntry> create(const QString &outputDir = {}, const QString &suffix = {},
                               const Progress &progress = {}) const;
    // Records the result beside the archive, for `backup list`.
    BackupCheck verify(const QString &archivePath, const Progress &progress = {}) const;

    struct Restored {
        RestoreReport report;
        QString savedAs; // the backup of the state before the restore; "" when there was none
    };
    Result<Restored> restore(const QString &archivePath, const QStringList &parts,
                             const Progress &progress = {}) const;

private:
    Result<BackupEntry> write(const BackupStore &store, const QString &suffix,
                              const Progress &progress) const;

    Config m_config;
    QString m_configPath;
};

} // namespace pmcp
