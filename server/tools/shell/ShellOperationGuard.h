#pragma once

#include "server/policy/CoreRules.h"
#include "server/proxmox/ProxmoxTypes.h"
#include "shared/core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace pmcp {

class ProxmoxClient;

// What the shell tools ask Proxmox about a command line, so that a Proxmox command-line call
// meets what the typed tool that does the same meets (docs/SAFETY.md). A qm/pct/pvesm/... call
// mapped to its API operation (PveCliMapping, node "localhost") is placed on the node that
// really holds the guest (from /cluster/resources) or, for node operations, on the node the
// target answers for (/cluster/status, "local"); the guest's facts give the typed tool's
// sentence (ConfirmationGate::describe) and its protection flag. After a line ran, the same
// placement names the resources it may have changed.
class ShellOperationGuard final {
public:
    // client: the Proxmox target the shell's host belongs to; target: its name in resource URIs.
    ShellOperationGuard(ProxmoxClient *client, QString target);

    struct Plan {
        ProxmoxRequest request; // the operation, on the node that performs it
        QJsonObject affects;    // the guest's facts (GuestFacts) when it acts on one
        QString what;           // the typed tool's verb phrase: "delete VM 100 (...) on node pve1"
        QString refusal;        // not empty: the typed tool would refuse it (a protected guest)
    };
    using PlanDone = std::function<void(Result<Plan>)>;
    void plan(const ApiOperation &operation, PlanDone done) const;

    // The resource URIs (ProxmoxResources) the operations may have changed: the target's cluster
    // resources and the configuration of every guest they act on.
    void changedUris(const QList<ApiOperation> &operations,
                     std::function<void(QStringList)> done) const;

    // Whether the typed tools refuse the operation on a protected guest: destroying a guest or
    // restoring a backup over one (qemu_delete, lxc_delete, backup_restore).
    static bool refusesProtected(const ApiOperation &operation);
    // The guest an operation acts on (type "qemu"/"lxc", vmid; a restore's vmid parameter), or
    // vmid 0.
    struct Guest {
        QString type;
        qint64 vmid = 0;
    };
    static Guest guestOf(const ApiOperation &operation);
    // The operation's path with its node segment replaced.
    static QString onNode(const QString &path, const QString &node);

    const QString &target() const { return m_target; }

private:
    // Where the guests are (vmid -> node) and which node the target answers for.
    struct Placement {
        QHash<qint64, QString> nodes;
        QString local;
    };
    void place(std::function<void(Result<Placement>)> done) const;

    ProxmoxClient *m_client;
    QString m_target;
};

} // namespace pmcp
