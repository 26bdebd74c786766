#pragma once

#include "server/mcp/ToolDefinition.h"

#include <memory>

namespace pmcp {

class ProxmoxToolKit;
class ToolRegistry;

// The backup tools: back up now (vzdump), list backup files, restore, delete a backup, list
// backup jobs and run a job now.
class BackupTools final {
public:
    static void registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit);
    // The vzdump parameters of a backup job (its schedule and bookkeeping keys left out).
    static QJsonObject vzdumpParamsOfJob(const QJsonObject &job);
};

} // namespace pmcp
