#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd demo`: a Proxmox VE simulator with a small cluster in-process, and the daemon
// against it over the real REST path, so a new user can try every tool without a Proxmox host.
class DemoCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("demo"); }
    QString summary() const override;
    QString usage() const override;
    // The demo makes its own configuration.
    bool takesConfig() const override { return false; }
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;
};

} // namespace pmcp
