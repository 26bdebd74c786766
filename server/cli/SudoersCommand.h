#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd sudoers`: prints (or writes) the sudoers drop-in for SSH_USER generated from
// the command policy, to install on the Proxmox host after `visudo -c -f`.
class SudoersCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("sudoers"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;
};

} // namespace pmcp
