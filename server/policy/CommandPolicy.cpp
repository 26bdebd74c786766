#include "server/policy/CommandPolicy.h"

#include "server/policy/DefaultRules.h"
#include "server/policy/PolicyEvaluator.h"
#include "server/policy/RulesFile.h"

namespace pmcp {

CommandPolicy CommandPolicy::defaults(bool dangerousCommandsEnabled)
{
    auto policy = fromRulesText(defaultRulesText(), dangerousCommandsEnabled);
    // The built-in text is tested to parse; an empty denylist would be the wrong fallback.
    Q_ASSERT(policy.ok());
    return policy.ok() ? policy.value() : CommandPolicy();
}

Result<CommandPolicy> CommandPolicy::fromRulesText(const QString &text,
                                                   bool dangerousCommandsEnabled)
{
    auto content = RulesFile::parse(text);
    if (!content)
        return content.error();
    CommandPolicy policy;
    policy.m_mode = content.value().mode;
    policy.m_dangerous = dangerousCommandsEnabled;
    for (const PolicyRule &rule : std::as_const(content.value().rules)) {
        if (dangerousCommandsEnabled && rule.action == PolicyRule::Action::Deny && !rule.core)
            continue;
        policy.m_rules.append(rule);
    }
    return policy;
}

QString CommandPolicy::defaultRulesText()
{
    return DefaultRules::text();
}

PolicyDecision CommandPolicy::evaluate(const QString &commandLine) const
{
    PolicyEvaluator evaluator(m_rules, m_mode, m_dangerous);
    return evaluator.evaluate(commandLine);
}

} // namespace pmcp
