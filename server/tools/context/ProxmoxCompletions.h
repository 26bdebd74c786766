#pragma once

#include "server/mcp/McpServer.h"

namespace pmcp {

class ProxmoxTargets;

// completion/complete for the arguments of the prompts and resource templates that name
// Proxmox things: node, vmid and storage (asked from the target's /cluster/resources) and
// target (the configured targets). The engine filters by the typed prefix and keeps 100.
class ProxmoxCompletions final {
public:
    // targets must outlive the completer.
    static McpServer::Completer completer(const ProxmoxTargets *targets);
    // The candidates for argument among rows of GET /cluster/resources, in the order Proxmox
    // lists them, without duplicates; a vmid is narrowed to the node in context when one is
    // given.
    static QStringList candidates(const QString &argument, const QJsonArray &resources,
                                  const QJsonObject &context);
};

} // namespace pmcp
