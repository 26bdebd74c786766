#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd version` (and `--version`): prints the version.
class VersionCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("version"); }
    QString summary() const override;
    QString usage() const override;
    bool takesConfig() const override { return false; }

protected:
    int execute(const Arguments &arguments) override;
};

} // namespace pmcp
