#pragma once

#include "server/cli/Subcommand.h"
#include "shared/config/Config.h"

namespace pmcp {

class BackupOperations;

// `proxmox-mcpd backup create|list|verify|restore`: backups of the daemon's state (the
// configuration, tokens, OAuth grants, the audit log and its key, SSH keys) as .tar.gz
// archives with a manifest of SHA-256 sums (docs/BACKUPS.md).
class BackupCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("backup"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;

private:
    int create(const BackupOperations &operations, const QString &outputDir);
    int list(const BackupOperations &operations, bool json);
    int verify(const BackupOperations &operations, const QString &file);
    int restore(const BackupOperations &operations, const QString &file, const QStringList &parts);
    // A path, or the name of an archive in BACKUP_DIR.
    QString resolve(const BackupOperations &operations, const QString &file) const;

    Config m_config;
};

} // namespace pmcp
