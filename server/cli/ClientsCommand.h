#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

class ClientStore;
class OAuthStore;

// `proxmox-mcpd clients …`: the static bearer tokens of MCP clients (create, list, revoke; only
// hashes are stored, a new token is printed once) and OAuth client access (register a client,
// list, approve or reject pending access requests, revoke grants), under STATE_DIR.
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
    int list(ClientStore &tokens, OAuthStore &oauth, const QString &stateDir, bool json);
    int revoke(ClientStore &tokens, OAuthStore &oauth, const QString &name, const QString &reason);
    int registerClient(OAuthStore &oauth, const QString &name, const QStringList &redirectUris);
    int pending(OAuthStore &oauth, bool json);
    int approve(OAuthStore &oauth, const QString &id, const QString &scope, int days);
    int reject(OAuthStore &oauth, const QString &id);
};

} // namespace pmcp
