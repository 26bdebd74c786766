#pragma once

#include "shared/core/Result.h"

#include <memory>

namespace pmcp {

class CommandExecutor;
class CommandPolicy;
class Config;

// Builds what the shell tools need from the configuration: where commands run (SSH to the
// Proxmox host, or locally) and the policy they must pass.
class CommandBackend final {
public:
    // nullptr when neither ENABLE_SSH nor ENABLE_LOCAL_EXECUTION is on.
    static std::shared_ptr<CommandExecutor> executorFromConfig(const Config &config);
    // The rules file (COMMAND_POLICY_FILE) or the built-in rules.
    static Result<std::shared_ptr<const CommandPolicy>> policyFromConfig(const Config &config);
};

} // namespace pmcp
