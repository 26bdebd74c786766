#include "server/cli/CheckConfigCommand.h"

#include "server/cli/ConfigLoader.h"
#include "shared/config/Config.h"

#include <algorithm>

namespace pmcp {

QString CheckConfigCommand::summary() const
{
    return QStringLiteral("validate the configuration and print every problem");
}

QString CheckConfigCommand::usage() const
{
    return QStringLiteral("Usage: proxmox-mcpd check-config [--config FILE]\n"
                          "Prints each problem as KEY: reason (with the line), warnings too.\n"
                          "Exit 0 when the configuration is valid, 1 when it is not.\n");
}

int CheckConfigCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    // Everything goes to stdout here: the problems are what was asked for.
    const Config config = Config::load(arguments.configPath);
    ConfigLoader(out()).report(config, ConfigLoader::Check::Valid);
    const auto problems = config.problems();
    const auto errors = std::count_if(problems.cbegin(), problems.cend(), [](const auto &p) {
        return p.severity == ConfigProblem::Severity::Error;
    });
    out() << arguments.configPath << ": " << (errors == 0 ? "valid" : "invalid") << " (" << errors
          << " error(s), " << problems.size() - errors << " warning(s))" << Qt::endl;
    return errors == 0 ? 0 : 1;
}

} // namespace pmcp
