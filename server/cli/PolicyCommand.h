#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd policy show|check`: prints the command policy's rules (a starting point for
// COMMAND_POLICY_FILE), or judges a command line as execute_command would.
class PolicyCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("policy"); }
    QString summary() const override;
    QString usage() const override;

protected:
    int execute(const Arguments &arguments) override;
};

} // namespace pmcp
