#include "server/cli/Cli.h"

#include "server/app/Daemon.h"
#include "server/app/Logging.h"
#include "server/app/ShutdownSignals.h"
#include "server/auth/ClientStore.h"
#include "server/cli/AuditCommand.h"
#include "server/cli/CliLogCategory.h"
#include "server/cli/ConfigReference.h"
#include "server/cli/DemoCommand.h"
#include "server/cli/PolicyCommand.h"
#include "server/cli/SshCommand.h"
#include "server/cli/SudoersCommand.h"
#include "shared/config/Config.h"
#include "shared/core/Version.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcessEnvironment>

#include <algorithm>

namespace pmcp {

namespace {

const QStringList kSubcommands{
    QStringLiteral("serve"),   QStringLiteral("stdio"),   QStringLiteral("check-config"),
    QStringLiteral("clients"), QStringLiteral("version"), QStringLiteral("help"),
    QStringLiteral("demo"),    QStringLiteral("ssh"),     QStringLiteral("audit"),
    QStringLiteral("sudoers"), QStringLiteral("policy")};

// Removes a flag; true if it was there.
bool takeFlag(QStringList &arguments, const QString &flag)
{
    return arguments.removeAll(flag) > 0;
}

// Removes "--name VALUE" or "--name=VALUE"; the value, or a null string.
QString takeOption(QStringList &arguments, const QString &name, bool *missingValue = nullptr)
{
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == name) {
            if (i + 1 >= arguments.size()) {
                if (missingValue)
                    *missingValue = true;
                arguments.removeAt(i);
                return {};
            }
            const QString value = arguments[i + 1];
            arguments.remove(i, 2);
            return value;
        }
        if (arguments[i].startsWith(name + QLatin1Char('='))) {
            const QString value = arguments[i].mid(name.size() + 1);
            arguments.removeAt(i);
            return value;
        }
    }
    return {};
}

QString formatDate(const QDateTime &date)
{
    return date.isValid() ? date.toUTC().toString(Qt::ISODate) : QStringLiteral("never");
}

} // namespace

Cli::Cli(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{}

QString Cli::defaultConfigPath()
{
    const QString fromEnv = qEnvironmentVariable("PMCP_CONFIG");
    return fromEnv.isEmpty() ? QStringLiteral("/etc/proxmox-mcp/proxmox-mcp.env") : fromEnv;
}

QString Cli::usage()
{
    return QStringLiteral(
        "Usage: proxmox-mcpd [SUBCOMMAND] [OPTIONS]\n"
        "Model Context Protocol server for Proxmox VE.\n\n"
        "Subcommands:\n"
        "  serve          serve MCP over HTTP at MCP_HOST:MCP_PORT/api/mcp (the default)\n"
        "  stdio          serve MCP on stdin/stdout (for Claude Desktop and other local clients)\n"
        "  demo           a simulated Proxmox VE cluster and the daemon against it, to try "
        "everything\n"
        "  check-config   validate the configuration and print every problem\n"
        "  clients        create, list or revoke client tokens\n"
        "  audit          verify the audit log's HMAC chain, or print its last entries\n"
        "  ssh trust      show the Proxmox host's SSH key fingerprint and trust it\n"
        "  sudoers        generate the sudoers file for SSH_USER from the command policy\n"
        "  policy         show the command policy's rules, or check a command against them\n"
        "  version        print the version\n"
        "  help [SUBCOMMAND]\n"
        "  help config    every configuration key with its type, default and meaning\n\n"
        "Common options:\n"
        "  --config FILE  the .env configuration (default: $PMCP_CONFIG or "
        "/etc/proxmox-mcp/proxmox-mcp.env);\n"
        "                 environment variables override its keys\n"
        "  --help, --version\n");
}

QString Cli::usage(const QString &subcommand)
{
    if (subcommand == QLatin1String("serve"))
        return QStringLiteral(
            "Usage: proxmox-mcpd serve [--config FILE]\n"
            "Serves MCP over HTTP(S) at /api/mcp, with /health, /metrics and /docs.\n"
            "Stops cleanly on SIGTERM or SIGINT.\n");
    if (subcommand == QLatin1String("stdio"))
        return QStringLiteral(
            "Usage: proxmox-mcpd stdio [--config FILE] [--read-only]\n"
            "Serves MCP as newline-delimited JSON-RPC on stdin/stdout; logs go to stderr.\n"
            "--read-only offers only the tools that change nothing.\n");
    if (subcommand == QLatin1String("check-config"))
        return QStringLiteral("Usage: proxmox-mcpd check-config [--config FILE]\n"
                              "Prints each problem as KEY: reason (with the line), warnings too.\n"
                              "Exit 0 when the configuration is valid, 1 when it is not.\n");
    if (subcommand == QLatin1String("clients"))
        return QStringLiteral(
            "Usage: proxmox-mcpd clients create NAME [--read-only] [--expires-days N] [--config "
            "FILE]\n"
            "       proxmox-mcpd clients list [--config FILE]\n"
            "       proxmox-mcpd clients revoke NAME [--config FILE]\n"
            "create prints the new bearer token once, as the last line of its output;\n"
            "only its SHA-256 hash is stored under STATE_DIR. A running daemon sees\n"
            "new and revoked tokens within a second.\n");
    if (subcommand == QLatin1String("demo"))
        return DemoCommand::usage();
    if (subcommand == QLatin1String("audit"))
        return AuditCommand::usage();
    if (subcommand == QLatin1String("ssh"))
        return SshCommand::usage();
    if (subcommand == QLatin1String("sudoers"))
        return SudoersCommand::usage();
    if (subcommand == QLatin1String("policy"))
        return PolicyCommand::usage();
    if (subcommand == QLatin1String("version"))
        return QStringLiteral("Usage: proxmox-mcpd version\n");
    if (subcommand == QLatin1String("help"))
        return QStringLiteral("Usage: proxmox-mcpd help [SUBCOMMAND]\n");
    return usage();
}

int Cli::fail(const QString &message, int code)
{
    m_err << "proxmox-mcpd: " << message << Qt::endl;
    return code;
}

std::optional<QString> Cli::takeConfigPath(QStringList &arguments)
{
    const bool given = std::any_of(arguments.cbegin(), arguments.cend(), [](const QString &a) {
        return a == QLatin1String("--config") || a.startsWith(QLatin1String("--config="));
    });
    bool missingValue = false;
    const QString path = takeOption(arguments, QStringLiteral("--config"), &missingValue);
    // A forgotten FILE must not fall back to the system-wide configuration.
    if (given && (missingValue || path.isEmpty()))
        return std::nullopt;
    return path.isEmpty() ? defaultConfigPath() : path;
}

bool Cli::loadConfig(const QString &path, bool requireValid, Config &config)
{
    config = Config::load(path);
    bool ok = true;
    for (const auto &problem : config.problems()) {
        const bool error = problem.severity == ConfigProblem::Severity::Error;
        if (!error && !requireValid)
            continue;
        ok = ok && !error;
        m_err << (error ? "error: " : "warning: ")
              << (problem.key.isEmpty() ? QString() : problem.key + QStringLiteral(": "))
              << problem.reason
              << (problem.line > 0 ? QStringLiteral(" (line %1)").arg(problem.line) : QString())
              << Qt::endl;
    }
    return ok || !requireValid;
}

int Cli::run(QStringList arguments)
{
    if (arguments.isEmpty() || arguments.first().startsWith(QLatin1String("--config")))
        arguments.prepend(QStringLiteral("serve"));
    const QString command = arguments.takeFirst();
    if (command == QLatin1String("--version") || command == QLatin1String("version")) {
        m_out << "proxmox-mcpd " << productVersion() << Qt::endl;
        return 0;
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h"))
        return help({});
    if (!kSubcommands.contains(command))
        return fail(QStringLiteral("unknown subcommand \"%1\"\n\n%2").arg(command, usage()));
    if (takeFlag(arguments, QStringLiteral("--help")) ||
        takeFlag(arguments, QStringLiteral("-h"))) {
        m_out << usage(command);
        return 0;
    }
    if (command == QLatin1String("help"))
        return help(arguments);
    if (command == QLatin1String("serve"))
        return serve(arguments);
    if (command == QLatin1String("stdio"))
        return stdio(arguments);
    if (command == QLatin1String("check-config"))
        return checkConfig(arguments);
    if (command == QLatin1String("demo"))
        return DemoCommand(m_out, m_err).run(arguments);
    if (command == QLatin1String("audit"))
        return AuditCommand(m_out, m_err).run(arguments);
    if (command == QLatin1String("ssh"))
        return SshCommand(m_out, m_err).run(arguments);
    if (command == QLatin1String("sudoers"))
        return SudoersCommand(m_out, m_err).run(arguments);
    if (command == QLatin1String("policy"))
        return PolicyCommand(m_out, m_err).run(arguments);
    return clients(arguments);
}

int Cli::help(const QStringList &arguments)
{
    if (arguments == QStringList{QStringLiteral("config")}) {
        m_out << ConfigReference::markdown();
        return 0;
    }
    if (!arguments.isEmpty() && !kSubcommands.contains(arguments.first()))
        return fail(QStringLiteral("no help for unknown subcommand \"%1\"").arg(arguments.first()));
    m_out << (arguments.isEmpty() ? usage() : usage(arguments.first()));
    return 0;
}

int Cli::checkConfig(const QStringList &args)
{
    QStringList arguments = args;
    const auto configPath = takeConfigPath(arguments);
    if (!configPath)
        return fail(QStringLiteral("--config needs a FILE"));
    const QString path = *configPath;
    if (!arguments.isEmpty())
        return fail(QStringLiteral("unexpected argument \"%1\"").arg(arguments.first()));
    const Config config = Config::load(path);
    int errors = 0;
    int warnings = 0;
    for (const auto &problem : config.problems()) {
        const bool error = problem.severity == ConfigProblem::Severity::Error;
        (error ? errors : warnings)++;
        m_out << (error ? "error: " : "warning: ")
              << (problem.key.isEmpty() ? QString() : problem.key + QStringLiteral(": "))
              << problem.reason
              << (problem.line > 0 ? QStringLiteral(" (line %1)").arg(problem.line) : QString())
              << Qt::endl;
    }
    m_out << path << ": " << (errors == 0 ? "valid" : "invalid") << " (" << errors << " error(s), "
          << warnings << " warning(s))" << Qt::endl;
    return errors == 0 ? 0 : 1;
}

int Cli::clients(const QStringList &args)
{
    QStringList arguments = args;
    const auto configPath = takeConfigPath(arguments);
    if (!configPath)
        return fail(QStringLiteral("--config needs a FILE"));
    const QString path = *configPath;
    const bool readOnly = takeFlag(arguments, QStringLiteral("--read-only"));
    bool missingValue = false;
    const QString expires = takeOption(arguments, QStringLiteral("--expires-days"), &missingValue);
    if (missingValue)
        return fail(QStringLiteral("--expires-days needs a number of days"));
    if (arguments.isEmpty())
        return fail(QStringLiteral("clients needs an action: create, list or revoke\n\n") +
                    usage(QStringLiteral("clients")));
    const QString action = arguments.takeFirst();
    Config config;
    if (!loadConfig(path, false, config))
        return 1;
    if (!QFileInfo::exists(path))
        return fail(QStringLiteral("cannot read the configuration %1").arg(path), 1);
    ClientStore store(config.string(QStringLiteral("STATE_DIR")));

    if (action == QLatin1String("create")) {
        if (arguments.size() != 1)
            return fail(QStringLiteral("clients create needs exactly one NAME"));
        int days = 0;
        if (!expires.isNull()) {
            bool ok = false;
            days = expires.toInt(&ok);
            if (!ok || days < 1 || days > 36500)
                return fail(QStringLiteral(
                    "--expires-days must be a whole number of days from 1 to 36500"));
        }
        const auto token = store.create(arguments.first(), readOnly, days);
        if (!token.ok())
            return fail(token.error().message, 1);
        m_out << "Created client " << arguments.first() << (readOnly ? " (read-only)" : "")
              << (days > 0 ? QStringLiteral(", expires in %1 day(s)").arg(days) : QString())
              << ". The token is shown once; store it now:" << Qt::endl
              << token.value() << Qt::endl;
        return 0;
    }
    if (!expires.isNull() || readOnly)
        return fail(QStringLiteral("--read-only and --expires-days go with clients create"));
    if (action == QLatin1String("list")) {
        if (!arguments.isEmpty())
            return fail(QStringLiteral("clients list takes no NAME"));
        const auto records = store.list();
        if (!records.ok())
            return fail(records.error().message, 1);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_out << QStringLiteral("%1 %2 %3 %4 %5")
                     .arg(QStringLiteral("NAME"), -24)
                     .arg(QStringLiteral("ACCESS"), -10)
                     .arg(QStringLiteral("STATE"), -8)
                     .arg(QStringLiteral("CREATED"), -21)
                     .arg(QStringLiteral("EXPIRES"))
              << Qt::endl;
        for (const auto &record : records.value()) {
            const QString state = record.revoked.isValid() ? QStringLiteral("revoked")
                                  : record.isActive(now)   ? QStringLiteral("active")
                                                           : QStringLiteral("expired");
            m_out << QStringLiteral("%1 %2 %3 %4 %5")
                         .arg(record.name, -24)
                         .arg(record.readOnly ? QStringLiteral("read-only")
                                              : QStringLiteral("full"),
                              -10)
                         .arg(state, -8)
                         .arg(formatDate(record.created), -21)
                         .arg(formatDate(record.expires))
                  << Qt::endl;
        }
        return 0;
    }
    if (action == QLatin1String("revoke")) {
        if (arguments.size() != 1)
            return fail(QStringLiteral("clients revoke needs exactly one NAME"));
        const auto revoked = store.revoke(arguments.first());
        if (!revoked.ok())
            return fail(revoked.error().message, 1);
        m_out << "Revoked client " << arguments.first() << Qt::endl;
        return 0;
    }
    return fail(
        QStringLiteral("unknown clients action \"%1\": use create, list or revoke").arg(action));
}

int Cli::serve(const QStringList &args)
{
    QStringList arguments = args;
    const auto configPath = takeConfigPath(arguments);
    if (!configPath)
        return fail(QStringLiteral("--config needs a FILE"));
    const QString path = *configPath;
    if (!arguments.isEmpty())
        return fail(QStringLiteral("unexpected argument \"%1\"").arg(arguments.first()));
    Config config;
    if (!loadConfig(path, true, config))
        return fail(
            QStringLiteral(
                "%1 is not valid; `proxmox-mcpd check-config --config %1` lists the problems")
                .arg(path),
            1);
    Logging::install(config.string(QStringLiteral("LOG_LEVEL")));
    Daemon daemon(config);
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

int Cli::stdio(const QStringList &args)
{
    QStringList arguments = args;
    const auto configPath = takeConfigPath(arguments);
    if (!configPath)
        return fail(QStringLiteral("--config needs a FILE"));
    const QString path = *configPath;
    const bool readOnly = takeFlag(arguments, QStringLiteral("--read-only"));
    if (!arguments.isEmpty())
        return fail(QStringLiteral("unexpected argument \"%1\"").arg(arguments.first()));
    Config config;
    if (!loadConfig(path, true, config))
        return fail(
            QStringLiteral(
                "%1 is not valid; `proxmox-mcpd check-config --config %1` lists the problems")
                .arg(path),
            1);
    Logging::install(config.string(QStringLiteral("LOG_LEVEL")));
    Daemon daemon(config);
    const auto started = daemon.startStdio(readOnly);
    if (!started.ok())
        return fail(started.error().message, 1);
    QObject::connect(&daemon, &Daemon::finished, qApp, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    ShutdownSignals shutdown;
    QObject::connect(&shutdown, &ShutdownSignals::shutdownRequested, qApp, &QCoreApplication::quit);
    return QCoreApplication::exec();
}

} // namespace pmcp
