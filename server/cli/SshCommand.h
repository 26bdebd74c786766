#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

// `proxmox-mcpd ssh trust`: shows the Proxmox host's SSH key fingerprint and, once a person
// confirms it (or --yes), records it in the known_hosts file the daemon checks.
class SshCommand final : public Subcommand {
public:
    // in: where the confirmation is read from (stdin when null).
    SshCommand(QTextStream &out, QTextStream &err, QTextStream *in = nullptr);

    QString name() const override { return QStringLiteral("ssh"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;

private:
    int trust(const QString &configPath, bool assumeYes);

    QTextStream *m_in;
};

} // namespace pmcp
