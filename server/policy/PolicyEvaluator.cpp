#include "server/policy/PolicyEvaluator.h"

#include "server/policy/PathCanonicaliser.h"
#include "server/policy/ProgramCatalogue.h"
#include "server/policy/PveCliMapping.h"
#include "server/policy/RuleMatcher.h"
#include "server/policy/WordExpander.h"
#include "server/policy/WriteTargets.h"
#include "shared/core/CommandBytes.h"

#include <QDir>
#include <QRegularExpression>

namespace pmcp {

namespace {

const QString kWrite = QStringLiteral("@write");
const QString kUnparseable = QStringLiteral("unparseable");
const QString kBuiltinCode = QStringLiteral("builtin-code");

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

// Paths under a new root directory (chroot DIR, sudo -R DIR): "/etc" is DIR/etc on the host.
QList<CommandWord> rooted(const QList<CommandWord> &argv, const QString &root)
{
    QList<CommandWord> out = argv;
    for (qsizetype i = 1; i < out.size(); ++i) {
        CommandWord &word = out[i];
        if (word.text.startsWith(u'/'))
            word.text = QDir::cleanPath(root + word.text);
        else if (const qsizetype equals = word.text.indexOf(QLatin1String("=/")); equals > 0)
            word.text =
                word.text.left(equals + 1) + QDir::cleanPath(root + word.text.mid(equals + 1));
    }
    return out;
}

} // namespace

PolicyEvaluator::PolicyEvaluator(const QList<PolicyRule> &rules, CommandPolicy::Mode mode,
                                 bool dangerous, ShellJudge core)
    : m_rules(rules)
    , m_mode(mode)
    , m_dangerous(dangerous)
    , m_core(std::move(core))
{
    if (!m_core) {
        m_core = [](const QString &program, const QStringList &arguments) {
            return CoreRules::builtIn().judgeShell(program, arguments);
        };
    }
}

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
    if (!script(commandLine, 0))
        return m_decision;
    if (m_literalCode && m_arithmetic) {
        deny(kBuiltinCode,
             QStringLiteral("the line holds quoted shell code and evaluates arithmetic: bash "
                            "runs a command substitution it finds in an array subscript"),
             commandLine);
        return m_decision;
    }
    if (m_mode == CommandPolicy::Mode::AllowList)
        m_decision.rule = m_allowedBy;
    m_decision.operations = m_operations;
    if (m_confirm.kind == CoreVerdict::Kind::Confirm) {
        m_decision.allowed = false;
        m_decision.needsConfirmation = true;
        m_decision.rule = m_confirm.ruleId;
        m_decision.reason = m_confirm.reason;
        m_decision.confirmation = m_confirm.reason;
        m_decision.typedTool = m_confirm.typedTool;
        m_decision.clientMayConfirm = m_confirm.clientMayConfirm;
        m_decision.operation = m_confirmOperation;
    }
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
    static const QRegularExpression prompt(QStringLiteral("\\$\\{[^}]*@P"));
    if (prompt.match(text).hasMatch())
        return deny(kBuiltinCode,
                    QStringLiteral("${name@P} expands a value as a prompt, which runs the "
                                   "command substitutions in it"),
                    text);
    static const QRegularExpression arithmetic(
        QStringLiteral("\\(\\(|\\$\\[|\\s-(eq|ne|lt|le|gt|ge)\\s|\\$\\{[^}]*\\[|\\blet\\b|"
                       "\\b(declare|typeset|local)\\s+-[a-zA-Z]*i"));
    m_arithmetic = m_arithmetic || arithmetic.match(text).hasMatch();
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
    m_literalCode = m_literalCode || word.literalCode;
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
    } else if (redirection.hereDocBody.contains(QLatin1String("$(")) ||
               redirection.hereDocBody.contains(u'`')) {
        m_literalCode = true;
    }
    if (!redirection.writes())
        return true;
    auto targets = WordExpander::expand(redirection.target);
    if (!targets)
        return deny(kUnparseable, targets.error().message, shown);
    for (const CommandWord &target : std::as_const(targets.value())) {
        if (!write(target, {}, shown))
            return false;
    }
    return true;
}

QStringList PolicyEvaluator::directoriesFor(const CommandContext &context) const
{
    if (!context.cwd.isEmpty())
        return {context.cwd};
    return m_directory.candidates;
}

QString PolicyEvaluator::rootFor(const CommandContext &context) const
{
    return context.root.isEmpty() ? m_root : context.root;
}

bool PolicyEvaluator::directoryLost(const CommandContext &context) const
{
    if (context.cwdLost)
        return true;
    return context.cwd.isEmpty() && m_directory.lost;
}

bool PolicyEvaluator::write(const CommandWord &target, const CommandContext &context,
                            const QString &shown)
{
    const PathCanonicaliser::Path path = PathCanonicaliser::canonical(target.text);
    if (path.unknown)
        return deny(QStringLiteral("path-alias"),
                    QStringLiteral("writing through %1, which the policy cannot resolve to a "
                                   "file (a process's working directory or an open descriptor)")
                        .arg(target.text),
                    shown);
    if (path.relative && !target.dynamic && directoryLost(context))
        return deny(QStringLiteral("lost-directory"),
                    QStringLiteral("the relative path %1 follows a cd the policy could not "
                                   "follow (a variable, a glob, cd -, pushd/popd or a relative "
                                   "directory); use an absolute path")
                        .arg(target.text),
                    shown);
    QList<CommandWord> target0{target};
    if (const QString root = rootFor(context); !root.isEmpty())
        target0 << rooted({CommandWord{}, target}, root).at(1);
    for (const QString &cwd : directoriesFor(context)) {
        for (const CommandWord &form : std::as_const(target0)) {
            const QList<CommandWord> argv{{kWrite, false, false, false}, form};
            for (const PolicyRule &rule : m_rules) {
                if (rule.action == PolicyRule::Action::Deny && rule.program == kWrite &&
                    RuleMatcher::matches(rule, argv, cwd))
                    return deny(rule.id, rule.reason + QStringLiteral(" (%1)").arg(target.text),
                                shown);
            }
            const QStringList forms = RuleMatcher::pathForms(form.text, cwd);
            m_written.insert(forms.value(1, forms.first()));
        }
    }
    return true;
}

bool PolicyEvaluator::executes(const CommandWord &file, const QString &shown)
{
    if (!file.text.contains(u'/') && !m_written.contains(file.text))
        return true;
    for (const QString &cwd : std::as_const(m_directory.candidates)) {
        const QStringList forms = RuleMatcher::pathForms(file.text, cwd);
        for (const QString &form : forms) {
            if (m_written.contains(form))
                return deny(QStringLiteral("runs-written-file"),
                            QStringLiteral("%1 is written by this same command line and then "
                                           "run: the policy cannot see what it will contain")
                                .arg(file.text),
                            shown);
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
    for (const ShellWord &assignment : command.assignments) {
        const qsizetype equals = assignment.text.indexOf(u'=');
        const QString why = ProgramCatalogue::variableRefusal(assignment.text.left(equals),
                                                              assignment.text.mid(equals + 1));
        if (!why.isEmpty())
            return deny(QStringLiteral("dangerous-variable"), why, shown);
    }
    if (command.words.isEmpty())
        return true;
    auto argv = WordExpander::expandAll(command.words);
    if (!argv)
        return deny(kUnparseable, argv.error().message, shown);
    const UnwrappedCommands unwrapped = CommandUnwrapper::unwrap(argv.value(), m_dangerous);
    // The deny rules first, wrappers included (su has rules of its own), so a named rule
    // explains a refusal before a structural one does.
    for (qsizetype i = 0; i < unwrapped.commands.size(); ++i) {
        if (!denyRules(unwrapped.commands.at(i), unwrapped.contexts.at(i), shown))
            return false;
    }
    if (!unwrapped.denyRule.isEmpty())
        return deny(unwrapped.denyRule, unwrapped.denyReason, shown);
    for (const CommandWord &target : unwrapped.writes) {
        if (!write(target, {}, shown))
            return false;
    }
    for (const CommandWord &file : unwrapped.executes) {
        if (!executes(file, shown))
            return false;
    }
    for (qsizetype i = 0; i < unwrapped.scripts.size(); ++i) {
        const Directory saved = m_directory;
        const QString savedRoot = m_root;
        const CommandContext &context = unwrapped.scriptContexts.at(i);
        m_root = rootFor(context);
        if (context.cwdLost)
            m_directory.lost = true;
        else if (!context.cwd.isEmpty())
            m_directory.candidates = {context.cwd};
        const bool ok = script(unwrapped.scripts.at(i), depth + 1);
        m_directory = saved;
        m_root = savedRoot;
        if (!ok)
            return false;
    }
    for (qsizetype i = 0; i < unwrapped.commands.size(); ++i) {
        if (!unwrapped.contexts.at(i).wrapper && !admitted(unwrapped.commands.at(i), shown))
            return false;
    }
    trackDirectory(argv.value());
    return true;
}

bool PolicyEvaluator::denyRules(const QList<CommandWord> &argv, const CommandContext &context,
                                const QString &shown)
{
    const QString offending = shown.isEmpty() ? shownArgv(argv) : shown;
    if (!executes(argv.first(), offending))
        return false;
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
    QList<QList<CommandWord>> spellings{argv};
    if (const QString root = rootFor(context); !root.isEmpty())
        spellings << rooted(argv, root);
    const QStringList directories = directoriesFor(context);
    // First the rules the written words match, then (the worst case) those a run-time value could.
    for (const bool wildcard : {false, true}) {
        for (const PolicyRule &rule : m_rules) {
            if (rule.action != PolicyRule::Action::Deny || rule.program == kWrite)
                continue;
            bool matched = false;
            for (const QList<CommandWord> &spelling : std::as_const(spellings)) {
                for (const QString &cwd : directories)
                    matched = matched || RuleMatcher::matches(rule, spelling, cwd, wildcard);
            }
            if (!matched)
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
    for (const CommandWord &target : WriteTargets::of(argv) + WriteTargets::intoDirectory(argv)) {
        if (!write(target, context, offending))
            return false;
    }
    for (const CommandWord &tree : WriteTargets::trees(argv)) {
        if (!fillsTree(tree, context, offending))
            return false;
    }
    return true;
}

bool PolicyEvaluator::fillsTree(const CommandWord &tree, const CommandContext &context,
                                const QString &shown)
{
    if (tree.dynamic)
        return deny(QStringLiteral("tree-write"),
                    QStringLiteral("a directory filled with files (a recursive copy, an archive, a "
                                   "mount) is only known at run time: %1")
                        .arg(tree.text),
                    shown);
    if (!write(tree, context, shown))
        return false;
    QStringList forms;
    const QString root = rootFor(context);
    for (const QString &cwd : directoriesFor(context)) {
        for (const QString &form : RuleMatcher::pathForms(tree.text, cwd)) {
            if (!form.startsWith(u'/'))
                continue;
            const QString clean = PathCanonicaliser::canonical(form).path;
            forms << (clean == u"/" ? QString() : clean);
            if (!root.isEmpty())
                forms << PathCanonicaliser::canonical(root + clean).path;
        }
    }
    static const QRegularExpression wildcard(QStringLiteral("[*?\\[]"));
    for (const PolicyRule &rule : m_rules) {
        if (rule.action != PolicyRule::Action::Deny || rule.program != kWrite)
            continue;
        for (const QString &pattern : rule.argPatterns) {
            if (pattern.startsWith(u'!') || pattern.startsWith(QLatin1String("re:")))
                continue;
            for (const QString &alternative : pattern.split(u'|')) {
                if (!alternative.startsWith(u'/'))
                    continue;
                const qsizetype glob = alternative.indexOf(wildcard);
                const QString prefix = glob < 0 ? alternative : alternative.left(glob);
                for (const QString &form : std::as_const(forms)) {
                    if (prefix.startsWith(form + u'/'))
                        return deny(rule.id,
                                    QStringLiteral("%1 fills the directory %2 with files the "
                                                   "policy cannot see, and %3 inside it is "
                                                   "protected: %4")
                                        .arg(RuleMatcher::baseName(shown.section(u' ', 0, 0)),
                                             tree.text, alternative, rule.reason),
                                    shown);
                }
            }
        }
    }
    return true;
}

bool PolicyEvaluator::admitted(const QList<CommandWord> &argv, const QString &shown)
{
    const QString offending = shown.isEmpty() ? shownArgv(argv) : shown;
    QStringList arguments;
    for (qsizetype i = 1; i < argv.size(); ++i)
        arguments << argv.at(i).text;
    const QString program = RuleMatcher::baseName(argv.first().text);
    const CoreVerdict core = m_core(program, arguments);
    if (core.kind == CoreVerdict::Kind::Refuse)
        return deny(core.ruleId, core.reason, offending);
    const std::optional<ApiOperation> operation = PveCliMapping::map(program, arguments);
    if (operation)
        m_operations.append(*operation);
    if (core.kind == CoreVerdict::Kind::Confirm && m_confirm.kind != CoreVerdict::Kind::Confirm) {
        m_confirm = core;
        m_confirmOperation = operation.value_or(ApiOperation{});
    }
    const auto allowRule = [&]() -> const PolicyRule * {
        for (const PolicyRule &rule : m_rules) {
            if (rule.action == PolicyRule::Action::Allow && RuleMatcher::matches(rule, argv))
                return &rule;
        }
        return nullptr;
    };
    // Code hidden in the arguments (awk's system(), sed's e, tar --to-command, ...) is a door
    // no allow rule opens; an unknown program or subcommand is what allow rules are for.
    CatalogueVerdict verdict;
    if (!m_dangerous) {
        verdict = ProgramCatalogue::builtIn().judge(argv);
        if (verdict.kind == CatalogueVerdict::Kind::Refused &&
            verdict.rule != u"unknown-subcommand")
            return deny(verdict.rule, verdict.reason, offending);
    }
    if (m_mode == CommandPolicy::Mode::AllowList) {
        if (const PolicyRule *rule = allowRule()) {
            m_allowedBy = rule->id;
            return true;
        }
        return deny(QStringLiteral("not-allowlisted"),
                    QStringLiteral("%1 is not on the allowlist").arg(argv.first().text), offending);
    }
    if (m_dangerous || verdict.kind == CatalogueVerdict::Kind::Known || allowRule())
        return true; // with ENABLE_DANGEROUS_COMMANDS=true only deny and core rules apply
    return deny(verdict.rule, verdict.reason, offending);
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
    if (program == u"cd" && operands.isEmpty()) {
        m_directory.candidates << QString(); // the home directory the line started in
        m_directory.candidates.removeDuplicates();
        return;
    }
    if (program != u"cd" || operands.size() != 1 || operands.first().dynamic ||
        operands.first().glob || operands.first().text == u"-") {
        m_directory.lost = true;
        return;
    }
    const QString dir = operands.first().text;
    QStringList next = m_directory.candidates;
    if (dir.startsWith(u'/')) {
        next << PathCanonicaliser::canonical(dir).path;
    } else if (dir.startsWith(QLatin1String("./")) || dir.startsWith(QLatin1String("../")) ||
               dir == u"..") {
        // Not subject to CDPATH: relative to each directory the shell may be in.
        next.clear();
        for (const QString &from : std::as_const(m_directory.candidates)) {
            if (from.isEmpty()) {
                m_directory.lost = true;
                return;
            }
            next << PathCanonicaliser::canonical(from + u'/' + dir).path;
        }
    } else {
        m_directory.lost = true; // CDPATH may apply, or the start directory is unknown
        return;
    }
    next.removeDuplicates();
    if (next.size() > kMaxDirectories)
        m_directory.lost = true;
    m_directory.candidates = next;
}

} // namespace pmcp
