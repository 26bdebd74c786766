#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

class AdminTokenStore;

// `proxmox-mcpd admin-token create|list|revoke`: the bearer tokens of the admin API (the
// desktop, the tray, scripts), kept hashed in STATE_DIR/admin-tokens.json apart from the MCP
// client tokens; a new token is printed once.
class AdminTokenCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("admin-token"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;

private:
    int create(AdminTokenStore &store, const QString &name, int days);
    int list(AdminTokenStore &store, bool json);
    int revoke(AdminTokenStore &store, const QString &name);
};

} // namespace pmcp
