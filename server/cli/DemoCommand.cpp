#include "server/cli/DemoCommand.h"

#include "server/app/Daemon.h"
#include "server/app/Logging.h"
#include "server/app/PidFile.h"
#include "server/app/ShutdownSignals.h"
#include "server/auth/AdminTokenStore.h"
#include "server/auth/ClientStore.h"
#include "server/cli/CliLogCategory.h"
#include "server/cli/ConfigLoader.h"
#include "server/oauth/OAuthSecrets.h"
#include "server/oauth/OAuthStore.h"
#include "shared/config/Config.h"
#include "shared/config/EnvFile.h"
#include "shared/core/AtomicFile.h"
#include "shared/core/Version.h"
#include "server/simulator/PveSimulator.h"
#include "server/simulator/SimShell.h"

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <memory>

namespace pmcp {

namespace {

// One access request waiting for an administrator, so that the desktop control center has
// something to approve: a registered demo client asking as an MCP client would. It waits an hour.
Result<QString> demoAccessRequest(const QString &stateDir, const QString &resource)
{
    OAuthStore store(stateDir);
    store.setPendingLifetimeSeconds(3600);
    const auto client =
        store.registerClient(QStringLiteral("Demo client"),
                             {QStringLiteral("http://127.0.0.1/callback")}, QStringLiteral("cli"));
    if (!client.ok())
        return client.error();
    // Nobody holds the verifier: approving it shows the flow, the code is never exchanged.
    const QString challenge = OAuthSecrets::newSecret(QString()).left(43);
    const auto request = store.createRequest(
        {client.value().clientId, QStringLiteral("http://127.0.0.1/callback"),
         QStringLiteral("demo"), challenge, resource, QStringLiteral("read-only")});
    if (!request.ok())
        return request.error();
    return request.value().first.id;
}

// The keys the demo sets, in the order its configuration file lists them. MCP_HOST and MCP_PORT
// only when it serves HTTP.
QList<std::pair<ConfigKey, QString>> demoValues(bool http, quint16 port, const QString &stateDir,
                                                const PveSimulator &simulator,
                                                quint16 simulatorPort)
{
    QList<std::pair<ConfigKey, QString>> values;
    if (http)
        values += {{ConfigKey::McpHost, QStringLiteral("127.0.0.1")},
                   {ConfigKey::McpPort, QString::number(port)}};
    values += {
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
    return values;
}

Config demoConfig(const QList<std::pair<ConfigKey, QString>> &values)
{
    Config config = Config::defaults();
    for (const auto &[key, value] : values)
        config.set(key, value);
    return config;
}

// The demo's configuration as a .env file, so that the CLI commands of the README can be tried
// on the demo's state with --config FILE, and `proxmox-mcpd stdio --config FILE` reaches the
// same simulator while the demo runs.
QByteArray demoConfigFile(const QList<std::pair<ConfigKey, QString>> &values)
{
    auto file = EnvFile::parse(
        "# Written by `proxmox-mcpd demo`: the daemon against the demo's simulated cluster.\n"
        "# Try the CLI on it: proxmox-mcpd clients list --config THIS_FILE (audit verify,\n"
        "# sudoers, check-config, policy ... the same way). Valid while the demo runs.\n");
    for (const auto &[key, value] : values)
        file.value().set(configKeyName(key), value);
    return file.value().serialize();
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
        "Usage: proxmox-mcpd demo [--port N | --stdio] [--state-dir DIR]\n"
        "Starts a Proxmox VE simulator (3 nodes, about a dozen guests, storage with backups) and\n"
        "the daemon against it on http://127.0.0.1:N/api/mcp (default 8080, 0: any free port).\n"
        "Prints a client token and how to connect. --stdio serves MCP on stdin/stdout instead\n"
        "(for Claude Desktop and other stdio clients; everything else goes to stderr).\n"
        "Writes its configuration to DIR/proxmox-mcp.env and prints it: every CLI command takes\n"
        "it with --config. State lives in a temporary folder unless --state-dir is given.\n");
}

QList<QCommandLineOption> DemoCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("port"), QString(), QStringLiteral("N")),
            QCommandLineOption(QStringLiteral("state-dir"), QString(), QStringLiteral("DIR")),
            QCommandLineOption(QStringLiteral("stdio"))};
}

int DemoCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    const bool stdio = arguments.options.isSet(QStringLiteral("stdio"));
    quint16 port = 8080;
    if (arguments.options.isSet(QStringLiteral("port"))) {
        if (stdio)
            return usageError(QStringLiteral("--port and --stdio exclude each other"));
        bool ok = false;
        const uint value = arguments.options.value(QStringLiteral("port")).toUInt(&ok);
        if (!ok || value > 65535)
            return usageError(QStringLiteral("--port needs a port number (0-65535)"));
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
    } else if (!QDir().mkpath(stateDir)) {
        return fail(QStringLiteral("cannot create the state folder %1").arg(stateDir), 1);
    }
    stateDir = QDir(stateDir).absolutePath();

    Logging::install(QStringLiteral("INFO"));
    PveSimulator simulator(PveSimulator::Options{});
    const auto simulatorPort = simulator.start();
    if (!simulatorPort.ok())
        return fail(simulatorPort.error().message, 1);

    auto values = demoValues(!stdio, port, stateDir, simulator, simulatorPort.value());
    const Config config = demoConfig(values);
    if (!ConfigLoader(err()).report(config, ConfigLoader::Check::NoErrors))
        return fail(QStringLiteral("the demo's own configuration is invalid"), 1);

    Daemon daemon(config);
    // The shell tools run in a shell simulated on the same cluster, through the real policy.
    daemon.setCommandExecutor(std::make_shared<SimShell>(&simulator));
    const QString configPath = stateDir + QStringLiteral("/proxmox-mcp.env");
    QTextStream &show = stdio ? err() : out(); // stdout belongs to MCP with --stdio
    if (stdio) {
        const QByteArray file = demoConfigFile(values);
        if (auto written = AtomicFile::write(configPath, file); !written.ok())
            return fail(written.error().message, 1);
        const auto started = daemon.startStdio(false);
        if (!started.ok())
            return fail(started.error().message, 1);
        show << "proxmox-mcpd " << productVersion()
             << " demo --stdio: a simulated Proxmox VE cluster (pve1-pve3) on https://127.0.0.1:"
             << simulatorPort.value() << "; MCP on stdin/stdout.\n"
             << "Configuration file: " << configPath << (temporary ? " (removed on exit)" : "")
             << "\n"
             << file << Qt::endl;
        QObject::connect(&daemon, &Daemon::finished, qApp, &QCoreApplication::quit,
                         Qt::QueuedConnection);
    } else {
        ClientStore clients(stateDir);
        // A demo state folder given again gets fresh tokens (the old ones are revoked).
        (void)clients.revoke(QStringLiteral("demo"));
        (void)clients.revoke(QStringLiteral("demo-readonly"));
        const auto token = clients.create(QStringLiteral("demo"), false, 0);
        if (!token.ok())
            return fail(token.error().message, 1);
        const auto readOnlyToken = clients.create(QStringLiteral("demo-readonly"), true, 0);
        // The desktop control center connects with this one; it reads it from the file too.
        AdminTokenStore admins(stateDir);
        (void)admins.revoke(QStringLiteral("demo-admin"));
        const auto adminToken = admins.create(QStringLiteral("demo-admin"), false, 0);
        if (!adminToken.ok())
            return fail(adminToken.error().message, 1);
        const QString adminTokenPath = stateDir + QStringLiteral("/admin-token");
        if (auto written = AtomicFile::write(adminTokenPath, adminToken.value().toLatin1() + '\n');
            !written.ok())
            return fail(written.error().message, 1);
        const auto started = daemon.startHttp();
        if (!started.ok())
            return fail(started.error().message, 1);
        // With --port 0 the file names the port the system picked.
        values[1].second = QString::number(daemon.port());
        const QByteArray file = demoConfigFile(values);
        if (auto written = AtomicFile::write(configPath, file); !written.ok())
            return fail(written.error().message, 1);
        // `config set --config FILE` and the admin API's configuration routes work on the demo
        // as on a real daemon (the demo's values ignore the environment, and so does a reload).
        daemon.setConfigFile(configPath, QProcessEnvironment());
        const QString url = daemon.baseUrl() + Daemon::mcpPath();
        const auto pending = demoAccessRequest(stateDir, url);
        show << "\nproxmox-mcpd " << productVersion()
             << " demo: a simulated Proxmox VE cluster (pve1-pve3) on https://127.0.0.1:"
             << simulatorPort.value() << "\n"
             << "(another port: proxmox-mcpd demo --port N, or MCP_PORT=N bash .ci/demo)\n\n"
             << "  MCP endpoint:        " << url << "\n"
             << "  client token:        " << token.value() << "\n";
        if (readOnlyToken.ok())
            show << "  read-only token:     " << readOnlyToken.value() << "\n";
        show << "  admin API:           " << daemon.baseUrl() << "/api/admin/ (desktop, tray)\n"
             << "  admin token:         " << adminToken.value() << " (also in " << adminTokenPath
             << ")\n";
        if (pending.ok())
            show << "  access request:      " << pending.value()
                 << " (a demo client waits for approval: proxmox-mcpd clients approve "
                 << pending.value() << " --scope read-only --config " << configPath << ")\n";
        show << "\n  Claude Code:   claude mcp add --transport http proxmox " << url
             << " --header \"Authorization: Bearer " << token.value() << "\"\n"
             << "  or with OAuth: claude mcp add --transport http proxmox " << url
             << " (then approve its request: proxmox-mcpd clients pending --config " << configPath
             << ")\n"
             << "  Try:           curl " << daemon.baseUrl() << "/health ; " << daemon.baseUrl()
             << "/docs\n"
             << "  State folder:  " << stateDir << (temporary ? " (removed on exit)" : "") << "\n"
             << "  Configuration: " << configPath << " (proxmox-mcpd clients list --config "
             << configPath << ")\n\n"
             << file << "\nPress Ctrl-C to stop." << Qt::endl;
    }

    ShutdownSignals shutdown;
    QObject::connect(&shutdown, &ShutdownSignals::shutdownRequested, qApp,
                     [](int) { QCoreApplication::quit(); });
    PidFile pidFile(stateDir);
    if (!stdio) {
        if (const auto held = pidFile.acquire(); !held.ok())
            qCWarning(lcCli, "%s", qPrintable(held.error().message));
        shutdown.watchReload();
        QObject::connect(&shutdown, &ShutdownSignals::reloadRequested, &daemon, [&daemon] {
            const auto reloaded = daemon.reload();
            if (!reloaded.ok())
                qCWarning(lcCli, "SIGHUP: %s", qPrintable(reloaded.error().message));
        });
    }
    return QCoreApplication::exec();
}

} // namespace pmcp
