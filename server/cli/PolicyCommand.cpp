#include "server/cli/PolicyCommand.h"

#include "server/app/CommandBackend.h"
#include "server/cli/ConfigLoader.h"
#include "shared/config/Config.h"
#include "server/policy/CommandPolicy.h"

#include <QFileInfo>

namespace pmcp {

QString PolicyCommand::summary() const
{
    return QStringLiteral("show the command policy's rules, or check a command against them");
}

QString PolicyCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd policy show [--config FILE]\n"
        "       proxmox-mcpd policy check COMMAND [--config FILE]\n"
        "show prints the rules in force (the built-in ones unless COMMAND_POLICY_FILE is set)\n"
        "in the rules-file format. check judges COMMAND as execute_command would: exit 0 when\n"
        "it is allowed, 1 when it is denied (with the rule and the reason).\n");
}

int PolicyCommand::execute(const Arguments &arguments)
{
    QStringList rest = arguments.positional;
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
    if (arguments.configGiven || QFileInfo::exists(arguments.configPath)) {
        auto loaded = ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::Exists);
        if (!loaded.ok())
            return fail(loaded.error().message, 1);
        config = std::move(loaded).value();
    }
    const auto policy = CommandBackend::policyFromConfig(config);
    if (!policy.ok())
        return fail(policy.error().message, 1);
    if (action == QLatin1String("show")) {
        const QString file = config.string(ConfigKey::CommandPolicyFile);
        if (file.isEmpty()) {
            out() << CommandPolicy::defaultRulesText();
        } else {
            QFile rules(file);
            if (!rules.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("cannot read %1").arg(file), 1);
            out() << QString::fromUtf8(rules.readAll());
        }
        return 0;
    }
    const PolicyDecision decision = policy.value()->evaluate(rest.first());
    if (decision.allowed) {
        out() << "allowed"
              << (decision.rule.isEmpty() ? QString() : QStringLiteral(" by rule ") + decision.rule)
              << Qt::endl;
        return 0;
    }
    if (decision.needsConfirmation) {
        // A core rule a person may allow: execute_command asks through elicitation.
        out() << "needs a person's confirmation by rule " << decision.rule << ": "
              << (decision.confirmation.isEmpty() ? decision.reason : decision.confirmation);
        if (!decision.typedTool.isEmpty())
            out() << " (the " << decision.typedTool << " tool does the same with a dry run first)";
        out() << Qt::endl;
        return 1;
    }
    out() << "denied by rule " << decision.rule << ": " << decision.reason;
    if (!decision.offendingCommand.isEmpty())
        out() << " (in: " << decision.offendingCommand << ")";
    out() << Qt::endl;
    return 1;
}

} // namespace pmcp
