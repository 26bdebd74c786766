#include "server/cli/PolicyCommand.h"

#include "server/app/CommandBackend.h"
#include "server/cli/Cli.h"
#include "shared/config/Config.h"
#include "server/policy/CommandPolicy.h"

#include <QFileInfo>

namespace pmcp {

PolicyCommand::PolicyCommand(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{}

QString PolicyCommand::usage()
{
    return QStringLiteral(
        "Usage: proxmox-mcpd policy show [--config FILE]\n"
        "       proxmox-mcpd policy check COMMAND [--config FILE]\n"
        "show prints the rules in force (the built-in ones unless COMMAND_POLICY_FILE is set)\n"
        "in the rules-file format. check judges COMMAND as execute_command would: exit 0 when\n"
        "it is allowed, 1 when it is denied (with the rule and the reason).\n");
}

int PolicyCommand::fail(const QString &message, int code)
{
    m_err << "proxmox-mcpd policy: " << message << Qt::endl;
    return code;
}

int PolicyCommand::run(QStringList arguments)
{
    QString configPath;
    QStringList rest;
    while (!arguments.isEmpty()) {
        const QString argument = arguments.takeFirst();
        if (argument == QLatin1String("--config")) {
            if (arguments.isEmpty())
                return fail(QStringLiteral("--config needs a FILE"), 2);
            configPath = arguments.takeFirst();
        } else if (argument.startsWith(QLatin1String("--config="))) {
            configPath = argument.mid(9);
        } else {
            rest.append(argument);
        }
    }
    if (rest.isEmpty() ||
        (rest.first() != QLatin1String("show") && rest.first() != QLatin1String("check")))
        return fail(QStringLiteral("policy needs show or check\n\n") + usage(), 2);
    const QString action = rest.takeFirst();
    if (action == QLatin1String("show") && !rest.isEmpty())
        return fail(QStringLiteral("policy show takes no argument"), 2);
    if (action == QLatin1String("check") && rest.size() != 1)
        return fail(QStringLiteral("policy check takes one COMMAND (quote it)"), 2);

    // Without a configuration the built-in rules apply (useful on an admin's workstation).
    Config config = Config::defaults();
    if (!configPath.isEmpty() || QFileInfo::exists(Cli::defaultConfigPath())) {
        const QString path = configPath.isEmpty() ? Cli::defaultConfigPath() : configPath;
        if (!QFileInfo::exists(path))
            return fail(QStringLiteral("cannot read the configuration %1").arg(path), 1);
        config = Config::load(path);
    }
    const auto policy = CommandBackend::policyFromConfig(config);
    if (!policy.ok())
        return fail(policy.error().message, 1);
    if (action == QLatin1String("show")) {
        const QString file = config.string(QStringLiteral("COMMAND_POLICY_FILE"));
        if (file.isEmpty()) {
            m_out << CommandPolicy::defaultRulesText();
        } else {
            QFile rules(file);
            if (!rules.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("cannot read %1").arg(file), 1);
            m_out << QString::fromUtf8(rules.readAll());
        }
        return 0;
    }
    const PolicyDecision decision = policy.value()->evaluate(rest.first());
    if (decision.allowed) {
        m_out << "allowed"
              << (decision.rule.isEmpty() ? QString() : QStringLiteral(" by rule ") + decision.rule)
              << Qt::endl;
        return 0;
    }
    m_out << "denied by rule " << decision.rule << ": " << decision.reason;
    if (!decision.offendingCommand.isEmpty())
        m_out << " (in: " << decision.offendingCommand << ")";
    m_out << Qt::endl;
    return 1;
}

} // namespace pmcp
