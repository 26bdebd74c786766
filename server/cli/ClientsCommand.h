#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

class ClientStore;

// `proxmox-mcpd clients create|list|revoke`: manages the bearer tokens of MCP clients in the
// client store under STATE_DIR (only hashes are stored; a new token is printed once).
class ClientsCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("clients"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;

private:
    int create(ClientStore &store, const QString &name, bool readOnly, int days);
    int list(ClientStore &store);
    int revoke(ClientStore &store, const QString &name);
};

} // namespace pmcp
