#pragma once

#include "server/mcp/AuditFacts.h"

#include <QString>
#include <QStringList>

namespace pmcp {

class ProxmoxTargets;
class ResourceRegistry;

// The MCP resources of the Proxmox targets, for what a model reads often: a target's cluster
// resources, a guest's configuration and a task's log, as templates with proxmox:// URIs read
// live from Proxmox (and each target's cluster resources listed as a concrete resource).
class ProxmoxResources final {
public:
    static const QString kClusterResources; // proxmox://{target}/cluster/resources
    static const QString kQemuConfig;       // proxmox://{target}/nodes/{node}/qemu/{vmid}/config
    static const QString kLxcConfig;        // proxmox://{target}/nodes/{node}/lxc/{vmid}/config
    static const QString kTaskLog;          // proxmox://{target}/nodes/{node}/tasks/{upid}/log

    // targets must outlive the registry's use.
    static void install(ResourceRegistry &registry, const ProxmoxTargets *targets);

    // The URIs whose content a finished call that changed something on target may have changed
    // (for notifications/resources/updated): the target's cluster resources, and the
    // configuration of the guest the call acted on.
    static QStringList changedBy(const AuditTarget &target);

    static QString clusterResourcesUri(const QString &target);
    static QString guestConfigUri(const QString &target, const QString &node, const QString &type,
                                  qint64 vmid);
};

} // namespace pmcp
