#pragma once

#include "server/mcp/ToolDefinition.h"

#include <memory>

namespace pmcp {

class ProxmoxToolKit;

// proxmox_api: any Proxmox API call, checked against the embedded API schema before it is sent
// (the original server's generic tool, with its input schema); destructive calls are guarded.
class ApiPassthroughTool final {
public:
    static ToolDefinition definition(const std::shared_ptr<ProxmoxToolKit> &kit);
    // Whether the call deletes or interrupts something and so needs confirmation.
    static bool needsConfirmation(const QString &method, const QString &path,
                                  const QJsonObject &data);
};

} // namespace pmcp
