#pragma once

#include "server/backup/BackupManifest.h"

#include <QString>

#include <functional>

namespace pmcp {

// What verifying one archive found.
struct BackupCheck final {
    bool ok = false;
    QString firstBadFile; // the archive entry at fault; "" when the archive itself is
    QString reason;
    int filesChecked = 0;
    BackupManifest manifest; // when it could be read

    // "verified: 12 files" or "FAILED at state/clients.json: its SHA-256 does not match …"
    QString message() const;
};

// Checks a backup archive: it reads to the end, every file's SHA-256 and size match the
// manifest, nothing is missing or extra, and the configuration file inside validates.
class BackupVerifier final {
public:
    using Progress = std::function<void(int percent)>;
    static BackupCheck verify(const QString &path, const Progress &progress = {});
};

} // namespace pmcp
