#pragma once

#include "server/mcp/ToolDefinition.h"

#include <memory>

namespace pmcp {

class ProxmoxToolKit;
class ToolRegistry;

// The QEMU guest agent tools: ping, network interfaces, and exec (runs a command in the VM and
// waits for its exit status and output).
class QemuAgentTools final {
public:
    static void registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit);
    // network-get-interfaces' {result:[...]} as rows {name, mac, addresses: ["10.0.0.5/24"]}.
    static QJsonArray interfaceRows(const QJsonValue &data);
};

} // namespace pmcp
