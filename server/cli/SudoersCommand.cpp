#include "server/cli/SudoersCommand.h"

#include "server/app/CommandBackend.h"
#include "server/cli/ConfigLoader.h"
#include "shared/config/Config.h"
#include "shared/core/AtomicFile.h"
#include "server/policy/CommandPolicy.h"
#include "server/policy/SudoersGenerator.h"

namespace pmcp {

QString SudoersCommand::summary() const
{
    return QStringLiteral("generate the sudoers file for SSH_USER from the command policy");
}

QString SudoersCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd sudoers [--config FILE] [--output PATH]\n"
        "Prints the sudoers drop-in for SSH_USER on the Proxmox host, generated from the\n"
        "command policy (ENABLE_DANGEROUS_COMMANDS included). --output writes it (0440) instead.\n"
        "Install it with: visudo -c -f FILE && install -m 0440 FILE "
        "/etc/sudoers.d/proxmox-mcp\n");
}

QList<QCommandLineOption> SudoersCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("output"), QString(), QStringLiteral("PATH"))};
}

int SudoersCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    const QString output = arguments.options.value(QStringLiteral("output"));
    const auto loaded = ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::Exists);
    if (!loaded.ok())
        return fail(loaded.error().message, 1);
    const Config &config = loaded.value();
    const bool dangerous = config.boolean(ConfigKey::EnableDangerousCommands);
    // The same policy the daemon uses: the rules file when COMMAND_POLICY_FILE is set.
    const auto policy = CommandBackend::policyFromConfig(config);
    if (!policy.ok())
        return fail(policy.error().message, 1);
    const auto text =
        SudoersGenerator(*policy.value(), dangerous).generate(config.string(ConfigKey::SshUser));
    if (!text.ok())
        return fail(text.error().message, 1);
    if (output.isEmpty()) {
        out() << text.value();
        return 0;
    }
    const auto written = AtomicFile::write(output, text.value().toUtf8(),
                                           QFileDevice::ReadOwner | QFileDevice::ReadGroup);
    if (!written.ok())
        return fail(written.error().message, 1);
    out() << "Wrote " << output << "; check it with `visudo -c -f " << output << "`" << Qt::endl;
    return 0;
}

} // namespace pmcp
