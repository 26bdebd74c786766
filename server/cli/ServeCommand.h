#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd serve`: the daemon, serving MCP over HTTP(S) until SIGTERM or SIGINT.
class ServeCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("serve"); }
    QString summary() const override;
    QString usage() const override;

protected:
    int execute(const Arguments &arguments) override;
};

} // namespace pmcp
