#include "server/cli/StdioCommand.h"

#include "server/app/Daemon.h"
#include "server/app/ShutdownSignals.h"
#include "server/cli/ConfigLoader.h"

#include <QCoreApplication>

namespace pmcp {

QString StdioCommand::summary() const
{
    return QStringLiteral("serve MCP on stdin/stdout (for Claude Desktop and other local clients)");
}

QString StdioCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd stdio [--config FILE] [--read-only]\n"
        "Serves MCP as newline-delimited JSON-RPC on stdin/stdout; logs go to stderr.\n"
        "--read-only offers only the tools that change nothing.\n");
}

QList<QCommandLineOption> StdioCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("read-only"))};
}

int StdioCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    const auto config = ConfigLoader(err()).loadForDaemon(arguments.configPath);
    if (!config.ok())
        return fail(config.error().message, 1);
    Daemon daemon(config.value());
    const auto started = daemon.startStdio(arguments.options.isSet(QStringLiteral("read-only")));
    if (!started.ok())
        return fail(started.error().message, 1);
    QObject::connect(&daemon, &Daemon::finished, qApp, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    ShutdownSignals shutdown;
    QObject::connect(&shutdown, &ShutdownSignals::shutdownRequested, qApp, &QCoreApplication::quit);
    return QCoreApplication::exec();
}

} // namespace pmcp
