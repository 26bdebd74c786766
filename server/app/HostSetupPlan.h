#pragma once

#include "shared/core/Result.h"

#include <QList>
#include <QString>

namespace pmcp {

// One change `proxmox-mcpd setup-host` makes on the Proxmox host, as shell commands run there as
// root: `check` exits 0 when the change is in place (the step is then left alone), `apply` makes
// it, `undoCheck` exits 0 when there is something of ours to take back, `undo` takes it back.
struct HostSetupStep final {
    QString name;    // user, key, sudoers
    QString summary; // "the restricted user claude-user"
    QString check;
    QString apply;
    QString undo;
    QString undoCheck;
};

// The host's side of the preparation, as exact commands (tested as text, and run for real
// against a loopback sshd in a throwaway root): the restricted user, the daemon's public key in
// its authorized_keys (with from= when given), the generated sudoers file after `visudo -c`.
// `root` is "" on a real host; a folder when preparing a copy of one (useradd --prefix), which
// is how the tests run the same commands without touching the machine's own users.
class HostSetupPlan final {
public:
    struct Inputs {
        QString user;        // SSH_USER
        QString publicKey;   // one line, "ssh-ed25519 AAAA... comment"
        QString fromAddress; // the daemon's address, or "" for no from= restriction
        QString sudoers;     // the text SudoersGenerator made
        QString root;        // "" on a real host
    };

    static Result<QList<HostSetupStep>> make(const Inputs &inputs);
    // The line written to authorized_keys.
    static QString authorizedKeyLine(const Inputs &inputs);
    // 'text' for /bin/sh, single quotes inside closed and reopened.
    static QString shellQuote(const QString &text);
    // Where the user step records that it created the user (only then does --undo delete it).
    static QString markerFolder() { return QStringLiteral("/var/lib/proxmox-mcp-host"); }
};

} // namespace pmcp
