#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd stdio`: the daemon serving MCP on stdin/stdout for one local client (Claude
// Desktop), until the end of its input.
class StdioCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("stdio"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;
};

} // namespace pmcp
