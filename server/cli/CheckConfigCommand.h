#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd check-config`: validates the configuration and prints every problem with its
// key and line; the exit code says whether the daemon would start with it.
class CheckConfigCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("check-config"); }
    QString summary() const override;
    QString usage() const override;

protected:
    int execute(const Arguments &arguments) override;
};

} // namespace pmcp
