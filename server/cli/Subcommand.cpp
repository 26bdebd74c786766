#include "server/cli/Subcommand.h"

#include "server/cli/ConfigLoader.h"

#include <algorithm>

namespace pmcp {

namespace {

const QLatin1String kConfigOption("config");
const QLatin1String kHelpOption("help");

// The option as the person typed it ("-n", "--foo", without "=VALUE"), for messages.
QString spelled(const QStringList &arguments, const QString &name)
{
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("--"))
            break;
        for (const QString &option : {QStringLiteral("--") + name, QStringLiteral("-") + name}) {
            if (argument == option || argument.startsWith(option + QLatin1Char('=')))
                return option;
        }
    }
    return (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
}

// The name an option argument gives ("--port=1" and "-port" give "port"); empty for others.
QString optionName(const QString &argument)
{
    if (!argument.startsWith(QLatin1Char('-')) || argument == QLatin1String("-") ||
        argument == QLatin1String("--"))
        return {};
    const QString name = argument.mid(argument.startsWith(QLatin1String("--")) ? 2 : 1);
    return name.section(QLatin1Char('='), 0, 0);
}

} // namespace

Subcommand::Subcommand(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{}

int Subcommand::run(const QStringList &arguments)
{
    QList<QCommandLineOption> declared = options();
    declared.append(QCommandLineOption(QStringList{QStringLiteral("h"), kHelpOption}));
    if (takesConfig())
        declared.append(QCommandLineOption(kConfigOption, QString(), QStringLiteral("FILE")));
    QCommandLineParser parser;
    // "-n 5" and "-yes" name options the way "--n 5" and "--yes" do; "-xyz" is one option.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(declared);
    // parse(), unlike process(), leaves errors and --help to the caller instead of exiting.
    const bool parsed = parser.parse(QStringList{QStringLiteral("proxmox-mcpd")} + arguments);
    if (parser.isSet(kHelpOption)) {
        m_out << usage() << Qt::flush;
        return 0;
    }
    if (!parsed)
        return parseError(parser, arguments, declared);

    Arguments parsedArguments{parser, parser.positionalArguments(), ConfigLoader::defaultPath()};
    if (takesConfig() && parser.isSet(kConfigOption)) {
        parsedArguments.configPath = parser.value(kConfigOption);
        parsedArguments.configGiven = true;
        // A forgotten FILE must not fall back to the system-wide configuration.
        if (parsedArguments.configPath.isEmpty())
            return usageError(QStringLiteral("--config needs a FILE"));
    }
    return execute(parsedArguments);
}

int Subcommand::parseError(const QCommandLineParser &parser, const QStringList &arguments,
                           const QList<QCommandLineOption> &declared)
{
    const QStringList unknown = parser.unknownOptionNames();
    if (!unknown.isEmpty()) {
        m_err << QStringLiteral("proxmox-mcpd: unknown option %1 for `%2`; see `proxmox-mcpd "
                                "help %2`")
                     .arg(spelled(arguments, unknown.first()), name())
              << Qt::endl;
        return 2;
    }
    // The parser reports a missing value only for an option that ends the command line.
    const QString last = arguments.isEmpty() ? QString() : arguments.last();
    const QString lastName = optionName(last);
    const bool lastTakesValue =
        !lastName.isEmpty() && !last.contains(QLatin1Char('=')) &&
        std::any_of(declared.cbegin(), declared.cend(), [&lastName](const QCommandLineOption &o) {
            return !o.valueName().isEmpty() && o.names().contains(lastName);
        });
    if (lastTakesValue && parser.errorText().contains(QLatin1Char('\'') + last + QLatin1Char('\'')))
        return usageError(lastName == kConfigOption ? QStringLiteral("--config needs a FILE")
                                                    : QStringLiteral("%1 needs a value").arg(last));
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("--"))
            break;
        const QString flag = optionName(argument);
        const bool isFlag =
            std::any_of(declared.cbegin(), declared.cend(), [&flag](const QCommandLineOption &o) {
                return o.valueName().isEmpty() && o.names().contains(flag);
            });
        if (isFlag && argument.contains(QLatin1Char('=')))
            return usageError(
                QStringLiteral("%1 takes no value").arg(argument.section(QLatin1Char('='), 0, 0)));
    }
    QString text = parser.errorText();
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return usageError(text);
}

int Subcommand::fail(const QString &message, int code)
{
    m_err << "proxmox-mcpd " << name() << ": " << message << Qt::endl;
    return code;
}

int Subcommand::usageError(const QString &message)
{
    return fail(QStringLiteral("%1; see `proxmox-mcpd help %2`").arg(message, name()), 2);
}

int Subcommand::unexpectedArgument(const QString &argument)
{
    return usageError(QStringLiteral("unexpected argument \"%1\"").arg(argument));
}

} // namespace pmcp
