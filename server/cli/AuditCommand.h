#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd audit verify|tail`: checks the HMAC chain of the audit log under STATE_DIR and
// names the first bad entry, or prints the last entries.
class AuditCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("audit"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;

private:
    int verify(const QString &stateDir);
    int tail(const QString &stateDir, int count);
};

} // namespace pmcp
