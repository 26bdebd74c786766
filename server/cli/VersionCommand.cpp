#include "server/cli/VersionCommand.h"

#include "shared/core/Version.h"

namespace pmcp {

QString VersionCommand::summary() const
{
    return QStringLiteral("print the version");
}

QString VersionCommand::usage() const
{
    return QStringLiteral("Usage: proxmox-mcpd version\n"
                          "       proxmox-mcpd --version\n");
}

int VersionCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    out() << "proxmox-mcpd " << productVersion() << Qt::endl;
    return 0;
}

} // namespace pmcp
