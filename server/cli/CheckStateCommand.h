#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd check-state`: reads the configuration and everything under STATE_DIR with this
// version's code (server/app/StateCheck), writing nothing, and says what it cannot read. The
// package's postinst runs it after an upgrade, before the daemon is restarted.
class CheckStateCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("check-state"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;
};

} // namespace pmcp
