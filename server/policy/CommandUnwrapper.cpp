#include "server/policy/CommandUnwrapper.h"

#include "server/policy/RuleMatcher.h"

#include <QHash>
#include <QRegularExpression>

namespace pmcp {

namespace {

const QString kEval = QStringLiteral("eval");

CommandWord literal(const QString &text)
{
    return {text, false, false, false};
}

bool isShortOption(const QString &text)
{
    return text.size() > 1 && text.startsWith(u'-') && !text.startsWith(QLatin1String("--"));
}

bool isShell(const QString &program)
{
    static const QStringList shells = {
        QStringLiteral("sh"),   QStringLiteral("bash"),  QStringLiteral("dash"),
        QStringLiteral("zsh"),  QStringLiteral("ksh"),   QStringLiteral("ash"),
        QStringLiteral("mksh"), QStringLiteral("rbash"), QStringLiteral("fish"),
        QStringLiteral("csh"),  QStringLiteral("tcsh")};
    return shells.contains(program);
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

} // namespace

CommandUnwrapper::CommandUnwrapper(bool dangerousEnabled)
    : m_dangerous(dangerousEnabled)
{}

UnwrappedCommands CommandUnwrapper::unwrap(const QList<CommandWord> &argv, bool dangerousEnabled)
{
    CommandUnwrapper unwrapper(dangerousEnabled);
    unwrapper.unwrapInto(argv, 0);
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

QString CommandUnwrapper::joined(const QList<CommandWord> &argv, qsizetype from)
{
    QStringList parts;
    for (qsizetype i = from; i < argv.size(); ++i)
        parts << argv.at(i).text;
    return parts.join(u' ');
}

qsizetype CommandUnwrapper::skipOptions(const QList<CommandWord> &argv,
                                        const Wrapper &wrapper) const
{
    qsizetype i = 1;
    while (i < argv.size()) {
        const QString &text = argv.at(i).text;
        if (text == u"--") {
            ++i;
            break;
        }
        if (text.size() < 2 || !text.startsWith(u'-'))
            break;
        i += wrapper.valued.contains(text) ? 2 : 1;
    }
    return i + wrapper.positionals;
}

// Wrappers that run the rest of their arguments as a command, after options and operands.
const QHash<QString, CommandUnwrapper::Wrapper> &CommandUnwrapper::wrapperTable()
{
    static const QHash<QString, Wrapper> wrappers = {
        {QStringLiteral("nice"), {{QStringLiteral("-n"), QStringLiteral("--adjustment")}, 0}},
        {QStringLiteral("ionice"),
         {{QStringLiteral("-c"), QStringLiteral("-n"), QStringLiteral("--class"),
           QStringLiteral("--classdata")},
          0}},
        {QStringLiteral("nohup"), {{}, 0}},
        {QStringLiteral("timeout"),
         {{QStringLiteral("-s"), QStringLiteral("-k"), QStringLiteral("--signal"),
           QStringLiteral("--kill-after")},
          1}},
        {QStringLiteral("stdbuf"),
         {{QStringLiteral("-i"), QStringLiteral("-o"), QStringLiteral("-e")}, 0}},
        {QStringLiteral("time"),
         {{QStringLiteral("-f"), QStringLiteral("-o"), QStringLiteral("--format"),
           QStringLiteral("--output")},
          0}},
        {QStringLiteral("command"), {{}, 0}},
        {QStringLiteral("builtin"), {{}, 0}},
        {QStringLiteral("chroot"), {{QStringLiteral("--userspec"), QStringLiteral("--groups")}, 1}},
        {QStringLiteral("setsid"), {{}, 0}},
        {QStringLiteral("coproc"), {{}, 0}},
        {QStringLiteral("unshare"), {{}, 0}},
        {QStringLiteral("strace"),
         {{QStringLiteral("-o"), QStringLiteral("-e"), QStringLiteral("-p"), QStringLiteral("-s"),
           QStringLiteral("-u"), QStringLiteral("-E"), QStringLiteral("-a"), QStringLiteral("-b"),
           QStringLiteral("-I"), QStringLiteral("-O"), QStringLiteral("-S"), QStringLiteral("-X"),
           QStringLiteral("-P")},
          0}},
        {QStringLiteral("ltrace"),
         {{QStringLiteral("-o"), QStringLiteral("-e"), QStringLiteral("-p"), QStringLiteral("-s"),
           QStringLiteral("-u"), QStringLiteral("-a"), QStringLiteral("-n")},
          0}},
        {QStringLiteral("unbuffer"), {{}, 0}},
        {QStringLiteral("chrt"), {{}, 1}},
        {QStringLiteral("taskset"), {{}, 1}},
        {QStringLiteral("flock"),
         {{QStringLiteral("-w"), QStringLiteral("-E"), QStringLiteral("--timeout"),
           QStringLiteral("--conflict-exit-code")},
          1}},
        {QStringLiteral("nsenter"),
         {{QStringLiteral("-t"), QStringLiteral("--target"), QStringLiteral("-S"),
           QStringLiteral("-G")},
          0}},
        {QStringLiteral("systemd-run"),
         {{QStringLiteral("-u"), QStringLiteral("--unit"), QStringLiteral("-p"),
           QStringLiteral("--property"), QStringLiteral("-M"), QStringLiteral("--machine"),
           QStringLiteral("-E"), QStringLiteral("--setenv"), QStringLiteral("--description"),
           QStringLiteral("--slice"), QStringLiteral("--uid"), QStringLiteral("--gid")},
          0}},
        {QStringLiteral("runuser"),
         {{QStringLiteral("-u"), QStringLiteral("-g"), QStringLiteral("-G"),
           QStringLiteral("--user"), QStringLiteral("--group"), QStringLiteral("-s"),
           QStringLiteral("--shell")},
          0}},
    };
    return wrappers;
}

void CommandUnwrapper::unwrapInto(QList<CommandWord> argv, int depth)
{
    const QHash<QString, Wrapper> &wrappers = wrapperTable();
    for (int round = 0; !argv.isEmpty(); ++round) {
        if (depth > 16 || round > 32) {
            deny(QStringLiteral("unparseable"), QStringLiteral("wrappers nested too deeply"));
            return;
        }
        const CommandWord &program = argv.first();
        if (program.ifs) {
            deny(QStringLiteral("ifs-expansion"),
                 QStringLiteral("IFS expansion in the program word"));
            return;
        }
        if (program.dynamic || program.glob) {
            deny(QStringLiteral("dynamic-program"),
                 QStringLiteral("the program to run is only known at run time"));
            return;
        }
        const QString base = RuleMatcher::baseName(program.text);
        const qsizetype before = argv.size();
        if (handleSpecial(base, argv, depth))
            return;
        if (argv.size() != before)
            continue; // sudo or env peeled off: judge what they run
        if (!wrappers.contains(base)) {
            if (base == u"find")
                handleFind(argv, depth);
            else
                handleInterpreter(base, argv);
            m_out.commands.append(argv);
            return;
        }
        if (base == u"ionice" || base == u"command") {
            for (qsizetype i = 1; i < argv.size() && argv.at(i).text.startsWith(u'-'); ++i) {
                const QString &text = argv.at(i).text;
                if (base == u"ionice" ? text == u"-p" : (text == u"-v" || text == u"-V"))
                    return; // ionice -p PID, command -v NAME: nothing is run
            }
        }
        argv = argv.mid(qMin(skipOptions(argv, wrappers.value(base)), argv.size()));
    }
}

bool CommandUnwrapper::handleSpecial(const QString &program, QList<CommandWord> &argv, int depth)
{
    if (program == u"flock" || program == u"runuser" || program == u"su" || program == u"script") {
        for (qsizetype i = 1; i + 1 < argv.size(); ++i) {
            const QString &text = argv.at(i).text;
            if (text == u"-c" || text == u"--command" || text == u"-lc") {
                if (argv.at(i + 1).dynamic)
                    return deny(
                        QStringLiteral("dynamic-program"),
                        QStringLiteral("%1 -c with code only known at run time").arg(program));
                m_out.scripts << argv.at(i + 1).text;
                m_out.commands.append(argv); // rules on the wrapper itself (su) still apply
                return true;
            }
        }
    }
    if (program == u"hash" && joined(argv, 1).contains(QLatin1String("-p")))
        return deny(kEval, QStringLiteral("hash -p changes what a command name runs"));
    if (program == u"ip" && argv.size() > 4 && argv.at(1).text == u"netns" &&
        argv.at(2).text == u"exec") {
        unwrapInto(argv.mid(4), depth + 1);
        return true;
    }
    if (program == u"sudo" || program == u"doas")
        return handleSudo(argv);
    if (program == u"env")
        return handleEnv(argv);
    if (isShell(program))
        return handleShell(argv);
    if (program == u"eval" || program == u"source" || program == u".")
        return deny(kEval, QStringLiteral("%1 runs code the policy cannot see").arg(program));
    if (program == u"exec") {
        qsizetype i = 1;
        while (i < argv.size() && argv.at(i).text.startsWith(u'-'))
            i += argv.at(i).text == u"-a" ? 2 : 1;
        return i < argv.size() ? deny(kEval, QStringLiteral("exec replaces the shell")) : true;
    }
    if (program == u"alias" && joined(argv, 1).contains(u'='))
        return deny(kEval, QStringLiteral("aliases change what later words run"));
    if (program == u"trap") {
        if (argv.size() > 2 && !argv.at(1).text.startsWith(u'-')) {
            if (argv.at(1).dynamic)
                return deny(QStringLiteral("dynamic-program"),
                            QStringLiteral("trap with code only known at run time"));
            m_out.scripts << argv.at(1).text;
        }
        return true;
    }
    return handleRunner(program, argv, depth);
}

// Commands that run other commands given as words or strings: watch, ssh, xargs, busybox.
bool CommandUnwrapper::handleRunner(const QString &program, const QList<CommandWord> &argv,
                                    int depth)
{
    if (program == u"watch" || program == u"ssh") {
        const Wrapper options =
            program == u"watch"
                ? Wrapper{{QStringLiteral("-n"), QStringLiteral("--interval"), QStringLiteral("-q"),
                           QStringLiteral("--equexit")},
                          0}
                : Wrapper{{QStringLiteral("-p"), QStringLiteral("-i"), QStringLiteral("-l"),
                           QStringLiteral("-o"), QStringLiteral("-F"), QStringLiteral("-J"),
                           QStringLiteral("-b"), QStringLiteral("-c"), QStringLiteral("-D"),
                           QStringLiteral("-E"), QStringLiteral("-e"), QStringLiteral("-I"),
                           QStringLiteral("-L"), QStringLiteral("-m"), QStringLiteral("-O"),
                           QStringLiteral("-Q"), QStringLiteral("-R"), QStringLiteral("-S"),
                           QStringLiteral("-W"), QStringLiteral("-w"), QStringLiteral("-B")},
                          1};
        const qsizetype from = skipOptions(argv, options);
        if (from >= argv.size())
            return program == u"ssh"
                       ? deny(kEval,
                              QStringLiteral("ssh without a command runs a shell on its input"))
                       : true;
        m_out.scripts << joined(argv, from);
        return true;
    }
    if (program == u"xargs") {
        const qsizetype from = skipOptions(
            argv, {{QStringLiteral("-a"), QStringLiteral("-d"), QStringLiteral("-E"),
                    QStringLiteral("-I"), QStringLiteral("-L"), QStringLiteral("-n"),
                    QStringLiteral("-P"), QStringLiteral("-s"), QStringLiteral("--arg-file"),
                    QStringLiteral("--delimiter"), QStringLiteral("--max-args"),
                    QStringLiteral("--max-procs"), QStringLiteral("--replace")},
                   0});
        if (from < argv.size()) {
            QList<CommandWord> inner = argv.mid(from);
            inner.append({QStringLiteral("<input>"), true, false, false});
            unwrapInto(inner, depth + 1);
        }
        return true;
    }
    if (program == u"busybox") {
        if (argv.size() > 1)
            unwrapInto(argv.mid(1), depth + 1);
        return true;
    }
    return false;
}

bool CommandUnwrapper::handleSudo(QList<CommandWord> &argv)
{
    static const QString valued = QStringLiteral("ugCDhprtTUR");
    qsizetype i = 1;
    for (; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (text == u"--") {
            ++i;
            break;
        }
        if (text == u"--login" || text == u"--shell")
            return deny(QStringLiteral("privilege-escalation"),
                        QStringLiteral("sudo -i/-s opens a root shell"));
        if (text == u"--edit") {
            m_out.commands.append(QList<CommandWord>{literal(QStringLiteral("sudoedit"))} +
                                  argv.mid(i + 1));
            return true;
        }
        if (text.startsWith(QLatin1String("--"))) {
            if (!text.contains(u'=') && text != u"--preserve-env" && text != u"--non-interactive" &&
                text != u"--background" && text != u"--set-home" && text != u"--reset-timestamp")
                ++i; // --user NAME and friends
            continue;
        }
        if (!isShortOption(text))
            break;
        for (qsizetype k = 1; k < text.size(); ++k) {
            const QChar c = text.at(k);
            if (c == u'i' || c == u's')
                return deny(QStringLiteral("privilege-escalation"),
                            QStringLiteral("sudo -i/-s opens a root shell"));
            if (c == u'l' || c == u'v' || c == u'V' || c == u'K')
                return true; // lists, validates or prints: runs nothing
            if (c == u'e') {
                m_out.commands.append(QList<CommandWord>{literal(QStringLiteral("sudoedit"))} +
                                      argv.mid(i + 1));
                return true;
            }
            if (valued.contains(c)) {
                if (k + 1 == text.size())
                    ++i;
                break;
            }
        }
    }
    argv = argv.mid(qMin(i, argv.size()));
    return argv.isEmpty();
}

bool CommandUnwrapper::handleEnv(QList<CommandWord> &argv)
{
    static const QRegularExpression assignment(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*="));
    qsizetype i = 1;
    for (; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (text == u"--") {
            ++i;
            break;
        }
        if (text == u"-S" || text == u"--split-string" ||
            text.startsWith(QLatin1String("--split-string=")) ||
            (text.startsWith(QLatin1String("-S")) && text.size() > 2)) {
            QString script = text.contains(u'=') ? text.mid(text.indexOf(u'=') + 1)
                             : text.size() > 2 && !text.startsWith(QLatin1String("--"))
                                 ? text.mid(2)
                                 : (i + 1 < argv.size() ? argv.at(++i).text : QString());
            if (argv.at(i).dynamic)
                return deny(QStringLiteral("dynamic-program"),
                            QStringLiteral("env -S with text only known at run time"));
            m_out.scripts << (script + u' ' + joined(argv, i + 1)).trimmed();
            return true;
        }
        if (text == u"-u" || text == u"--unset" || text == u"-C" || text == u"--chdir") {
            ++i;
            continue;
        }
        if (text.startsWith(u'-'))
            continue; // "-" is -i
        if (!assignment.match(text).hasMatch())
            break;
    }
    argv = argv.mid(qMin(i, argv.size()));
    return argv.isEmpty();
}

bool CommandUnwrapper::handleShell(const QList<CommandWord> &argv)
{
    bool inlineCode = false;
    qsizetype i = 1;
    for (; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (text == u"--") {
            ++i;
            break;
        }
        if (text == u"-" || text.size() < 2 || !(text.startsWith(u'-') || text.startsWith(u'+')))
            break;
        if (text == u"-o" || text == u"+o" || text == u"-O" || text == u"+O" ||
            text == u"--rcfile" || text == u"--init-file") {
            ++i;
            continue;
        }
        if (isShortOption(text) && text.contains(u'c'))
            inlineCode = true;
        if (isShortOption(text) && text.contains(u's'))
            return deny(kEval, QStringLiteral("a shell reading commands from its input"));
    }
    if (inlineCode) {
        if (i >= argv.size())
            return deny(QStringLiteral("unparseable"), QStringLiteral("sh -c without a command"));
        if (argv.at(i).dynamic)
            return deny(QStringLiteral("dynamic-program"),
                        QStringLiteral("sh -c with code only known at run time"));
        m_out.scripts << argv.at(i).text;
        return true;
    }
    if (i >= argv.size() || argv.at(i).text == u"-")
        return deny(kEval, QStringLiteral("a shell reading commands from its input"));
    if (argv.at(i).dynamic)
        return deny(QStringLiteral("dynamic-program"),
                    QStringLiteral("a script only known at run time"));
    m_out.commands.append(argv);
    return true;
}

void CommandUnwrapper::handleFind(const QList<CommandWord> &argv, int depth)
{
    QList<CommandWord> paths;
    qsizetype i = 1;
    while (i < argv.size() &&
           (argv.at(i).text == u"-H" || argv.at(i).text == u"-L" || argv.at(i).text == u"-P"))
        ++i;
    for (; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (text.startsWith(u'-') || text == u"(" || text == u"!")
            break;
        paths.append(argv.at(i));
    }
    if (paths.isEmpty())
        paths.append(literal(QStringLiteral(".")));
    for (; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (text == u"-delete") {
            unwrapInto(
                QList<CommandWord>{literal(QStringLiteral("rm")), literal(QStringLiteral("-r"))} +
                    paths,
                depth + 1);
        } else if (text == u"-exec" || text == u"-execdir" || text == u"-ok" || text == u"-okdir") {
            QList<CommandWord> inner;
            for (++i; i < argv.size() && argv.at(i).text != u";" && argv.at(i).text != u"+"; ++i) {
                CommandWord word = argv.at(i);
                if (word.text.contains(QLatin1String("{}")))
                    word.dynamic = true;
                inner.append(word);
            }
            if (!inner.isEmpty() && inner.first().text == u"{}") {
                deny(QStringLiteral("dynamic-program"),
                     QStringLiteral("find -exec runs the files it finds"));
                return;
            }
            if (!inner.isEmpty())
                unwrapInto(inner, depth + 1);
        }
    }
}

void CommandUnwrapper::handleInterpreter(const QString &program, const QList<CommandWord> &argv)
{
    if (m_dangerous)
        return;
    static const QRegularExpression awkProgram(QStringLiteral("^[gmn]?awk$"));
    static const QRegularExpression awkCommand(
        QStringLiteral("system\\s*\\(|\\|\\s*\"|\\|&|\"\\s*\\|\\s*getline"));
    bool inlineCode = false;
    if (awkProgram.match(program).hasMatch()) {
        for (qsizetype i = 1; i < argv.size(); ++i)
            inlineCode = inlineCode || awkCommand.match(argv.at(i).text).hasMatch();
    } else if (const QString letters = inlineLetters(program); !letters.isEmpty()) {
        bool operand = false;
        for (qsizetype i = 1; i < argv.size() && !operand; ++i) {
            const QString &text = argv.at(i).text;
            if (text == u"-" || text == u"--eval" || text == u"--print")
                inlineCode = true;
            else if (isShortOption(text))
                inlineCode = inlineCode || std::any_of(letters.begin(), letters.end(),
                                                       [&](QChar c) { return text.contains(c); });
            else if (!text.startsWith(u'-'))
                operand = true;
        }
        inlineCode = inlineCode || argv.size() == 1;
    }
    if (inlineCode)
        deny(QStringLiteral("inline-interpreter"),
             QStringLiteral("%1 with inline code; set ENABLE_DANGEROUS_COMMANDS=true to allow")
                 .arg(program));
}

} // namespace pmcp
