#pragma once

#include "server/cli/Subcommand.h"

#include <QTemporaryDir>

namespace pmcp {

class Config;

// `proxmox-mcpd setup-host`: prepares the Proxmox host for the daemon (the restricted SSH
// user, the daemon's public key, the generated sudoers file; the host key trusted on the
// daemon's side), over SSH as root or locally; --dry-run, --undo, and nothing changes twice.
class SetupHostCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("setup-host"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;

private:
    struct Target {
        QString host;
        quint16 port = 22;
        QString knownHosts;
    };
    // The daemon's side: the host key in SSH_KNOWN_HOSTS. Returns false after printing why.
    // In a dry run, loginKnownHosts becomes a copy in scratch that holds the key shown.
    bool trustHostKey(const Target &target, const Arguments &arguments, bool dryRun,
                      QTemporaryDir *scratch, QString *loginKnownHosts, bool forUndo);
    bool untrustHostKey(const Target &target, bool dryRun);
    void report(const QString &name, const QString &summary, const QString &state);

    QTemporaryDir m_scratch;
};

} // namespace pmcp
