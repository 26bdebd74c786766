#pragma once

#include "server/cli/Subcommand.h"

#include <QStringList>
#include <QTextStream>

#include <memory>
#include <vector>

namespace pmcp {

// proxmox-mcpd's command line: the registry of subcommands and the dispatcher that hands the
// arguments after a subcommand's name to it. Output goes to the given streams so that tests
// can read it.
class Cli final {
public:
    // in: where questions are answered (stdin when null).
    Cli(QTextStream &out, QTextStream &err, QTextStream *in = nullptr);
    ~Cli();
    Q_DISABLE_COPY_MOVE(Cli)

    // arguments without the program name, e.g. {"clients", "create", "laptop"}; the exit code
    int run(QStringList arguments);

    // In the order of the overview.
    const std::vector<std::unique_ptr<Subcommand>> &subcommands() const { return m_subcommands; }
    const Subcommand *subcommand(const QString &name) const;
    // The overview `proxmox-mcpd --help` prints, listing every subcommand.
    QString usage() const;

private:
    QTextStream &m_err;
    std::vector<std::unique_ptr<Subcommand>> m_subcommands;
};

} // namespace pmcp
