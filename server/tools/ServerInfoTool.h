#pragma once

#include "server/mcp/ToolDefinition.h"

#include <QElapsedTimer>
#include <QStringList>

namespace pmcp {

class ToolRegistry;

// The server_info tool: what this daemon is, what it offers and who is asking.
class ServerInfoTool final {
public:
    struct Facts {
        QStringList enabledBackends; // e.g. "proxmox_api", "ssh"
        const ToolRegistry *tools = nullptr;
        QElapsedTimer uptime;
    };

    static ToolDefinition definition(std::shared_ptr<const Facts> facts);
};

} // namespace pmcp
