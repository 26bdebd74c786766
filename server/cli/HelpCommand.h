#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

class Cli;

// `proxmox-mcpd help [SUBCOMMAND]`: the overview, a subcommand's usage (the text its --help
// prints), or `help config`, the reference of every configuration key.
class HelpCommand final : public Subcommand {
public:
    // cli: the registry whose subcommands it explains.
    HelpCommand(QTextStream &out, QTextStream &err, const Cli &cli);

    QString name() const override { return QStringLiteral("help"); }
    QString summary() const override;
    QString usage() const override;
    bool takesConfig() const override { return false; }

protected:
    int execute(const Arguments &arguments) override;

private:
    const Cli &m_cli;
};

} // namespace pmcp
