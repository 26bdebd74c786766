#pragma once

#include "server/backup/BackupManifest.h"
#include "shared/core/Result.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace pmcp {

// What a restore put back.
struct RestoreReport final {
    QStringList parts; // the parts restored
    QStringList files; // archive paths written
    bool configRestored = false;
};

// Puts the files of a verified backup back, all parts or some: files of STATE_DIR are written
// into a staging folder inside STATE_DIR first, then each top-level entry (audit/, clients.json,
// …) replaces the old one by rename, so a reader sees the old or the new state of each, never a
// half-written one; files elsewhere (the configuration, the SSH key) are written atomically.
// STATE_DIR may be missing: it is created (0700).
class BackupRestorer final {
public:
    using Progress = std::function<void(int percent)>;

    // parts: empty restores everything. configPath: where the configuration file goes (empty:
    // where it was when the backup was made).
    static Result<RestoreReport> restore(const QString &archivePath, const QStringList &parts,
                                         const QString &stateDir, const QString &configPath,
                                         const Progress &progress = {});
};

} // namespace pmcp
