#include "server/policy/PolicyEvaluator.h"

#include "server/policy/CommandUnwrapper.h"
#include "server/policy/RuleMatcher.h"
#include "server/policy/WordExpander.h"
#include "server/policy/WriteTargets.h"
#include "shared/core/CommandBytes.h"

#include <QDir>

namespace pmcp {

namespace {

const QString kWrite = QStringLiteral("@write");
const QString kUnparseable = QStringLiteral("unparseable");

QString shownWords(const QList<ShellWord> &words)
{
    QStringList parts;
    for (const ShellWord &word : words)
        parts << word.raw;
    return parts.join(u' ');
}

QString shownArgv(const QList<CommandWord> &argv)
{
    QStringList parts;
    for (const CommandWord &word : argv)
        parts << word.text;
    return parts.join(u' ');
}

// False when an assignment stores quoted text such as '$(rm -rf /)': bash runs it when the
// variable is used in arithmetic ((( x )), $((x)), [[ x -eq 1 ]]) or through ${!name}.
bool storesNoCode(const SimpleCommand &command)
{
    static const QStringList declarers = {QStringLiteral("export"), QStringLiteral("declare"),
                                          QStringLiteral("typeset"), QStringLiteral("local"),
                                          QStringLiteral("readonly")};
    QList<ShellWord> stored = command.assignments;
    if (!command.words.isEmpty() && declarers.contains(command.words.first().text))
        stored += command.words.mid(1);
    for (const ShellWord &word : std::as_const(stored)) {
        if (word.literalCode && word.text.contains(u'='))
            return false;
    }
    return true;
}

} // namespace

PolicyEvaluator::PolicyEvaluator(const QList<PolicyRule> &rules, CommandPolicy::Mode mode,
                                 bool dangerous)
    : m_rules(rules)
    , m_mode(mode)
    , m_dangerous(dangerous)
{}

PolicyDecision PolicyEvaluator::evaluate(const QString &commandLine)
{
    m_decision = PolicyDecision{};
    m_decision.allowed = true;
    // Before the parser: what it judges must be exactly what the host receives.
    if (const auto refused = CommandBytes::refusal(commandLine)) {
        deny(refused->rule, refused->reason, commandLine);
        return m_decision;
    }
    if (commandLine.size() > kMaxLength) {
        deny(kUnparseable, QStringLiteral("the command line is too long to judge"), {});
        return m_decision;
    }
    if (script(commandLine, 0) && m_mode == CommandPolicy::Mode::AllowList)
        m_decision.rule = m_allowedBy;
    return m_decision;
}

bool PolicyEvaluator::deny(const QString &rule, const QString &reason, const QString &shown)
{
    m_decision = PolicyDecision{};
    m_decision.rule = rule;
    m_decision.reason = reason;
    m_decision.offendingCommand = shown;
    return false;
}

bool PolicyEvaluator::script(const QString &text, int depth)
{
    if (depth > kMaxDepth)
        return deny(kUnparseable, QStringLiteral("commands nested too deeply"), text);
    auto parsed = ShellParser::parse(text);
    if (!parsed) {
        if (parsed.error().code == ErrorCode::Unsupported)
            return deny(QStringLiteral("function-definition"),
                        QStringLiteral("function definitions are not allowed"), text);
        return deny(
            kUnparseable,
            QStringLiteral("the command could not be parsed: %1").arg(parsed.error().message),
            text);
    }
    for (const ShellWord &word : std::as_const(parsed.value().otherWords)) {
        if (!substitutions(word, word.raw, depth))
            return false;
    }
    for (const SimpleCommand &command : std::as_const(parsed.value().commands)) {
        if (!simple(command, depth))
            return false;
    }
    return true;
}

bool PolicyEvaluator::substitutions(const ShellWord &word, const QString &shown, int depth)
{
    Q_UNUSED(shown);
    for (const QString &inner : word.substitutions) {
        if (!script(inner, depth + 1))
            return false;
    }
    return true;
}

bool PolicyEvaluator::redirection(const ShellRedirection &redirection, const QString &shown,
                                  int depth)
{
    if (!substitutions(redirection.target, shown, depth))
        return false;
    if (redirection.hereDocExpands) {
        auto body = ShellLexer::expandLikeDoubleQuotes(redirection.hereDocBody);
        if (!body)
            return deny(kUnparseable, QStringLiteral("here-document: %1").arg(body.error().message),
                        shown);
        if (!substitutions(body.value(), shown, depth))
            return false;
    }
    if (!redirection.writes())
        return true;
    auto targets = WordExpander::expand(redirection.target);
    if (!targets)
        return deny(kUnparseable, targets.error().message, shown);
    for (const CommandWord &target : std::as_const(targets.value())) {
        if (!write(target, shown))
            return false;
    }
    return true;
}

bool PolicyEvaluator::write(const CommandWord &target, const QString &shown)
{
    const QList<CommandWord> argv{{kWrite, false, false, false}, target};
    for (const PolicyRule &rule : m_rules) {
        if (rule.action == PolicyRule::Action::Deny && rule.program == kWrite &&
            RuleMatcher::matches(rule, argv, m_cwd)) {
            return deny(rule.id, rule.reason + QStringLiteral(" (%1)").arg(target.text), shown);
        }
    }
    return true;
}

bool PolicyEvaluator::simple(const SimpleCommand &command, int depth)
{
    const QString shown = shownWords(command.assignments + command.words);
    for (const ShellWord &word : command.assignments + command.words) {
        if (!substitutions(word, shown, depth))
            return false;
    }
    for (const ShellRedirection &r : command.redirections) {
        if (!redirection(r, shown, depth))
            return false;
    }
    if (!storesNoCode(command))
        return deny(QStringLiteral("eval"),
                    QStringLiteral("a variable holding shell code can be run by arithmetic or "
                                   "indirect expansion"),
                    shown);
    if (command.words.isEmpty())
        return true;
    auto argv = WordExpander::expandAll(command.words);
    if (!argv)
        return deny(kUnparseable, argv.error().message, shown);
    const UnwrappedCommands unwrapped = CommandUnwrapper::unwrap(argv.value(), m_dangerous);
    if (!unwrapped.denyRule.isEmpty())
        return deny(unwrapped.denyRule, unwrapped.denyReason, shown);
    for (const QString &inner : unwrapped.scripts) {
        if (!script(inner, depth + 1))
            return false;
    }
    for (const QList<CommandWord> &effective : unwrapped.commands) {
        if (!this->command(effective, shown))
            return false;
    }
    trackDirectory(argv.value());
    return true;
}

bool PolicyEvaluator::command(const QList<CommandWord> &argv, const QString &shown)
{
    const QString offending = shown.isEmpty() ? shownArgv(argv) : shown;
    bool ifs = false;
    bool dynamic = false;
    for (const CommandWord &word : argv) {
        ifs = ifs || word.ifs;
        dynamic = dynamic || word.dynamic;
    }
    for (const PolicyRule &rule : m_rules) {
        if (ifs && rule.action == PolicyRule::Action::Deny && rule.program != kWrite &&
            RuleMatcher::programMatches(rule.program, argv.first()))
            return deny(QStringLiteral("ifs-expansion"),
                        QStringLiteral("IFS expansion in the arguments of %1, which has deny rules")
                            .arg(argv.first().text),
                        offending);
    }
    // First the rules the written words match, then (the worst case) those a run-time value could.
    for (const bool wildcard : {false, true}) {
        for (const PolicyRule &rule : m_rules) {
            if (rule.action != PolicyRule::Action::Deny || rule.program == kWrite ||
                !RuleMatcher::matches(rule, argv, m_cwd, wildcard))
                continue;
            const QString why =
                wildcard ? rule.reason + QStringLiteral(" (an argument is only known at run time)")
                         : rule.reason;
            return deny(rule.id, why, offending);
        }
        if (!dynamic)
            break;
    }
    // After the named rules: "dd of=/dev/sda" is dd-device before it is a write.
    for (const CommandWord &target : WriteTargets::of(argv)) {
        if (!write(target, offending))
            return false;
    }
    if (m_mode == CommandPolicy::Mode::DenyList)
        return true;
    for (const PolicyRule &rule : m_rules) {
        if (rule.action == PolicyRule::Action::Allow && RuleMatcher::matches(rule, argv, m_cwd)) {
            m_allowedBy = rule.id;
            return true;
        }
    }
    return deny(QStringLiteral("not-allowlisted"),
                QStringLiteral("%1 is not on the allowlist").arg(argv.first().text), offending);
}

void PolicyEvaluator::trackDirectory(const QList<CommandWord> &argv)
{
    const QString program = argv.first().text;
    if (program != u"cd" && program != u"pushd" && program != u"popd")
        return;
    QList<CommandWord> operands;
    for (qsizetype i = 1; i < argv.size(); ++i) {
        if (!argv.at(i).text.startsWith(u'-') || argv.at(i).text == u"-")
            operands.append(argv.at(i));
    }
    if (program == u"popd" || operands.size() != 1 || operands.first().dynamic ||
        operands.first().glob || operands.first().text == u"-") {
        m_cwd.clear();
        return;
    }
    const QString dir = operands.first().text;
    if (dir.startsWith(u'/'))
        m_cwd = QDir::cleanPath(dir);
    else if (!m_cwd.isEmpty())
        m_cwd = QDir::cleanPath(m_cwd + u'/' + dir);
}

} // namespace pmcp
