#include "server/cli/SudoersCommand.h"

#include "server/app/CommandBackend.h"
#include "server/cli/Cli.h"
#include "shared/config/Config.h"
#include "shared/core/AtomicFile.h"
#include "server/policy/CommandPolicy.h"
#include "server/policy/SudoersGenerator.h"

#include <QFileInfo>

namespace pmcp {

SudoersCommand::SudoersCommand(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{}

QString SudoersCommand::usage()
{
    return QStringLiteral(
        "Usage: proxmox-mcpd sudoers [--config FILE] [--output PATH]\n"
        "Prints the sudoers drop-in for SSH_USER on the Proxmox host, generated from the\n"
        "command policy (ENABLE_DANGEROUS_COMMANDS included). --output writes it (0440) instead.\n"
        "Install it with: visudo -c -f FILE && install -m 0440 FILE "
        "/etc/sudoers.d/proxmox-mcp\n");
}

int SudoersCommand::fail(const QString &message, int code)
{
    m_err << "proxmox-mcpd sudoers: " << message << Qt::endl;
    return code;
}

int SudoersCommand::run(QStringList arguments)
{
    QString configPath = Cli::defaultConfigPath();
    QString output;
    while (!arguments.isEmpty()) {
        const QString argument = arguments.takeFirst();
        if ((argument == QLatin1String("--config") || argument == QLatin1String("--output")) &&
            arguments.isEmpty())
            return fail(QStringLiteral("%1 needs a value").arg(argument), 2);
        if (argument == QLatin1String("--config"))
            configPath = arguments.takeFirst();
        else if (argument.startsWith(QLatin1String("--config=")))
            configPath = argument.mid(9);
        else if (argument == QLatin1String("--output"))
            output = arguments.takeFirst();
        else if (argument.startsWith(QLatin1String("--output=")))
            output = argument.mid(9);
        else
            return fail(QStringLiteral("unexpected argument \"%1\"\n\n%2").arg(argument, usage()),
                        2);
    }
    if (configPath.isEmpty() || !QFileInfo::exists(configPath))
        return fail(QStringLiteral("cannot read the configuration %1").arg(configPath), 1);
    const Config config = Config::load(configPath);
    const bool dangerous = config.boolean(QStringLiteral("ENABLE_DANGEROUS_COMMANDS"));
    // The same policy the daemon uses: the rules file when COMMAND_POLICY_FILE is set.
    const auto policy = CommandBackend::policyFromConfig(config);
    if (!policy.ok())
        return fail(policy.error().message, 1);
    const auto text = SudoersGenerator(*policy.value(), dangerous)
                          .generate(config.string(QStringLiteral("SSH_USER")));
    if (!text.ok())
        return fail(text.error().message, 1);
    if (output.isEmpty()) {
        m_out << text.value();
        return 0;
    }
    const auto written = AtomicFile::write(output, text.value().toUtf8(),
                                           QFileDevice::ReadOwner | QFileDevice::ReadGroup);
    if (!written.ok())
        return fail(written.error().message, 1);
    m_out << "Wrote " << output << "; check it with `visudo -c -f " << output << "`" << Qt::endl;
    return 0;
}

} // namespace pmcp
