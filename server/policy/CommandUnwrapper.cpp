#include "server/policy/CommandUnwrapper.h"

#include "server/policy/OptionGrammar.h"
#include "server/policy/ProgramCatalogue.h"
#include "server/policy/RuleMatcher.h"

#include <QDir>
#include <QRegularExpression>

namespace pmcp {

namespace {

const QString kEval = QStringLiteral("eval");
const QString kUnknownOption = QStringLiteral("unknown-option");
const QString kDynamic = QStringLiteral("dynamic-program");
const QString kBuiltinCode = QStringLiteral("builtin-code");
const QString kVariable = QStringLiteral("dangerous-variable");
const QString kHiddenCode = QStringLiteral("hidden-code");
const QString kUnparseable = QStringLiteral("unparseable");

CommandWord literal(const QString &text)
{
    return {text, false, false, false};
}

bool isShortOption(const QString &text)
{
    return text.size() > 1 && text.startsWith(u'-') && !text.startsWith(QLatin1String("--"));
}

// A program text that is really the process's input: "-", /dev/stdin, /dev/fd/0, /proc/...
bool readsInput(const QString &path)
{
    return path == u"-" || path.startsWith(QLatin1String("/dev/")) ||
           path.startsWith(QLatin1String("/proc/"));
}

bool isAssignment(const QString &text)
{
    static const QRegularExpression assignment(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*="));
    return assignment.match(text).hasMatch();
}

// Shells whose grammar differs from sh/bash: their code cannot be judged by this parser.
bool unmodelledShell(const QString &program)
{
    static const QStringList shells = {
        QStringLiteral("zsh"),  QStringLiteral("ksh"),    QStringLiteral("ksh93"),
        QStringLiteral("mksh"), QStringLiteral("ash"),    QStringLiteral("fish"),
        QStringLiteral("csh"),  QStringLiteral("tcsh"),   QStringLiteral("yash"),
        QStringLiteral("posh"), QStringLiteral("elvish"), QStringLiteral("nu")};
    return shells.contains(program);
}

bool modelledShellPath(const QString &shell)
{
    static const QStringList shells = {
        QStringLiteral("/bin/sh"),     QStringLiteral("/bin/bash"),
        QStringLiteral("/usr/bin/sh"), QStringLiteral("/usr/bin/bash"),
        QStringLiteral("/bin/dash"),   QStringLiteral("/usr/bin/dash"),
        QStringLiteral("sh"),          QStringLiteral("bash")};
    return shells.contains(shell);
}

// Letters of an interpreter's options that run code given on the command line.
QString inlineLetters(const QString &program)
{
    static const QList<std::pair<QRegularExpression, QString>> table = {
        {QRegularExpression(QStringLiteral("^python[0-9.]*$")), QStringLiteral("c")},
        {QRegularExpression(QStringLiteral("^perl[0-9.]*$")), QStringLiteral("eE")},
        {QRegularExpression(QStringLiteral("^ruby[0-9.]*$")), QStringLiteral("e")},
        {QRegularExpression(QStringLiteral("^(node|nodejs)$")), QStringLiteral("ep")},
        {QRegularExpression(QStringLiteral("^php[0-9.]*$")), QStringLiteral("r")},
        {QRegularExpression(QStringLiteral("^lua[0-9.]*$")), QStringLiteral("e")},
        {QRegularExpression(QStringLiteral("^(tclsh|wish)[0-9.]*$")), QStringLiteral("")},
    };
    for (const auto &[re, letters] : table) {
        if (re.match(program).hasMatch())
            return letters.isEmpty() ? QStringLiteral("\x01") : letters;
    }
    return {};
}

// ip's objects in the order ip matches abbreviations against them ("ip n" is neighbor).
const QStringList &ipObjects()
{
    static const QStringList objects =
        QString::fromLatin1(
            "address addrlabel maddress route rule neighbor neighbour ntable ntbl link l2tp fou "
            "ila "
            "macsec tunnel tunl tuntap tap token tcpmetrics tcp_metrics monitor xfrm mroute mrule "
            "netns netconf vrf sr nexthop mptcp ioam stats help")
            .split(u' ');
    return objects;
}

} // namespace

CommandUnwrapper::CommandUnwrapper(bool dangerousEnabled)
    : m_dangerous(dangerousEnabled)
{}

UnwrappedCommands CommandUnwrapper::unwrap(const QList<CommandWord> &argv, bool dangerousEnabled)
{
    CommandUnwrapper unwrapper(dangerousEnabled);
    unwrapper.unwrapInto(argv, 0, {});
    return unwrapper.m_out;
}

bool CommandUnwrapper::deny(const QString &rule, const QString &reason)
{
    if (m_out.denyRule.isEmpty()) {
        m_out.denyRule = rule;
        m_out.denyReason = reason;
    }
    return true;
}

void CommandUnwrapper::addCommand(const QList<CommandWord> &argv, const CommandContext &context)
{
    m_out.commands.append(argv);
    m_out.contexts.append(context);
}

void CommandUnwrapper::addWrapper(const QList<CommandWord> &argv, const CommandContext &context)
{
    CommandContext wrapper = context;
    wrapper.wrapper = true;
    addCommand(argv, wrapper);
}

void CommandUnwrapper::addScript(const CommandWord &code, const QString &program,
                                 const CommandContext &context)
{
    if (code.dynamic) {
        deny(kDynamic, QStringLiteral("%1 runs shell code only known at run time").arg(program));
        return;
    }
    m_out.scripts << code.text;
    m_out.scriptContexts << context;
}

QString CommandUnwrapper::joined(const QList<CommandWord> &argv, qsizetype from)
{
    QStringList parts;
    for (qsizetype i = from; i < argv.size(); ++i)
        parts << argv.at(i).text;
    return parts.join(u' ');
}

bool CommandUnwrapper::checkAssignment(const CommandWord &word)
{
    const qsizetype equals = word.text.indexOf(u'=');
    const QString why =
        ProgramCatalogue::variableRefusal(word.text.left(equals), word.text.mid(equals + 1));
    if (why.isEmpty())
        return true;
    deny(kVariable, why);
    return false;
}

void CommandUnwrapper::unwrapInto(QList<CommandWord> argv, int depth, CommandContext context)
{
    const ProgramCatalogue &catalogue = ProgramCatalogue::builtIn();
    for (int round = 0; !argv.isEmpty() && m_out.denyRule.isEmpty(); ++round) {
        if (depth > 16 || round > 32) {
            deny(kUnparseable, QStringLiteral("wrappers nested too deeply"));
            return;
        }
        const CommandWord &program = argv.first();
        if (program.ifs) {
            deny(QStringLiteral("ifs-expansion"),
                 QStringLiteral("IFS expansion in the program word"));
            return;
        }
        if (program.dynamic || program.glob) {
            deny(kDynamic, QStringLiteral("the program to run (%1) is only known at run time")
                               .arg(program.text));
            return;
        }
        const QString base = RuleMatcher::baseName(program.text);
        if (handleDoors(base, argv))
            return;
        const ProgramEntry *entry = catalogue.find(program.text);
        if (base == u"busybox" && ProgramCatalogue::inSystemDirectory(program.text)) {
            if (argv.size() < 2 || argv.at(1).text.startsWith(u'-'))
                return; // lists its applets
            argv = argv.mid(1);
            continue;
        }
        if (!entry) {
            addCommand(argv, context); // unknown: refused by the evaluator unless allowed
            return;
        }
        switch (entry->kind) {
        case ProgramKind::Builtin:
            if (!handleBuiltin(base, argv))
                addCommand(argv, context);
            return;
        case ProgramKind::Shell:
            handleShell(*entry, argv, context);
            return;
        case ProgramKind::Interpreter:
            handleInterpreter(base, argv);
            addCommand(argv, context);
            return;
        case ProgramKind::Wrapper:
            if (base == u"ssh") {
                handleSsh(*entry, argv, context);
                return;
            }
            if (base == u"xargs") {
                handleXargs(*entry, argv, context, depth);
                return;
            }
            if (!handleWrapper(*entry, argv, context))
                return;
            continue;
        default:
            if (base == u"find") {
                handleFind(argv, depth, context);
                addCommand(argv, context);
                return;
            }
            if (base == u"ip" && handleIp(argv, depth, context))
                return;
            if (handleGuestExec(base, argv, depth, context))
                return;
            addCommand(argv, context);
            return;
        }
    }
}

bool CommandUnwrapper::handleDoors(const QString &program, const QList<CommandWord> &argv)
{
    Q_UNUSED(argv);
    if (program == u"eval" || program == u"source" || program == u".")
        return deny(kEval, QStringLiteral("%1 runs code the policy cannot see").arg(program));
    if (unmodelledShell(program))
        return deny(QStringLiteral("unknown-program"),
                    QStringLiteral("%1 has a grammar the policy does not model (it models sh, "
                                   "bash and dash), so its code cannot be judged")
                        .arg(program));
    return false;
}

bool CommandUnwrapper::checkSubscripts(const QString &program, const QList<CommandWord> &names)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]*$"));
    for (const CommandWord &word : names) {
        const QString name = word.text.left(word.text.indexOf(u'='));
        if (word.dynamic && !word.text.contains(u'=')) {
            deny(kBuiltinCode,
                 QStringLiteral("%1 with a variable name only known at run time: a name can "
                                "carry an array subscript, which bash evaluates")
                     .arg(program));
            return false;
        }
        const qsizetype open = name.indexOf(u'[');
        if (open < 0)
            continue;
        const QString subscript = name.mid(open + 1, name.lastIndexOf(u']') - open - 1);
        if (!digits.match(subscript).hasMatch() || word.dynamic) {
            deny(kBuiltinCode,
                 QStringLiteral("%1 with the array subscript [%2]: bash evaluates a subscript as "
                                "arithmetic, and arithmetic can run commands")
                     .arg(program, subscript));
            return false;
        }
    }
    return true;
}

bool CommandUnwrapper::handleBuiltin(const QString &program, const QList<CommandWord> &argv)
{
    const QString args = joined(argv, 1);
    if (program == u"exec") {
        qsizetype i = 1;
        while (i < argv.size() && argv.at(i).text.startsWith(u'-'))
            i += argv.at(i).text == u"-a" ? 2 : 1;
        if (i < argv.size())
            return deny(kEval, QStringLiteral("exec replaces the shell"));
        return true;
    }
    if (program == u"alias" && args.contains(u'='))
        return deny(kEval, QStringLiteral("aliases change what later words run"));
    if (program == u"hash" && args.contains(QLatin1String("-p")))
        return deny(kEval, QStringLiteral("hash -p changes what a command name runs"));
    if (program == u"trap") {
        const QString first = argv.value(1).text;
        if (argv.size() == 1 || first == u"-l" || first == u"-p" || first == u"-" ||
            (argv.size() > 2 && first.isEmpty() && !argv.at(1).dynamic))
            return false;
        return deny(kBuiltinCode,
                    QStringLiteral("trap runs its code later, when a signal or the end of the "
                                   "shell arrives, in a state the policy cannot judge"));
    }
    if (program == u"let")
        return deny(kBuiltinCode,
                    QStringLiteral("let evaluates arithmetic, in which an array subscript or a "
                                   "variable's value can run commands; use $(( ))"));
    if (program == u"enable") {
        for (qsizetype i = 1; i < argv.size(); ++i) {
            const QString &text = argv.at(i).text;
            if (text != u"-a" && text != u"-p" && text != u"-s")
                return deny(kBuiltinCode,
                            QStringLiteral("enable changes which builtins run (enable -f loads a "
                                           "shared object)"));
        }
        return false;
    }
    if (program == u"complete" || program == u"compgen") {
        for (qsizetype i = 1; i < argv.size(); ++i) {
            const QString &text = argv.at(i).text;
            if (isShortOption(text) && (text.contains(u'C') || text.contains(u'F')))
                return deny(kBuiltinCode,
                            QStringLiteral("%1 -C/-F runs a command or function to complete "
                                           "words")
                                .arg(program));
        }
        return false;
    }
    static const QRegularExpression number(QStringLiteral("^[0-9]+$"));
    if (program == u"mapfile" || program == u"readarray") {
        QList<CommandWord> names;
        for (qsizetype i = 1; i < argv.size(); ++i) {
            const QString &text = argv.at(i).text;
            if (text.startsWith(QLatin1String("-C")))
                return deny(
                    kBuiltinCode,
                    QStringLiteral("%1 -C runs a callback for the lines it reads").arg(program));
            if (text == u"-n" || text == u"-O" || text == u"-s" || text == u"-c" || text == u"-u" ||
                text == u"-d") {
                const CommandWord value = argv.value(++i);
                if (text != u"-d" && (!number.match(value.text).hasMatch() || value.dynamic))
                    return deny(kBuiltinCode,
                                QStringLiteral("%1 %2 takes a number; anything else is evaluated "
                                               "as arithmetic")
                                    .arg(program, text));
                continue;
            }
            if (!text.startsWith(u'-'))
                names << argv.at(i);
        }
        if (!checkSubscripts(program, names))
            return true;
        return false;
    }
    if (program == u"read" || program == u"printf") {
        QList<CommandWord> names;
        for (qsizetype i = 1; i < argv.size(); ++i) {
            const QString &text = argv.at(i).text;
            if (program == u"printf") {
                if (text == u"-v")
                    names << argv.value(++i);
                else if (text.startsWith(QLatin1String("-v")))
                    names << CommandWord{text.mid(2), argv.at(i).dynamic, false, false};
                else
                    break;
                continue;
            }
            if (text == u"-a")
                names << argv.value(++i);
            else if (text == u"-d" || text == u"-i" || text == u"-n" || text == u"-N" ||
                     text == u"-p" || text == u"-t" || text == u"-u")
                ++i;
            else if (!text.startsWith(u'-'))
                names << argv.at(i);
        }
        if (!checkSubscripts(program, names))
            return true;
        return false;
    }
    if (program == u"declare" || program == u"typeset" || program == u"local" ||
        program == u"export" || program == u"readonly" || program == u"unset") {
        QList<CommandWord> names;
        bool nameref = false;
        for (qsizetype i = 1; i < argv.size(); ++i) {
            const QString &text = argv.at(i).text;
            if (text.startsWith(u'-') || text.startsWith(u'+')) {
                nameref = nameref || (isShortOption(text) && text.contains(u'n') &&
                                      program != u"export" && program != u"unset");
                continue;
            }
            names << argv.at(i);
            if (text.contains(u'=') && !checkAssignment(argv.at(i)))
                return true;
            if (nameref && text.contains(u'['))
                return deny(kBuiltinCode,
                            QStringLiteral("%1 -n to an array element: bash evaluates its "
                                           "subscript whenever the name is used")
                                .arg(program));
        }
        if (!checkSubscripts(program, names))
            return true;
        return false;
    }
    if (program == u"test" || program == u"[" || program == u"[[") {
        static const QStringList arithmetic = {QStringLiteral("-eq"), QStringLiteral("-ne"),
                                               QStringLiteral("-lt"), QStringLiteral("-le"),
                                               QStringLiteral("-gt"), QStringLiteral("-ge")};
        QList<CommandWord> names;
        for (qsizetype i = 1; i < argv.size(); ++i) {
            const QString &text = argv.at(i).text;
            if (text == u"-v" && i + 1 < argv.size())
                names << argv.at(i + 1);
            if (program == u"[[" && arithmetic.contains(text)) {
                for (const qsizetype k : {i - 1, i + 1}) {
                    if (k > 0 && k < argv.size() && argv.at(k).text.contains(u'['))
                        names << argv.at(k);
                }
            }
        }
        if (!checkSubscripts(program, names))
            return true;
        return false;
    }
    return false;
}

bool CommandUnwrapper::handleWrapper(const ProgramEntry &entry, QList<CommandWord> &argv,
                                     CommandContext &context)
{
    const QString program = entry.name;
    addWrapper(argv, context);
    const ParsedOptions parsed = OptionGrammar::parse(argv, entry.options);
    if (!parsed.error.isEmpty()) {
        deny(kUnknownOption, parsed.error + QStringLiteral("; the policy judges only options "
                                                           "whose meaning it knows"));
        return false;
    }
    bool nothing = false;
    for (const ParsedOption &option : parsed.options) {
        if (const auto it = entry.refused.constFind(option.name); it != entry.refused.constEnd()) {
            deny(it.value().rule, it.value().reason);
            return false;
        }
        if (option.dynamicValue) {
            deny(kDynamic, QStringLiteral("the value of %1 %2 is only known at run time")
                               .arg(program, option.name));
            return false;
        }
        nothing = nothing || entry.runsNothing.contains(option.name);
        if (entry.chdirOptions.contains(option.name)) {
            if (option.hasValue && option.value.startsWith(u'/')) {
                context.cwd = QDir::cleanPath(option.value);
                context.cwdLost = false;
            } else {
                context.cwdLost = true;
            }
        }
        if (entry.rootOptions.contains(option.name)) {
            if (!option.hasValue || !option.value.startsWith(u'/')) {
                deny(kUnknownOption,
                     QStringLiteral("%1 %2 without a literal absolute directory: the policy "
                                    "cannot know where the command's paths lead")
                         .arg(program, option.name));
                return false;
            }
            context.root = QDir::cleanPath(context.root + u'/' + option.value);
        }
        if (entry.writeOptions.contains(option.name)) {
            if (option.value.startsWith(u'|') || option.value.startsWith(u'!')) {
                deny(kHiddenCode, QStringLiteral("%1 %2 %3 pipes its output to a command")
                                      .arg(program, option.name, option.value));
                return false;
            }
            if (option.hasValue)
                m_out.writes << literal(option.value);
        }
    }
    if (nothing)
        return false;
    if (program == u"su" || program == u"runuser") {
        const QString shell = parsed.value(QStringLiteral("-s")).isEmpty()
                                  ? parsed.value(QStringLiteral("--shell"))
                                  : parsed.value(QStringLiteral("-s"));
        if (!shell.isEmpty() && !modelledShellPath(shell))
            return !deny(kUnknownOption,
                         QStringLiteral("%1 --shell %2: only sh, bash and dash are modelled")
                             .arg(program, shell));
        if (parsed.has(QStringLiteral("-l")) || parsed.has(QStringLiteral("--login")))
            context.cwdLost = true; // the user's home directory
    }
    if (program == u"script" && !parsed.operands.isEmpty())
        m_out.writes << argv.at(parsed.operands.first()); // the typescript file
    for (const ParsedOption &option : parsed.options) {
        if (entry.scriptOptions.contains(option.name)) {
            addScript(literal(option.value), program, context);
            return false;
        }
    }
    QList<CommandWord> rest;
    if (entry.options.permute) {
        for (const qsizetype i : parsed.operands)
            rest << argv.at(i);
    } else {
        rest = argv.mid(parsed.end);
    }
    for (int k = 0; k < entry.positionals && !rest.isEmpty(); ++k) {
        if (rest.first().dynamic) {
            deny(kDynamic, QStringLiteral("an operand of %1 is only known at run time "
                                          "(it could stand for several words)")
                               .arg(program));
            return false;
        }
        if (program == u"chroot") {
            context.root = QDir::cleanPath(context.root + u'/' + rest.first().text);
            if (!rest.first().text.startsWith(u'/')) {
                deny(kUnknownOption,
                     QStringLiteral("chroot to the relative directory %1: the policy cannot know "
                                    "where the command's paths lead")
                         .arg(rest.first().text));
                return false;
            }
            if (!parsed.has(QStringLiteral("--skip-chdir"))) {
                context.cwd = QStringLiteral("/");
                context.cwdLost = false;
            }
        }
        if (program == u"flock" && rest.size() > 2 &&
            (rest.at(1).text == u"-c" || rest.at(1).text == u"--command")) {
            addScript(rest.at(2), program, context);
            return false;
        }
        rest.removeFirst();
    }
    if (!wrapperSpecials(program, parsed, rest, context))
        return false;
    if (rest.isEmpty()) {
        if (!entry.withoutCommand.isEmpty())
            deny(kEval, entry.withoutCommand);
        return false;
    }
    argv = rest;
    return true;
}

// What single wrappers add to the generic grammar; false when nothing more is to be unwrapped.
bool CommandUnwrapper::wrapperSpecials(const QString &program, const ParsedOptions &parsed,
                                       QList<CommandWord> &rest, CommandContext &context)
{
    if (program == u"sudo" || program == u"env") {
        if (program == u"env" && !rest.isEmpty() && rest.first().text == u"-")
            rest.removeFirst(); // "-" is -i
        while (!rest.isEmpty() && isAssignment(rest.first().text)) {
            if (rest.first().dynamic && rest.first().ifs)
                return !deny(kDynamic,
                             QStringLiteral("an assignment of %1 splits at run time").arg(program));
            if (!checkAssignment(rest.first()))
                return false;
            rest.removeFirst();
        }
        for (const ParsedOption &option : parsed.options) {
            if (option.name == u"-e" || option.name == u"--edit") {
                addCommand(QList<CommandWord>{literal(QStringLiteral("sudoedit"))} + rest, context);
                return false;
            }
            if (option.name == u"-S" || option.name == u"--split-string") {
                if (option.value.contains(u'\\') || option.value.contains(u'$'))
                    return !deny(kUnknownOption,
                                 QStringLiteral("env -S with escapes or variables is not "
                                                "modelled by the policy"));
                QString script = option.value;
                for (const CommandWord &word : std::as_const(rest))
                    script += u' ' + word.text;
                addScript(literal(script.trimmed()), program, context);
                return false;
            }
        }
        return true;
    }
    if (program == u"su" || program == u"runuser") {
        if (parsed.has(QStringLiteral("-u")) || parsed.has(QStringLiteral("--user")))
            return true; // runuser -u USER [--] COMMAND
        if (!rest.isEmpty() && rest.first().text == u"-")
            rest.removeFirst();
        if (!rest.isEmpty())
            rest.removeFirst(); // the user
        if (!rest.isEmpty())
            return !deny(kUnknownOption,
                         QStringLiteral("%1 passes the arguments after the user name to the "
                                        "login shell, which the policy does not model")
                             .arg(program));
        return true;
    }
    if (program == u"watch") {
        if (parsed.has(QStringLiteral("-x")) || parsed.has(QStringLiteral("--exec")))
            return true;
        if (!rest.isEmpty()) {
            for (const CommandWord &word : std::as_const(rest)) {
                if (word.dynamic)
                    return !deny(kDynamic,
                                 QStringLiteral("watch runs shell code only known at run time"));
            }
            addScript(literal(joined(rest, 0)), program, context);
        }
        return false;
    }
    if (program == u"script") {
        rest.clear(); // the typescript file, already judged as a write
        return true;
    }
    if (program == u"systemd-run") {
        static const QStringList properties =
            QString::fromLatin1(
                "CPUQuota MemoryMax MemoryHigh MemoryLimit MemorySwapMax Nice IOWeight CPUWeight "
                "TasksMax Type RemainAfterExit User Group TimeoutStartSec TimeoutStopSec "
                "RuntimeMaxSec KillMode KillSignal Restart SyslogIdentifier Description After "
                "Before Wants Requires CPUAccounting MemoryAccounting IOAccounting TasksAccounting "
                "LimitNOFILE LimitCORE PrivateTmp ProtectSystem ProtectHome NoNewPrivileges "
                "OOMScoreAdjust CPUSchedulingPolicy IOSchedulingClass IOSchedulingPriority "
                "AllowedCPUs StandardOutput StandardError")
                .split(u' ');
        for (const ParsedOption &option : parsed.options) {
            if (option.name == u"-E" || option.name == u"--setenv") {
                if (!checkAssignment(literal(option.value)))
                    return false;
            }
            if (option.name != u"-p" && option.name != u"--property")
                continue;
            const QString name = option.value.left(option.value.indexOf(u'='));
            const QString value = option.value.mid(option.value.indexOf(u'=') + 1);
            if (!properties.contains(name))
                return !deny(kUnknownOption,
                             QStringLiteral("systemd-run property %1 is not one the policy "
                                            "knows (Exec*, RootDirectory and the like run code "
                                            "or move paths)")
                                 .arg(name));
            if (name.startsWith(QLatin1String("Standard")) && value.contains(u':'))
                m_out.writes << literal(value.mid(value.indexOf(u':') + 1));
        }
        const bool scope = parsed.has(QStringLiteral("--scope"));
        const bool sameDir = parsed.has(QStringLiteral("-d")) ||
                             parsed.has(QStringLiteral("--same-dir")) ||
                             parsed.has(QStringLiteral("--working-directory"));
        if (!scope && !sameDir) {
            if (parsed.has(QStringLiteral("--user"))) {
                context.cwdLost = true;
            } else {
                context.cwd = QStringLiteral("/");
                context.cwdLost = false;
            }
        }
        return true;
    }
    if (program == u"strace" || program == u"ltrace") {
        for (const ParsedOption &option : parsed.options) {
            if (option.name == u"-E" && option.value.contains(u'=') &&
                !checkAssignment(literal(option.value)))
                return false;
        }
        return true;
    }
    return true;
}

bool CommandUnwrapper::handleSsh(const ProgramEntry &entry, const QList<CommandWord> &argv,
                                 const CommandContext &context)
{
    static const QStringList known =
        QString::fromLatin1(
            "batchmode connecttimeout stricthostkeychecking userknownhostsfile port user "
            "identityfile identitiesonly serveraliveinterval serveralivecountmax loglevel "
            "compression forwardagent hostkeyalgorithms pubkeyacceptedkeytypes "
            "pubkeyacceptedalgorithms passwordauthentication preferredauthentications "
            "addressfamily connectionattempts hashknownhosts checkhostip globalknownhostsfile "
            "numberofpasswordprompts ciphers macs kexalgorithms requesttty sendenv setenv "
            "tcpkeepalive visualhostkey updatehostkeys loglevel hostkeyalias hostname "
            "kbdinteractiveauthentication gssapiauthentication controlmaster controlpath "
            "controlpersist exitonforwardfailure")
            .split(u' ');
    addWrapper(argv, context);
    const auto options = [&](qsizetype from) -> ParsedOptions {
        ParsedOptions parsed = OptionGrammar::parse(argv, entry.options, from);
        if (!parsed.error.isEmpty()) {
            deny(kUnknownOption, parsed.error);
            return parsed;
        }
        for (const ParsedOption &option : parsed.options) {
            if (option.dynamicValue) {
                deny(kDynamic, QStringLiteral("the value of ssh %1 is only known at run time")
                                   .arg(option.name));
                return parsed;
            }
            if (option.name == u"-o") {
                static const QRegularExpression split(QStringLiteral("[ =\t]"));
                const QString name = option.value.section(split, 0, 0).toLower();
                if (!known.contains(name)) {
                    deny(kUnknownOption,
                         QStringLiteral("ssh -o %1 is not an option the policy knows "
                                        "(ProxyCommand, LocalCommand and the like run commands)")
                             .arg(option.value));
                    return parsed;
                }
            }
            if ((option.name == u"-F" || option.name == u"-E" || option.name == u"-S") &&
                readsInput(option.value) && option.value != u"/dev/null") {
                deny(kUnknownOption, QStringLiteral("ssh %1 %2 is not modelled by the policy")
                                         .arg(option.name, option.value));
                return parsed;
            }
            if (entry.runsNothing.contains(option.name))
                parsed.end = argv.size() + 1; // nothing runs
        }
        return parsed;
    };
    const ParsedOptions first = options(1);
    if (!m_out.denyRule.isEmpty() || first.end > argv.size())
        return true;
    if (first.end >= argv.size())
        return deny(kEval, entry.withoutCommand);
    if (argv.at(first.end).dynamic)
        return deny(kDynamic, QStringLiteral("the host ssh connects to is only known at run time"));
    // OpenSSH reads options again after the destination.
    const ParsedOptions second = options(first.end + 1);
    if (!m_out.denyRule.isEmpty() || second.end > argv.size())
        return true;
    if (second.end >= argv.size()) {
        if (first.has(QStringLiteral("-N")) || second.has(QStringLiteral("-N")) ||
            first.has(QStringLiteral("-W")) || second.has(QStringLiteral("-W")))
            return true;
        return deny(kEval, entry.withoutCommand);
    }
    addScript(literal(joined(argv, second.end)), QStringLiteral("ssh"), CommandContext{});
    return true;
}

bool CommandUnwrapper::handleXargs(const ProgramEntry &entry, const QList<CommandWord> &argv,
                                   const CommandContext &context, int depth)
{
    addWrapper(argv, context);
    const ParsedOptions parsed = OptionGrammar::parse(argv, entry.options);
    if (!parsed.error.isEmpty())
        return deny(kUnknownOption, parsed.error);
    QString replace;
    for (const ParsedOption &option : parsed.options) {
        if (option.dynamicValue)
            return deny(
                kDynamic,
                QStringLiteral("the value of xargs %1 is only known at run time").arg(option.name));
        if (option.name == u"-I" || option.name == u"-i" || option.name == u"--replace")
            replace = option.hasValue ? option.value : QStringLiteral("{}");
    }
    QList<CommandWord> inner = argv.mid(parsed.end);
    if (inner.isEmpty())
        inner << literal(QStringLiteral("echo"));
    if (replace.isEmpty()) {
        inner.append({QStringLiteral("<input>"), true, false, false});
    } else {
        for (CommandWord &word : inner) {
            if (word.text.contains(replace))
                word.dynamic = true;
        }
    }
    unwrapInto(inner, depth + 1, context);
    return true;
}

bool CommandUnwrapper::handleShell(const ProgramEntry &entry, const QList<CommandWord> &argv,
                                   const CommandContext &context)
{
    const ParsedOptions parsed = OptionGrammar::parse(argv, entry.options);
    if (!parsed.error.isEmpty())
        return deny(kUnknownOption, parsed.error);
    if (parsed.has(QStringLiteral("-s")))
        return deny(kEval, QStringLiteral("a shell reading commands from its input"));
    if (parsed.has(QStringLiteral("-c"))) {
        if (parsed.operands.isEmpty())
            return deny(kUnparseable, QStringLiteral("sh -c without a command"));
        addScript(argv.at(parsed.operands.first()), entry.name, context);
        return true;
    }
    if (parsed.operands.isEmpty() || parsed.has(QStringLiteral("-i")))
        return deny(kEval, QStringLiteral("a shell reading commands from its input"));
    const CommandWord &script = argv.at(parsed.operands.first());
    if (script.dynamic)
        return deny(kDynamic, QStringLiteral("a script only known at run time"));
    if (readsInput(script.text))
        return deny(
            kEval,
            QStringLiteral("%1 %2 reads its program from its input").arg(entry.name, script.text));
    m_out.executes << script;
    addCommand(argv, context);
    return true;
}

void CommandUnwrapper::handleFind(const QList<CommandWord> &argv, int depth,
                                  const CommandContext &context)
{
    static const QStringList none =
        QString::fromLatin1(
            "-print -print0 -ls -prune -quit -true -false -empty -executable -readable -writable "
            "-nouser -nogroup -depth -d -mount -xdev -noleaf -ignore_readdir_race "
            "-noignore_readdir_race -daystart -follow -not -and -a -or -o ! ( ) , -help --help "
            "-version --version -warn -nowarn -delete")
            .split(u' ');
    static const QStringList one =
        QString::fromLatin1(
            "-name -iname -path -ipath -wholename -iwholename -regex -iregex -type -xtype -user "
            "-group -uid -gid -perm -size -mtime -mmin -atime -amin -ctime -cmin -newer -anewer "
            "-cnewer -maxdepth -mindepth -links -inum -samefile -lname -ilname -fstype -used "
            "-context -printf -regextype -files0-from -fprint -fprint0 -fls")
            .split(u' ');
    QList<CommandWord> paths;
    qsizetype i = 1;
    for (; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (text == u"-H" || text == u"-L" || text == u"-P" ||
            (text.startsWith(QLatin1String("-O")) && text.size() > 2))
            continue;
        if (text == u"-D") {
            ++i;
            continue;
        }
        break;
    }
    for (; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (text.startsWith(u'-') || text == u"(" || text == u"!")
            break;
        paths.append(argv.at(i));
    }
    if (paths.isEmpty())
        paths.append(literal(QStringLiteral(".")));
    for (; i < argv.size() && m_out.denyRule.isEmpty(); ++i) {
        const QString &text = argv.at(i).text;
        if (argv.at(i).dynamic && text.startsWith(u'-')) {
            deny(kDynamic, QStringLiteral("a find expression only known at run time"));
            return;
        }
        if (text == u"-delete") {
            unwrapInto(
                QList<CommandWord>{literal(QStringLiteral("rm")), literal(QStringLiteral("-r"))} +
                    paths,
                depth + 1, context);
        } else if (text == u"-exec" || text == u"-execdir" || text == u"-ok" || text == u"-okdir") {
            QList<CommandWord> inner;
            for (++i; i < argv.size() && argv.at(i).text != u";" && argv.at(i).text != u"+"; ++i) {
                CommandWord word = argv.at(i);
                if (word.text.contains(QLatin1String("{}")))
                    word.dynamic = true;
                inner.append(word);
            }
            if (!inner.isEmpty() && inner.first().text.contains(QLatin1String("{}"))) {
                deny(kDynamic, QStringLiteral("find -exec runs the files it finds"));
                return;
            }
            CommandContext innerContext = context;
            if (text.endsWith(QLatin1String("dir")))
                innerContext.cwdLost = true; // the directory of each file found
            if (!inner.isEmpty())
                unwrapInto(inner, depth + 1, innerContext);
        } else if (text == u"-fprintf") {
            i += 2;
        } else if (one.contains(text) ||
                   (text.startsWith(QLatin1String("-newer")) && text.size() == 8)) {
            ++i;
        } else if (!none.contains(text)) {
            deny(kUnknownOption,
                 QStringLiteral("unknown find expression %1; the policy judges only the tests "
                                "and actions it knows")
                     .arg(text));
            return;
        }
    }
}

bool CommandUnwrapper::handleIp(const QList<CommandWord> &argv, int depth,
                                const CommandContext &context)
{
    static const QStringList flags =
        QString::fromLatin1(
            "-4 -6 -0 -br -brief -c -color -d -details -s -stats -statistics -j -json -p -pretty "
            "-o -oneline -r -resolve -h -human -human-readable -iec -t -timestamp -ts -tshort -a "
            "-all -N -Numeric -V -Version -echo")
            .split(u' ');
    static const QStringList valued =
        QString::fromLatin1("-n -netns -f -family -l -loops -rc -rcvbuf").split(u' ');
    qsizetype i = 1;
    for (; i < argv.size() && argv.at(i).text.startsWith(u'-'); ++i) {
        const QString &text = argv.at(i).text;
        if (text.size() >= 2 && QStringLiteral("-batch").startsWith(text))
            return deny(kHiddenCode, QStringLiteral("ip %1 reads commands from a file the policy "
                                                    "cannot see")
                                         .arg(text));
        if (valued.contains(text)) {
            ++i;
            continue;
        }
        if (!flags.contains(text) && !text.startsWith(QLatin1String("-color=")))
            return deny(kUnknownOption, QStringLiteral("unknown option %1 for ip").arg(text));
    }
    if (i >= argv.size())
        return false;
    QString object;
    for (const QString &candidate : ipObjects()) {
        if (candidate.startsWith(argv.at(i).text)) {
            object = candidate;
            break;
        }
    }
    if (object.isEmpty())
        return deny(QStringLiteral("unknown-subcommand"),
                    QStringLiteral("ip %1 is not an object ip knows").arg(argv.at(i).text));
    if ((object == u"netns" || object == u"vrf") && i + 1 < argv.size() &&
        QStringLiteral("exec").startsWith(argv.at(i + 1).text)) {
        addWrapper(argv, context);
        if (i + 3 >= argv.size())
            return deny(kEval, QStringLiteral("ip %1 exec without a command").arg(object));
        if (argv.at(i + 2).dynamic)
            return deny(kDynamic, QStringLiteral("the namespace of ip %1 exec is only known at "
                                                 "run time")
                                      .arg(object));
        unwrapInto(argv.mid(i + 3), depth + 1, context);
        return true;
    }
    return false;
}

// pct exec VMID -- CMD and qm guest exec VMID -- CMD run CMD inside a guest: it is judged as
// if it ran here (a guest's root file system is no less precious than the host's).
bool CommandUnwrapper::handleGuestExec(const QString &program, const QList<CommandWord> &argv,
                                       int depth, const CommandContext &context)
{
    qsizetype at = -1;
    if (program == u"pct" && argv.value(1).text == u"exec")
        at = 3;
    else if (program == u"qm" && argv.value(1).text == u"guest" && argv.value(2).text == u"exec")
        at = 4;
    if (at < 0)
        return false;
    addCommand(argv, context); // the catalogue and the core rules judge pct/qm themselves
    qsizetype from = at;
    for (qsizetype i = at; i < argv.size(); ++i) {
        if (argv.at(i).text == u"--") {
            from = i + 1;
            break;
        }
    }
    if (from < argv.size()) {
        CommandContext guest;
        guest.cwdLost = true; // the guest's own working directory
        unwrapInto(argv.mid(from), depth + 1, guest);
    }
    return true;
}

void CommandUnwrapper::handleInterpreter(const QString &program, const QList<CommandWord> &argv)
{
    bool inlineCode = false;
    if (const QString letters = inlineLetters(program); !letters.isEmpty()) {
        bool operand = false;
        for (qsizetype i = 1; i < argv.size() && !operand; ++i) {
            const QString &text = argv.at(i).text;
            if (text == u"-" || text == u"--eval" || text == u"--print")
                inlineCode = true;
            else if (isShortOption(text))
                inlineCode = inlineCode || std::any_of(letters.begin(), letters.end(),
                                                       [&](QChar c) { return text.contains(c); });
            else if (!text.startsWith(u'-')) {
                operand = true;
                if (argv.at(i).dynamic || readsInput(text))
                    inlineCode = true;
                else
                    m_out.executes << argv.at(i);
            }
        }
        inlineCode = inlineCode || argv.size() == 1;
    }
    if (inlineCode && !m_dangerous)
        deny(QStringLiteral("inline-interpreter"),
             QStringLiteral("%1 with inline code or code from its input; set "
                            "ENABLE_DANGEROUS_COMMANDS=true to allow")
                 .arg(program));
}

} // namespace pmcp
