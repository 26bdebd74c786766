// The shell parser against bash 5.2 itself. For every command line of the policy's table
// (allowed and denied) and of bash-differential-cases.txt:
//  - what the parser parses, `bash -n` must accept (the parser may refuse more, never less);
//  - every simple command bash runs (program and argument words, after its own expansions)
//    must be one the parser reported, word for word up to the first word only known at run
//    time.
// Bash's view comes from bash-sandbox.sh: bash runs the line in a throwaway root (new user,
// mount, network and PID namespaces, an empty tmpfs) where every builtin is disabled and every
// program is a stub that records its argv, so nothing real runs. Without namespaces only the
// `bash -n` half runs (and the run half is skipped with a message).
#include "server/policy/ShellLexer.h"
#include "server/policy/ShellParser.h"
#include "server/policy/WordExpander.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestBashDifferential final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void parserAgreesWithBash();
    void harnessSeesADisagreement();
    void harnessSeesBashRejecting();

private:
    bool m_haveBash = false;
};

namespace {

constexpr std::pair<const char *, char16_t> kNamedCharacters[] = {
    {"<NL>", u'\n'}, {"<TAB>", u'\t'}, {"<NUL>", 0x00}, {"<ESC>", 0x1b},
    {"<CR>", u'\r'}, {"<BS>", 0x08},   {"<DEL>", 0x7f}};

struct Case {
    QString origin; // file:line
    QString command;
};

QString decode(QString text)
{
    for (const auto &[name, character] : kNamedCharacters)
        text.replace(QLatin1String(name), QChar(character));
    return text;
}

QStringList readLines(const QString &name)
{
    QFile file(qEnvironmentVariable("PMCP_SOURCE_DIR") + QStringLiteral("/tests/server/policy/") +
               name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n');
}

QList<Case> loadCases()
{
    QList<Case> cases;
    const QStringList table = readLines(QStringLiteral("policy-cases.txt"));
    for (qsizetype n = 0; n < table.size(); ++n) {
        QString line = table.at(n);
        if (line.trimmed().isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(QLatin1String("dangerous:")))
            line = line.mid(10);
        const qsizetype first = line.indexOf(u' ');
        const qsizetype second = line.indexOf(u' ', first + 1);
        cases.append(
            {QStringLiteral("policy-cases.txt:%1").arg(n + 1), decode(line.mid(second + 1))});
    }
    const QStringList own = readLines(QStringLiteral("bash-differential-cases.txt"));
    for (qsizetype n = 0; n < own.size(); ++n) {
        if (own.at(n).trimmed().isEmpty() || own.at(n).startsWith(u'#'))
            continue;
        cases.append(
            {QStringLiteral("bash-differential-cases.txt:%1").arg(n + 1), decode(own.at(n))});
    }
    return cases;
}

// The parser's view: every simple command of the line and of the code it carries
// (substitutions in words, redirection targets and here-documents), after brace expansion.
struct ParserView {
    bool parsed = true;
    // Quoted code that bash evaluates later (stored in a variable, or an operand of [[ -v ]]):
    // the policy refuses these lines (eval, builtin-code), the parser cannot see that code.
    bool storesCode = false;
    QString why;
    QList<QList<CommandWord>> commands;
};

bool collect(const QString &text, int depth, ParserView &view);

bool collectWord(const ShellWord &word, int depth, ParserView &view)
{
    for (const QString &inner : word.substitutions) {
        if (!collect(inner, depth + 1, view))
            return false;
    }
    return true;
}

bool collect(const QString &text, int depth, ParserView &view)
{
    if (depth > 16) {
        view.why = QStringLiteral("nested too deeply");
        return false;
    }
    auto parsed = ShellParser::parse(text);
    if (!parsed) {
        view.why = parsed.error().message;
        return false;
    }
    for (const ShellWord &word : std::as_const(parsed.value().otherWords)) {
        if (!collectWord(word, depth, view))
            return false;
    }
    for (const SimpleCommand &command : std::as_const(parsed.value().commands)) {
        for (const ShellWord &word : command.assignments + command.words.mid(1)) {
            if (word.literalCode && word.text.contains(u'='))
                view.storesCode = true;
            // [[ -v 'a[$(id)]' ]] evaluates quoted code: CommandUnwrapper refuses it.
            if (word.literalCode && !command.words.isEmpty() && command.words.first().text == u"[[")
                view.storesCode = true;
        }
        for (const ShellWord &word : command.assignments + command.words) {
            if (!collectWord(word, depth, view))
                return false;
        }
        for (const ShellRedirection &redirection : command.redirections) {
            if (!collectWord(redirection.target, depth, view))
                return false;
            if (redirection.hereDocExpands) {
                auto body = ShellLexer::expandLikeDoubleQuotes(redirection.hereDocBody);
                if (!body) {
                    view.why = body.error().message;
                    return false;
                }
                if (!collectWord(body.value(), depth, view))
                    return false;
            }
        }
        if (command.words.isEmpty())
            continue;
        auto argv = WordExpander::expandAll(command.words);
        if (!argv) {
            view.why = argv.error().message;
            return false;
        }
        view.commands.append(argv.value());
    }
    return true;
}

ParserView parserView(const QString &text)
{
    ParserView view;
    view.parsed = collect(text, 0, view);
    return view;
}

// Bash's argv matches the parser's words up to the first word only known at run time (which
// may become any number of words), and exactly when every word is static.
bool matches(const QList<CommandWord> &parser, const QStringList &bash)
{
    for (qsizetype i = 0; i < parser.size(); ++i) {
        if (parser.at(i).dynamic)
            return true;
        if (i >= bash.size() || parser.at(i).text != bash.at(i))
            return false;
    }
    return bash.size() == parser.size();
}

QString shown(const QStringList &argv)
{
    QStringList quoted;
    for (const QString &word : argv)
        quoted << u'[' + word + u']';
    return quoted.join(u' ');
}

QString shown(const QList<CommandWord> &argv)
{
    QStringList out;
    for (const CommandWord &word : argv)
        out << (word.dynamic ? QStringLiteral("[%1]*") : QStringLiteral("[%1]")).arg(word.text);
    return out.join(u' ');
}

QString printable(QString text)
{
    return text.replace(u'\n', QStringLiteral("<NL>")).replace(u'\t', QStringLiteral("<TAB>"));
}

// Bash's answers for a list of command lines.
struct BashView {
    bool accepted = false;
    bool ran = false;
    QString syntaxError;
    QList<QStringList> commands;
};

struct BashRun {
    bool sandboxed = false;
    QString problem;
    QList<BashView> views;
};

QList<QStringList> readLog(const QByteArray &log)
{
    QList<QStringList> out;
    const QList<QByteArray> fields = log.split('\0');
    qsizetype i = 0;
    while (i < fields.size()) {
        bool ok = false;
        const int argc = fields.at(i).toInt(&ok);
        if (!ok || argc <= 0 || i + argc >= fields.size())
            break;
        QStringList argv;
        for (int k = 1; k <= argc; ++k)
            argv << QString::fromUtf8(fields.at(i + k));
        out.append(argv);
        i += argc + 1;
    }
    return out;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

BashRun askBash(const QStringList &commands, const QList<QStringList> &slashedPrograms)
{
    BashRun run;
    QTemporaryDir dir;
    if (!dir.isValid()) {
        run.problem = QStringLiteral("no temporary folder");
        return run;
    }
    for (qsizetype n = 0; n < commands.size(); ++n) {
        const QString folder = dir.filePath(QString::number(n));
        QDir().mkpath(folder);
        QFile cmd(folder + QStringLiteral("/cmd"));
        QFile programs(folder + QStringLiteral("/programs"));
        if (!cmd.open(QIODevice::WriteOnly) || !programs.open(QIODevice::WriteOnly)) {
            run.problem = QStringLiteral("cannot write the cases");
            return run;
        }
        cmd.write(commands.at(n).toUtf8());
        for (const QString &program : slashedPrograms.value(n))
            programs.write(program.toUtf8() + '\0');
    }
    QProcess sandbox;
    sandbox.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sandbox.start(QStringLiteral("/bin/bash"),
                  {qEnvironmentVariable("PMCP_SOURCE_DIR") +
                       QStringLiteral("/tests/server/policy/bash-sandbox.sh"),
                   dir.path()});
    if (!sandbox.waitForFinished(240'000)) {
        sandbox.kill();
        sandbox.waitForFinished();
        run.problem = QStringLiteral("bash-sandbox.sh did not finish in 240 s");
        return run;
    }
    run.sandboxed = sandbox.exitStatus() == QProcess::NormalExit && sandbox.exitCode() == 0;
    if (!run.sandboxed)
        run.problem = QString::fromUtf8(readAll(dir.filePath(QStringLiteral("sandbox.err"))));
    for (qsizetype n = 0; n < commands.size(); ++n) {
        const QString folder = dir.filePath(QString::number(n)) + u'/';
        BashView view;
        const QByteArray syntax = readAll(folder + QStringLiteral("syntax")).trimmed();
        view.accepted = syntax == "0";
        view.syntaxError = QString::fromUtf8(readAll(folder + QStringLiteral("syntax.err")));
        view.ran = QFile::exists(folder + QStringLiteral("status"));
        view.commands = readLog(readAll(folder + QStringLiteral("log")));
        if (syntax.isEmpty() && run.problem.isEmpty())
            run.problem = QStringLiteral("no answer for case %1").arg(n);
        run.views.append(view);
    }
    return run;
}

QStringList slashedPrograms(const ParserView &view)
{
    QStringList out;
    for (const QList<CommandWord> &argv : view.commands) {
        if (!argv.first().dynamic && argv.first().text.contains(u'/'))
            out << argv.first().text;
    }
    return out;
}

// The disagreements between the two views of one line ("" when they agree).
QStringList disagreements(const QString &command, const ParserView &parser, const BashView &bash)
{
    QStringList out;
    if (!parser.parsed || parser.storesCode)
        return out;
    if (!bash.accepted) {
        out << QStringLiteral("the parser parses what bash rejects: %1")
                   .arg(bash.syntaxError.trimmed());
        return out;
    }
    for (const QStringList &ran : bash.commands) {
        bool seen = false;
        for (const QList<CommandWord> &argv : parser.commands)
            seen = seen || matches(argv, ran);
        if (!seen) {
            QStringList parsed;
            for (const QList<CommandWord> &argv : parser.commands)
                parsed << shown(argv);
            out << QStringLiteral("bash ran %1, which the parser did not see (parser: %2)")
                       .arg(shown(ran), parsed.join(QStringLiteral("; ")));
        }
    }
    Q_UNUSED(command);
    return out;
}

} // namespace

void TestBashDifferential::initTestCase()
{
    QProcess bash;
    bash.start(QStringLiteral("/bin/bash"),
               {QStringLiteral("-c"), QStringLiteral("echo ${BASH_VERSINFO[0]}")});
    m_haveBash = bash.waitForFinished(10'000) && bash.readAllStandardOutput().trimmed() == "5";
    if (!m_haveBash)
        qWarning("bash 5 is not at /bin/bash: the differential tests are skipped");
}

void TestBashDifferential::parserAgreesWithBash()
{
    if (!m_haveBash)
        QSKIP("bash 5 is not at /bin/bash");
    const QList<Case> cases = loadCases();
    QVERIFY2(cases.size() > 700, "the case files were not found (PMCP_SOURCE_DIR)");
    QStringList commands;
    QList<ParserView> views;
    QList<QStringList> programs;
    QList<Case> kept;
    int refusedByParser = 0;
    for (const Case &c : cases) {
        if (c.command.contains(QChar(0))) // bash cannot receive a NUL in an argument
            continue;
        const ParserView view = parserView(c.command);
        refusedByParser += view.parsed ? 0 : 1;
        kept << c;
        commands << c.command;
        views << view;
        programs << slashedPrograms(view);
    }
    const BashRun run = askBash(commands, programs);
    QVERIFY2(run.views.size() == commands.size(), qPrintable(run.problem));
    if (!run.sandboxed)
        qWarning("bash-sandbox.sh could not create namespaces (%s): only `bash -n` is compared",
                 qPrintable(run.problem.trimmed()));
    QStringList failures;
    int bashRejected = 0;
    int commandsCompared = 0;
    for (qsizetype n = 0; n < kept.size(); ++n) {
        bashRejected += run.views.at(n).accepted ? 0 : 1;
        if (qEnvironmentVariableIsSet("PMCP_DIFF_VERBOSE") && !views.at(n).parsed &&
            run.views.at(n).accepted)
            qInfo("refused, bash accepts: %s: %s (%s)", qPrintable(kept.at(n).origin),
                  qPrintable(printable(kept.at(n).command)), qPrintable(views.at(n).why));
        commandsCompared += int(run.views.at(n).commands.size());
        for (const QString &d : disagreements(kept.at(n).command, views.at(n), run.views.at(n)))
            failures << QStringLiteral("%1: %2\n    %3")
                            .arg(kept.at(n).origin, printable(kept.at(n).command), d);
    }
    qInfo("%lld lines: the parser refused %d, bash -n rejected %d; %d commands bash ran were "
          "compared%s",
          kept.size(), refusedByParser, bashRejected, commandsCompared,
          run.sandboxed ? "" : " (run half skipped: no namespaces)");
    for (const QString &failure : std::as_const(failures))
        qWarning("%s", qPrintable(failure));
    QVERIFY2(failures.isEmpty(),
             qPrintable(
                 QStringLiteral("%1 disagreements with bash (listed above)").arg(failures.size())));
    if (run.sandboxed)
        QVERIFY2(commandsCompared > 500, "bash's runs recorded almost nothing");
}

// The comparison can fail: a parser view that misses a command bash runs is a disagreement.
void TestBashDifferential::harnessSeesADisagreement()
{
    if (!m_haveBash)
        QSKIP("bash 5 is not at /bin/bash");
    const QString command = QStringLiteral("x=1; qm list; rm -rf old/y");
    const BashRun run = askBash({command}, {{}});
    if (!run.sandboxed)
        QSKIP("no namespaces for bash-sandbox.sh here");
    QCOMPARE(run.views.size(), 1);
    QCOMPARE(run.views.first().commands.size(), 2);
    QCOMPARE(run.views.first().commands.at(1),
             (QStringList{QStringLiteral("rm"), QStringLiteral("-rf"), QStringLiteral("old/y")}));
    ParserView partial = parserView(QStringLiteral("x=1; qm list"));
    QVERIFY(partial.parsed);
    const QStringList found = disagreements(command, partial, run.views.first());
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.first().contains(QLatin1String("[rm] [-rf] [old/y]")),
             qPrintable(found.first()));
    QVERIFY(disagreements(command, parserView(command), run.views.first()).isEmpty());
}

void TestBashDifferential::harnessSeesBashRejecting()
{
    if (!m_haveBash)
        QSKIP("bash 5 is not at /bin/bash");
    const BashRun run = askBash({QStringLiteral("echo $((1 +")}, {{}});
    QCOMPARE(run.views.size(), 1);
    QVERIFY(!run.views.first().accepted);
    ParserView pretend; // a parser that accepted it with no commands
    const QStringList found = disagreements({}, pretend, run.views.first());
    QCOMPARE(found.size(), 1);
    QVERIFY(found.first().startsWith(QLatin1String("the parser parses what bash rejects")));
}

QTEST_GUILESS_MAIN(TestBashDifferential)
#include "TestBashDifferential.moc"
