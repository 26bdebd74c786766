#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd migrate --from DIR`: moves the old Python/Docker deployment's configuration,
// SSH key pair and sudoers facts over (LegacyMigration), writing the configuration through the
// validated, atomic ConfigEditor; the old files stay untouched; --dry-run shows the plan.
class MigrateCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("migrate"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;
};

} // namespace pmcp
