#include "server/policy/ScriptLanguages.h"

#include "server/policy/OptionGrammar.h"
#include "server/policy/RuleMatcher.h"

namespace pmcp {

namespace {

bool harmlessOutputFile(const QString &file)
{
    return file == u"/dev/stdout" || file == u"/dev/stderr";
}

// A cursor over a sed script.
class SedReader {
public:
    explicit SedReader(const QString &script)
        : m_s(script)
    {}

    QString run()
    {
        while (true) {
            skip(QStringLiteral(" \t\n;"));
            if (atEnd())
                return {};
            if (!address())
                return QStringLiteral("the sed script has an address the policy cannot read");
            skip(QStringLiteral(" \t"));
            if (peek() == u',') {
                ++m_i;
                skip(QStringLiteral(" \t"));
                if (!address(true))
                    return QStringLiteral("the sed script has an address the policy cannot read");
            }
            skip(QStringLiteral(" \t"));
            while (peek() == u'!') {
                ++m_i;
                skip(QStringLiteral(" \t"));
            }
            if (atEnd())
                return QStringLiteral("the sed script ends after an address");
            const QString why = command(m_s.at(m_i++));
            if (!why.isEmpty())
                return why;
        }
    }

private:
    bool atEnd() const { return m_i >= m_s.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_s.at(m_i); }
    void skip(const QString &set)
    {
        while (!atEnd() && set.contains(m_s.at(m_i)))
            ++m_i;
    }
    // Reads up to the unescaped delimiter; false when it is missing.
    bool delimited(QChar delimiter)
    {
        while (!atEnd()) {
            const QChar c = m_s.at(m_i++);
            if (c == u'\\') {
                ++m_i;
                continue;
            }
            if (c == delimiter)
                return true;
        }
        return false;
    }
    bool address(bool second = false)
    {
        const QChar c = peek();
        if (c.isDigit() || (second && (c == u'+' || c == u'~'))) {
            if (!c.isDigit())
                ++m_i;
            while (peek().isDigit())
                ++m_i;
            if (peek() == u'~') {
                ++m_i;
                while (peek().isDigit())
                    ++m_i;
            }
            return true;
        }
        if (c == u'$') {
            ++m_i;
            return true;
        }
        if (c == u'/' || c == u'\\') {
            ++m_i;
            QChar delimiter = u'/';
            if (c == u'\\') {
                if (atEnd())
                    return false;
                delimiter = m_s.at(m_i++);
            }
            if (!delimited(delimiter))
                return false;
            while (peek() == u'I' || peek() == u'M')
                ++m_i;
            return true;
        }
        return true; // no address
    }
    QString restOfLine()
    {
        const qsizetype start = m_i;
        while (!atEnd() && m_s.at(m_i) != u'\n')
            ++m_i;
        return m_s.mid(start, m_i - start).trimmed();
    }
    QString writes(const QString &file, const QString &what)
    {
        if (harmlessOutputFile(file))
            return {};
        return QStringLiteral("sed's %1 writes the file %2, which the policy does not judge; "
                              "use tee or a redirection")
            .arg(what, file.isEmpty() ? QStringLiteral("(none)") : file);
    }
    QString command(QChar c)
    {
        switch (c.unicode()) {
        case '{':
        case '}':
        case '=':
        case 'd':
        case 'D':
        case 'g':
        case 'G':
        case 'h':
        case 'H':
        case 'n':
        case 'N':
        case 'p':
        case 'P':
        case 'x':
        case 'z':
        case 'F':
            return {};
        case 'l':
        case 'L':
        case 'q':
        case 'Q':
            skip(QStringLiteral(" \t"));
            while (peek().isDigit())
                ++m_i;
            return {};
        case '#':
        case 'a':
        case 'i':
        case 'c':
            while (!atEnd() && m_s.at(m_i) != u'\n') {
                if (m_s.at(m_i) == u'\\')
                    ++m_i;
                ++m_i;
            }
            return {};
        case ':':
        case 'b':
        case 't':
        case 'T':
        case 'v':
            while (!atEnd() && m_s.at(m_i) != u'\n' && m_s.at(m_i) != u';')
                ++m_i;
            return {};
        case 'r':
        case 'R':
            restOfLine();
            return {};
        case 'w':
        case 'W':
            return writes(restOfLine(), QStringLiteral("w command"));
        case 'e':
            return QStringLiteral("sed's e command runs a shell command");
        case 's':
            return substitute();
        case 'y': {
            if (atEnd())
                return QStringLiteral("the sed y command is incomplete");
            const QChar delimiter = m_s.at(m_i++);
            if (!delimited(delimiter) || !delimited(delimiter))
                return QStringLiteral("the sed y command is incomplete");
            return {};
        }
        default:
            return QStringLiteral("the sed command '%1' is not one the policy understands").arg(c);
        }
    }
    QString substitute()
    {
        if (atEnd() || m_s.at(m_i) == u'\n' || m_s.at(m_i) == u'\\')
            return QStringLiteral("the sed s command is incomplete");
        const QChar delimiter = m_s.at(m_i++);
        if (!delimited(delimiter) || !delimited(delimiter))
            return QStringLiteral("the sed s command is incomplete");
        while (!atEnd()) {
            const QChar f = m_s.at(m_i);
            if (f == u'e')
                return QStringLiteral("sed's s///e flag runs the result as a shell command");
            if (f == u'w') {
                ++m_i;
                return writes(restOfLine(), QStringLiteral("s///w flag"));
            }
            if (f == u'g' || f == u'p' || f == u'i' || f == u'I' || f == u'm' || f == u'M' ||
                f.isDigit()) {
                ++m_i;
                continue;
            }
            if (f == u';' || f == u'\n' || f == u'}' || f == u' ' || f == u'\t' || f == u'#')
                return {};
            return QStringLiteral("the sed s flag '%1' is not one the policy understands").arg(f);
        }
        return {};
    }

    const QString &m_s;
    qsizetype m_i = 0;
};

const OptionSpec &sedOptions()
{
    static const OptionSpec spec{
        QStringLiteral("nErsuzb"),
        QStringLiteral("efl"),
        QStringLiteral("i"),
        {QStringLiteral("quiet"), QStringLiteral("silent"), QStringLiteral("regexp-extended"),
         QStringLiteral("separate"), QStringLiteral("unbuffered"), QStringLiteral("null-data"),
         QStringLiteral("zero-terminated"), QStringLiteral("sandbox"), QStringLiteral("debug"),
         QStringLiteral("posix"), QStringLiteral("follow-symlinks"), QStringLiteral("binary"),
         QStringLiteral("help"), QStringLiteral("version")},
        {QStringLiteral("expression"), QStringLiteral("file"), QStringLiteral("line-length")},
        {QStringLiteral("in-place")},
        false,
        true,
    };
    return spec;
}

const OptionSpec &awkOptions()
{
    static const OptionSpec spec{
        QStringLiteral("bcCnNOPrsSVhMtg"),
        QStringLiteral("Fvfe"),
        {},
        {QStringLiteral("sandbox"), QStringLiteral("posix"), QStringLiteral("traditional"),
         QStringLiteral("re-interval"), QStringLiteral("characters-as-bytes"),
         QStringLiteral("non-decimal-data"), QStringLiteral("optimize"),
         QStringLiteral("no-optimize"), QStringLiteral("version"), QStringLiteral("help"),
         QStringLiteral("copyright"), QStringLiteral("bignum"), QStringLiteral("use-lc-numeric"),
         QStringLiteral("csv")},
        {QStringLiteral("field-separator"), QStringLiteral("assign"), QStringLiteral("file"),
         QStringLiteral("source")},
        {QStringLiteral("lint")},
        false,
        false,
    };
    return spec;
}

bool identifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

} // namespace

QString ScriptLanguages::sedScriptRefusal(const QString &script)
{
    return SedReader(script).run();
}

QString ScriptLanguages::sedRefusal(const QList<CommandWord> &argv)
{
    const ParsedOptions parsed = OptionGrammar::parse(argv, sedOptions());
    if (!parsed.error.isEmpty())
        return parsed.error;
    if (parsed.has(QStringLiteral("--sandbox")))
        return {}; // sed itself refuses e, w and r
    QStringList scripts;
    for (const ParsedOption &option : parsed.options) {
        if (option.name == u"-f" || option.name == u"--file")
            return QStringLiteral("sed -f reads its script from %1, which the policy cannot see")
                .arg(option.value);
        if (option.name == u"-e" || option.name == u"--expression") {
            if (option.dynamicValue)
                return QStringLiteral("the sed script is only known at run time");
            scripts << option.value;
        }
    }
    if (scripts.isEmpty()) {
        if (parsed.operands.isEmpty())
            return {};
        const CommandWord &script = argv.at(parsed.operands.first());
        if (script.dynamic)
            return QStringLiteral("the sed script is only known at run time");
        scripts << script.text;
    }
    for (const QString &script : std::as_const(scripts)) {
        if (const QString why = sedScriptRefusal(script); !why.isEmpty())
            return why;
    }
    return {};
}

QString ScriptLanguages::awkProgramRefusal(const QString &program)
{
    qsizetype i = 0;
    const qsizetype n = program.size();
    bool inPrint = false;
    int depth = 0;
    while (i < n) {
        const QChar c = program.at(i);
        if (c == u'"') {
            for (++i; i < n && program.at(i) != u'"'; ++i) {
                if (program.at(i) == u'\\')
                    ++i;
            }
            ++i;
            continue;
        }
        if (c == u'#') {
            while (i < n && program.at(i) != u'\n')
                ++i;
            continue;
        }
        if (c == u'@' && i + 1 < n && program.at(i + 1).isLetter())
            return QStringLiteral("the awk program uses an extension directive (@load, "
                                  "@include) the policy cannot see into");
        if (identifierChar(c)) {
            const qsizetype start = i;
            while (i < n && identifierChar(program.at(i)))
                ++i;
            const QString word = program.mid(start, i - start);
            qsizetype j = i;
            while (j < n && (program.at(j) == u' ' || program.at(j) == u'\t'))
                ++j;
            if (word == u"system" && j < n && program.at(j) == u'(')
                return QStringLiteral("the awk program calls system(), which runs a shell "
                                      "command");
            if (word == u"print" || word == u"printf") {
                inPrint = true;
                depth = 0;
            }
            continue;
        }
        if (c == u'(')
            ++depth;
        else if (c == u')')
            --depth;
        else if (c == u';' || c == u'\n' || c == u'}' || c == u'{')
            inPrint = false;
        else if (c == u'|') {
            if (i + 1 < n && program.at(i + 1) == u'|') {
                i += 2;
                continue;
            }
            if (i + 1 < n && program.at(i + 1) == u'&')
                return QStringLiteral("the awk program starts a co-process with |&");
            qsizetype j = i + 1;
            while (j < n && (program.at(j) == u' ' || program.at(j) == u'\t'))
                ++j;
            if (program.mid(j, 7) == u"getline")
                return QStringLiteral("the awk program runs a command with 'cmd | getline'");
            if (inPrint && depth <= 0)
                return QStringLiteral("the awk program pipes its output to a command");
        } else if (c == u'>' && inPrint && depth <= 0) {
            return QStringLiteral("the awk program redirects output to a file, which the policy "
                                  "does not judge; use tee or a shell redirection");
        }
        ++i;
    }
    return {};
}

QString ScriptLanguages::awkRefusal(const QList<CommandWord> &argv)
{
    const ParsedOptions parsed = OptionGrammar::parse(argv, awkOptions());
    if (!parsed.error.isEmpty())
        return parsed.error;
    const bool sandbox =
        parsed.has(QStringLiteral("--sandbox")) ||
        (RuleMatcher::baseName(argv.first().text) == u"gawk" && parsed.has(QStringLiteral("-S")));
    QStringList programs;
    bool fromFile = false;
    for (const ParsedOption &option : parsed.options) {
        if (option.name == u"-f" || option.name == u"--file") {
            fromFile = true;
            if (option.value == u"-" || option.value.startsWith(QLatin1String("/dev/")) ||
                option.value.startsWith(QLatin1String("/proc/")) || option.dynamicValue)
                return QStringLiteral("awk -f %1 reads its program from its input or a place "
                                      "the policy cannot see")
                    .arg(option.value);
        }
        if (option.name == u"-e" || option.name == u"--source") {
            if (option.dynamicValue)
                return QStringLiteral("the awk program is only known at run time");
            programs << option.value;
        }
    }
    if (programs.isEmpty() && !fromFile) {
        if (parsed.operands.isEmpty())
            return {};
        const CommandWord &program = argv.at(parsed.operands.first());
        if (program.dynamic)
            return QStringLiteral("the awk program is only known at run time");
        programs << program.text;
    }
    if (sandbox)
        return {};
    for (const QString &program : std::as_const(programs)) {
        if (const QString why = awkProgramRefusal(program); !why.isEmpty())
            return why;
    }
    return {};
}

} // namespace pmcp
