#pragma once

#include <QList>
#include <QString>

namespace pmcp {

// One file (or folder) of STATE_DIR as `proxmox-mcpd check-state` read it.
struct StateCheckItem final {
    QString what;    // "client store"
    QString path;    // the file or folder read
    QString problem; // a sentence; empty when it was read
    QString detail;  // what was found, when it was read: "2 tokens"

    bool ok() const { return problem.isEmpty(); }
};

// Reads what the daemon keeps under STATE_DIR with this version's own readers, writing nothing:
// the client and admin token stores, the OAuth store (clients, access requests, grants), the
// audit log's key, anchor and chain head, the rotation record and the alert store. The package's
// postinst runs it (`check-state`) after an upgrade unpacked a new version and before the
// daemon is restarted: a state the new version cannot read stops the upgrade there, with the
// running daemon left as it was (docs/INSTALL.md "Upgrade and rollback").
class StateCheck final {
public:
    // Every item, in that order; a missing file is readable (nothing was made yet), a missing
    // STATE_DIR is not.
    static QList<StateCheckItem> run(const QString &stateDir);
};

} // namespace pmcp
