#include "server/cli/DemoCommand.h"

#include "server/app/Daemon.h"
#include "server/app/Logging.h"
#include "server/app/ShutdownSignals.h"
#include "server/auth/ClientStore.h"
#include "server/cli/ConfigLoader.h"
#include "shared/config/Config.h"
#include "shared/core/Version.h"
#include "server/simulator/PveSimulator.h"
#include "server/simulator/SimShell.h"

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <memory>

namespace pmcp {

namespace {

// The daemon against the simulator on loopback, with the simulator's token and certificate.
Config demoConfig(quint16 port, const QString &stateDir, const PveSimulator &simulator,
                  quint16 simulatorPort)
{
    Config config = Config::defaults();
    const QList<std::pair<ConfigKey, QString>> values{
        {ConfigKey::McpHost, QStringLiteral("127.0.0.1")},
        {ConfigKey::McpPort, QString::number(port)},
        {ConfigKey::StateDir, stateDir},
        {ConfigKey::EnableProxmoxApi, QStringLiteral("true")},
        {ConfigKey::ProxmoxHost, QStringLiteral("127.0.0.1")},
        {ConfigKey::ProxmoxPort, QString::number(simulatorPort)},
        {ConfigKey::ProxmoxUser, PveSimulator::tokenUser()},
        {ConfigKey::ProxmoxTokenName, PveSimulator::tokenName()},
        {ConfigKey::ProxmoxTokenValue, simulator.tokenSecret()},
        {ConfigKey::ProxmoxFingerprint, simulator.fingerprintSha256()},
        {ConfigKey::EnableSsh, QStringLiteral("false")},
        // The demo is where every tool can be tried; a real deployment starts with core.
        {ConfigKey::McpToolProfile, QStringLiteral("full")},
    };
    for (const auto &[key, value] : values)
        config.set(key, value);
    return config;
}

} // namespace

QString DemoCommand::summary() const
{
    return QStringLiteral(
        "a simulated Proxmox VE cluster and the daemon against it, to try everything");
}

QString DemoCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd demo [--port N] [--state-dir DIR]\n"
        "Starts a Proxmox VE simulator (3 nodes, about a dozen guests, storage with backups) and\n"
        "the daemon against it on http://127.0.0.1:N/api/mcp (default 8080). Prints a client "
        "token\n"
        "and how to connect. State lives in a temporary folder unless --state-dir is given.\n");
}

QList<QCommandLineOption> DemoCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("port"), QString(), QStringLiteral("N")),
            QCommandLineOption(QStringLiteral("state-dir"), QString(), QStringLiteral("DIR"))};
}

int DemoCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    quint16 port = 8080;
    if (arguments.options.isSet(QStringLiteral("port"))) {
        bool ok = false;
        const uint value = arguments.options.value(QStringLiteral("port")).toUInt(&ok);
        if (!ok || value > 65535)
            return fail(QStringLiteral("--port needs a port number (0-65535)"), 2);
        port = quint16(value);
    }
    QString stateDir = arguments.options.value(QStringLiteral("state-dir"));
    std::unique_ptr<QTemporaryDir> temporary;
    if (stateDir.isEmpty()) {
        temporary = std::make_unique<QTemporaryDir>(QDir::tempPath() +
                                                    QStringLiteral("/proxmox-mcp-demo-XXXXXX"));
        if (!temporary->isValid())
            return fail(QStringLiteral("cannot create a temporary folder"), 1);
        stateDir = temporary->path();
    }

    Logging::install(QStringLiteral("INFO"));
    PveSimulator simulator(PveSimulator::Options{});
    const auto simulatorPort = simulator.start();
    if (!simulatorPort.ok())
        return fail(simulatorPort.error().message, 1);

    const Config config = demoConfig(port, stateDir, simulator, simulatorPort.value());
    if (!ConfigLoader(err()).report(config, ConfigLoader::Check::NoErrors))
        return fail(QStringLiteral("the demo's own configuration is invalid"), 1);

    ClientStore clients(stateDir);
    // A demo state folder given again gets fresh tokens (the old ones are revoked).
    (void)clients.revoke(QStringLiteral("demo"));
    (void)clients.revoke(QStringLiteral("demo-readonly"));
    const auto token = clients.create(QStringLiteral("demo"), false, 0);
    if (!token.ok())
        return fail(token.error().message, 1);
    const auto readOnlyToken = clients.create(QStringLiteral("demo-readonly"), true, 0);

    Daemon daemon(config);
    // execute_command runs in a shell simulated on the same cluster, through the real policy.
    daemon.setCommandExecutor(std::make_shared<SimShell>(&simulator));
    const auto started = daemon.startHttp();
    if (!started.ok())
        return fail(started.error().message, 1);
    const QString url = daemon.baseUrl() + Daemon::mcpPath();
    out() << "\nproxmox-mcpd " << productVersion()
          << " demo: a simulated Proxmox VE cluster (pve1-pve3) on https://127.0.0.1:"
          << simulatorPort.value() << "\n\n"
          << "  MCP endpoint:        " << url << "\n"
          << "  client token:        " << token.value() << "\n";
    if (readOnlyToken.ok())
        out() << "  read-only token:     " << readOnlyToken.value() << "\n";
    out() << "\n  Claude Code:   claude mcp add --transport http proxmox " << url
          << " --header \"Authorization: Bearer " << token.value() << "\"\n"
          << "  Try:           curl " << daemon.baseUrl() << "/health ; " << daemon.baseUrl()
          << "/docs\n"
          << "  State folder:  " << stateDir << (temporary ? " (removed on exit)" : "") << "\n\n"
          << "Press Ctrl-C to stop." << Qt::endl;

    ShutdownSignals shutdown;
    QObject::connect(&shutdown, &ShutdownSignals::shutdownRequested, qApp,
                     [](int) { QCoreApplication::quit(); });
    return QCoreApplication::exec();
}

} // namespace pmcp
