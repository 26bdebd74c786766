#include "server/cli/HelpCommand.h"

#include "server/cli/Cli.h"
#include "server/cli/ConfigReference.h"
#include "server/cli/ManPage.h"

namespace pmcp {

HelpCommand::HelpCommand(QTextStream &out, QTextStream &err, const Cli &cli)
    : Subcommand(out, err)
    , m_cli(cli)
{}

QString HelpCommand::summary() const
{
    return QStringLiteral("a subcommand's usage (help SUBCOMMAND), every configuration key "
                          "(help config), or the manual page (help man)");
}

QString HelpCommand::usage() const
{
    return QStringLiteral("Usage: proxmox-mcpd help [SUBCOMMAND]\n"
                          "       proxmox-mcpd help config\n"
                          "       proxmox-mcpd help man\n"
                          "Prints the usage of SUBCOMMAND (the same as SUBCOMMAND --help), or\n"
                          "every configuration key with its type, default and meaning, and how\n"
                          "`proxmox-mcpd config` changes them (its usage included), or the\n"
                          "manual page proxmox-mcpd(1) in roff, made from these same texts.\n");
}

int HelpCommand::execute(const Arguments &arguments)
{
    const QStringList &topics = arguments.positional;
    if (topics.size() > 1)
        return unexpectedArgument(topics.at(1));
    if (topics.isEmpty()) {
        out() << m_cli.usage() << Qt::flush;
        return 0;
    }
    if (topics.first() == QLatin1String("man")) {
        out() << ManPage::roff(m_cli) << Qt::flush;
        return 0;
    }
    if (topics.first() == QLatin1String("config")) {
        out() << ConfigReference::markdown() << Qt::flush;
        return 0;
    }
    const Subcommand *command = m_cli.subcommand(topics.first());
    if (!command) {
        // The dispatcher's shape, as for `proxmox-mcpd NAME` with an unknown NAME.
        err() << "proxmox-mcpd: no help for unknown subcommand \"" << topics.first() << "\""
              << Qt::endl;
        return 2;
    }
    out() << command->usage() << Qt::flush;
    return 0;
}

} // namespace pmcp
