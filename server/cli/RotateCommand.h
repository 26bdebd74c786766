#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd rotate ssh-key|api-token [--dry-run]`: replaces the credential the daemon logs in
// with, each step printed as it happens, every failure undone so the old credential keeps working
// (docs/ROTATION.md).
class RotateCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("rotate"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;

private:
    int rotateSshKey(const QString &configPath, bool dryRun);
    int rotateApiToken(const QString &configPath, bool dryRun);
};

} // namespace pmcp
