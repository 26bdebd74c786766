#include "server/cli/ServeCommand.h"

#include "server/app/Daemon.h"
#include "server/app/PidFile.h"
#include "server/app/ShutdownSignals.h"
#include "server/app/SystemdNotifier.h"
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
                          "which keys); it holds STATE_DIR/proxmox-mcpd.pid while it runs.\n"
                          "Under systemd (Type=notify) it reports READY=1 once listening,\n"
                          "RELOADING=1 around a reload, STOPPING=1, and WATCHDOG=1 when the unit\n"
                          "sets WatchdogSec.\n");
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
    SystemdNotifier systemd;
    QObject::connect(&shutdown, &ShutdownSignals::shutdownRequested, qApp, [&systemd](int signal) {
        qCInfo(lcCli, "signal %d: shutting down", signal);
        systemd.stopping();
        QCoreApplication::quit();
    });
    shutdown.watchReload();
    QObject::connect(&shutdown, &ShutdownSignals::reloadRequested, &daemon, [&daemon, &systemd] {
        systemd.reloading();
        const auto reloaded = daemon.reload();
        if (!reloaded.ok())
            qCWarning(lcCli, "SIGHUP: %s", qPrintable(reloaded.error().message));
        // Ready again either way: a refused reload leaves the configuration in force serving.
        systemd.ready(reloaded.ok()
                          ? QStringLiteral("configuration reloaded")
                          : QStringLiteral("reload refused: ") + reloaded.error().message);
    });
    // Type=notify: systemd starts what comes After= once the socket listens.
    systemd.ready(QStringLiteral("listening on ") + daemon.baseUrl() + Daemon::mcpPath());
    systemd.startWatchdog();
    const int code = QCoreApplication::exec();
    qCInfo(lcCli, "stopped");
    return code;
}

} // namespace pmcp
