#pragma once

#include "server/mcp/ToolDefinition.h"
#include "server/tools/shell/ExecuteCommandTool.h"

#include <QStringList>

#include <memory>

namespace pmcp {

class ToolRegistry;

// Registers the shell tools (execute_command and the typed helpers such as lxc_exec) on one
// executor and one command policy.
class ShellTools final {
public:
    static void registerAll(ToolRegistry &registry, std::shared_ptr<CommandExecutor> executor,
                            std::shared_ptr<const CommandPolicy> policy,
                            ShellBackend::Observer observer = {}, ShellBackend::Judge judge = {},
                            std::shared_ptr<const ShellOperationGuard> guard = {},
                            ShellBackend::Announce announce = {});

    // lxc_exec {node?, vmid, command: [program, args...]}: pct exec VMID -- 'arg' ...
    static ToolDefinition lxcExecDefinition(std::shared_ptr<const ShellBackend> backend);
    // One word for a POSIX shell: 'it'\''s' (always quoted, so nothing in it is special).
    static QString quote(const QString &word);
    static QString quoteAll(const QStringList &words);
};

} // namespace pmcp
