#pragma once

#include "server/backup/BackupManifest.h"
#include "shared/config/Config.h"

#include <QList>
#include <QString>

namespace pmcp {

// One file to put into a backup: where it is now and how the manifest records it.
struct BackupSource final {
    QString filesystemPath;
    BackupFile file; // path, part, origin, target; size and sum are filled in when written
};

// Which files of a deployment a backup holds (whatever of them exists): the configuration file
// and STATE_DIR/config-versions/, clients.json, admin-tokens.json, STATE_DIR/oauth/, the audit
// folder and its key, the SSH key (SSH_KEY_PATH, its .pub beside it), known_hosts and the
// generated sudoers file (STATE_DIR/sudoers) when kept. Lock files and backups are left out.
class BackupSources final {
public:
    static QList<BackupSource> collect(const Config &config, const QString &configPath);
    // The files of the state a part covers, relative to STATE_DIR (folders end in '/').
    static QStringList stateEntriesOf(const QString &part);
    // The part a path relative to STATE_DIR belongs to; "" when backups do not hold it.
    static QString partOfStatePath(const QString &relative);
};

} // namespace pmcp
