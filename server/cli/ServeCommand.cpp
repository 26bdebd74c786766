#include "server/cli/ServeCommand.h"

#include "server/app/Daemon.h"
#include "server/app/PidFile.h"
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
                          "Stops cleanly on SIGTERM or SIGINT. On SIGHUP (systemctl reload) it\n"
                          "re-reads the file and applies what can change live (config show says\n"
                          "which keys); it holds STATE_DIR/proxmox-mcpd.pid while it runs.\n");
}

int ServeCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    const auto config = ConfigLoader(err()).loadForDaemon(arguments.configPath);
    if (!config.ok())
        return fail(config.error().message, 1);
    Daemon daemon(config.value());
    daemon.setConfigFile(arguments.configPath);
    const auto started = daemon.startHttp();
    if (!started.ok())
        return fail(started.error().message, 1);
    // `config set` finds the daemon to reload through this file; without it the daemon still
    // serves, and reloads on SIGHUP sent by other means.
    PidFile pidFile(config.value().string(ConfigKey::StateDir));
    if (const auto held = pidFile.acquire(); !held.ok())
        qCWarning(lcCli, "%s", qPrintable(held.error().message));
    qCInfo(lcCli, "proxmox-mcpd %s listening on %s%s", qPrintable(productVersion()),
           qPrintable(daemon.baseUrl()), qPrintable(Daemon::mcpPath()));
    ShutdownSignals shutdown;
    QObject::connect(&shutdown, &ShutdownSignals::shutdownRequested, qApp, [](int signal) {
        qCInfo(lcCli, "signal %d: shutting down", signal);
        QCoreApplication::quit();
    });
    shutdown.watchReload();
    QObject::connect(&shutdown, &ShutdownSignals::reloadRequested, &daemon, [&daemon] {
        const auto reloaded = daemon.reload();
        if (!reloaded.ok())
            qCWarning(lcCli, "SIGHUP: %s", qPrintable(reloaded.error().message));
    });
    const int code = QCoreApplication::exec();
    qCInfo(lcCli, "stopped");
    return code;
}

} // namespace pmcp
