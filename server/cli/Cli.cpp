#include "server/cli/Cli.h"

#include "server/cli/AdminTokenCommand.h"
#include "server/cli/AlertsCommand.h"
#include "server/cli/AuditCommand.h"
#include "server/cli/BackupCommand.h"
#include "server/cli/CheckConfigCommand.h"
#include "server/cli/CheckStateCommand.h"
#include "server/cli/ClientsCommand.h"
#include "server/cli/ConfigCommand.h"
#include "server/cli/DemoCommand.h"
#include "server/cli/HealthReportCommand.h"
#include "server/cli/HelpCommand.h"
#include "server/cli/MigrateCommand.h"
#include "server/cli/PolicyCommand.h"
#include "server/cli/RotateCommand.h"
#include "server/cli/ServeCommand.h"
#include "server/cli/SetupHostCommand.h"
#include "server/cli/SshCommand.h"
#include "server/cli/StdioCommand.h"
#include "server/cli/SudoersCommand.h"
#include "server/cli/VersionCommand.h"

namespace pmcp {

Cli::Cli(QTextStream &out, QTextStream &err, QTextStream *in)
    : m_err(err)
{
    m_subcommands.push_back(std::make_unique<ServeCommand>(out, err));
    m_subcommands.push_back(std::make_unique<StdioCommand>(out, err));
    m_subcommands.push_back(std::make_unique<DemoCommand>(out, err));
    m_subcommands.push_back(std::make_unique<CheckConfigCommand>(out, err));
    m_subcommands.push_back(std::make_unique<CheckStateCommand>(out, err));
    m_subcommands.push_back(std::make_unique<ConfigCommand>(out, err));
    m_subcommands.push_back(std::make_unique<ClientsCommand>(out, err));
    m_subcommands.push_back(std::make_unique<AdminTokenCommand>(out, err));
    m_subcommands.push_back(std::make_unique<AuditCommand>(out, err));
    m_subcommands.push_back(std::make_unique<BackupCommand>(out, err));
    m_subcommands.push_back(std::make_unique<HealthReportCommand>(out, err));
    m_subcommands.push_back(std::make_unique<AlertsCommand>(out, err));
    m_subcommands.push_back(std::make_unique<RotateCommand>(out, err));
    m_subcommands.push_back(std::make_unique<SshCommand>(out, err, in));
    m_subcommands.push_back(std::make_unique<SudoersCommand>(out, err));
    m_subcommands.push_back(std::make_unique<SetupHostCommand>(out, err));
    m_subcommands.push_back(std::make_unique<MigrateCommand>(out, err));
    m_subcommands.push_back(std::make_unique<PolicyCommand>(out, err));
    m_subcommands.push_back(std::make_unique<VersionCommand>(out, err));
    m_subcommands.push_back(std::make_unique<HelpCommand>(out, err, *this));
}

Cli::~Cli() = default;

const Subcommand *Cli::subcommand(const QString &name) const
{
    for (const auto &command : m_subcommands) {
        if (command->name() == name)
            return command.get();
    }
    return nullptr;
}

QString Cli::usage() const
{
    QString text = QStringLiteral("Usage: proxmox-mcpd [SUBCOMMAND] [OPTIONS]\n"
                                  "Model Context Protocol server for Proxmox VE.\n\n"
                                  "Subcommands:\n");
    for (const auto &command : m_subcommands)
        text += QStringLiteral("  %1 %2\n").arg(command->name(), -14).arg(command->summary());
    return text + QStringLiteral("\nCommon options:\n"
                                 "  --config FILE  the .env configuration (default: $PMCP_CONFIG "
                                 "or /etc/proxmox-mcp/proxmox-mcp.env);\n"
                                 "                 environment variables override its keys\n"
                                 "  --help, --version\n");
}

int Cli::run(QStringList arguments)
{
    // serve is the default subcommand: `proxmox-mcpd` and `proxmox-mcpd --config FILE` serve.
    if (arguments.isEmpty() || arguments.first().startsWith(QLatin1String("--config")))
        arguments.prepend(QStringLiteral("serve"));
    QString name = arguments.takeFirst();
    if (name == QLatin1String("--version"))
        name = QStringLiteral("version");
    else if (name == QLatin1String("--help") || name == QLatin1String("-h"))
        name = QStringLiteral("help");
    for (const auto &command : m_subcommands) {
        if (command->name() == name)
            return command->run(arguments);
    }
    m_err << "proxmox-mcpd: unknown subcommand \"" << name << "\"\n\n" << usage() << Qt::endl;
    return 2;
}

} // namespace pmcp
