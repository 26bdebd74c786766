#pragma once

#include "shared/config/ConfigEditor.h"
#include "shared/core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pmcp {

// The move from the old Python/Docker deployment (/opt/proxmox-mcp: .env, keys/claude_proxmox_key,
// /etc/sudoers.d/claude-user) to this daemon's configuration: which old keys carry over and with
// what value, which are ignored and why, where the SSH key pair goes, what the old sudoers file
// says. Reads only; `proxmox-mcpd migrate` applies the plan through ConfigEditor.
class LegacyMigration final {
public:
    struct Ignored {
        QString key;
        QString reason;
    };
    struct Plan {
        ConfigChanges changes;    // for ConfigEditor::apply, in the old file's order
        QList<Ignored> ignored;   // keys not carried over, with why
        QString keySource;        // the old private key, "" when there is none
        QString keyTarget;        // where the daemon's copy goes (SSH_KEY_PATH)
        QStringList sudoersUsers; // users the old sudoers file grants commands to
        QStringList notes;        // what to do next, in order
    };

    // oldDir: the old installation folder; sudoersPath: the old sudoers file ("" to skip it);
    // configPath: the new configuration file (its folder gets keys/).
    static Result<Plan> plan(const QString &oldDir, const QString &sudoersPath,
                             const QString &configPath);
    // The old .env's keys the daemon ignores, with the reason `migrate` gives.
    static QString ignoredBecause(const QString &key);
};

} // namespace pmcp
