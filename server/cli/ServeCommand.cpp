#include "server/cli/ServeCommand.h"

#include "server/app/Daemon.h"
#include "server/app/ShutdownSignals.h"
#include "server/cli/CliLogCategory.h"
#include "server/cli/ConfigLoader.h"
#include "shared/core/Version.h"

#include <QCoreApplication>

namespace pmcp {

QString ServeCommand::summary() const
{
    return QStringLiteral("serve MCP over HTTP at MCP_HOST:MCP_PORT/api/mcp (the default)");
}

QString ServeCommand::usage() const
{
    return QStringLiteral("Usage: proxmox-mcpd serve [--config FILE]\n"
                          "Serves MCP over HTTP(S) at /api/mcp, with /health, /metrics and /docs.\n"
                          "Stops cleanly on SIGTERM or SIGINT.\n");
}

int ServeCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    const auto config = ConfigLoader(err()).loadForDaemon(arguments.configPath);
    if (!config.ok())
        return fail(config.error().message, 1);
    Daemon daemon(config.value());
    daemon.setConfigPath(arguments.configPath);
    const auto started = daemon.startHttp();
    if (!started.ok())
        return fail(started.error().message, 1);
    qCInfo(lcCli, "proxmox-mcpd %s listening on %s%s", qPrintable(productVersion()),
           qPrintable(daemon.baseUrl()), qPrintable(Daemon::mcpPath()));
    ShutdownSignals shutdown;
    QObject::connect(&shutdown, &ShutdownSignals::shutdownRequested, qApp, [](int signal) {
        qCInfo(lcCli, "signal %d: shutting down", signal);
        QCoreApplication::quit();
    });
    const int code = QCoreApplication::exec();
    qCInfo(lcCli, "stopped");
    return code;
}

} // namespace pmcp
