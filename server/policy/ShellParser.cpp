#include "server/policy/ShellParser.h"

#include <QRegularExpression>

namespace pmcp {

namespace {

Error unparseable(const QString &why)
{
    return Error::invalid(why);
}

bool isAssignment(const ShellWord &word)
{
    static const QRegularExpression name(
        QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*\\])?\\+?="));
    const auto match = name.match(word.text);
    if (!match.hasMatch())
        return false;
    for (qsizetype i = 0; i < match.capturedLength(); ++i) {
        if (word.active.at(i) == 0)
            return false;
    }
    return true;
}

bool isReserved(const ShellWord &word)
{
    static const QStringList reserved = {
        QStringLiteral("{"),    QStringLiteral("}"),       QStringLiteral("!"),
        QStringLiteral("if"),   QStringLiteral("then"),    QStringLiteral("else"),
        QStringLiteral("elif"), QStringLiteral("fi"),      QStringLiteral("do"),
        QStringLiteral("done"), QStringLiteral("while"),   QStringLiteral("until"),
        QStringLiteral("for"),  QStringLiteral("select"),  QStringLiteral("case"),
        QStringLiteral("esac"), QStringLiteral("function")};
    return !word.quoted && !word.dynamic && reserved.contains(word.text);
}

bool isPlain(const ShellWord &word, const QString &text)
{
    return !word.quoted && !word.dynamic && word.text == text;
}

} // namespace

bool ShellRedirection::writes() const
{
    if (op == u">&" || op == u"<&") {
        static const QRegularExpression fd(QStringLiteral("^([0-9]+-?|-)$"));
        return op == u">&" && !fd.match(target.text).hasMatch();
    }
    return op == u">" || op == u">>" || op == u">|" || op == u"&>" || op == u"&>>" || op == u"<>";
}

ShellParser::ShellParser(QList<ShellToken> tokens)
    : m_tokens(std::move(tokens))
{}

Result<ShellScript> ShellParser::parse(const QString &source)
{
    auto tokens = ShellLexer::tokenize(source);
    if (!tokens)
        return tokens.error();
    ShellParser parser(std::move(tokens).value());
    if (auto done = parser.run(); !done)
        return done.error();
    return parser.m_script;
}

Result<void> ShellParser::run()
{
    for (m_index = 0; m_index < m_tokens.size(); ++m_index) {
        const ShellToken &token = m_tokens.at(m_index);
        Result<void> done;
        if (m_state == State::Conditional) {
            done = onConditionalToken(token);
        } else if (m_state == State::CasePattern || m_state == State::CaseIn ||
                   m_state == State::CaseSubject) {
            done = onCaseToken(token);
        } else if (token.kind == ShellToken::Kind::Word) {
            done = onWord(token);
        } else if (token.kind == ShellToken::Kind::Redirect) {
            if (m_state != State::Command)
                return unparseable(QStringLiteral("a redirection inside a for header"));
            startSegment();
            m_current.redirections.append(
                {token.op, token.ioNumber, token.word, token.hereDocBody, token.hereDocExpands});
        } else if (token.kind == ShellToken::Kind::Arithmetic) {
            if (m_state == State::ForName) {
                m_state = State::ForDo;
                continue;
            }
            if (m_state != State::Command || segmentHasContent())
                return unparseable(QStringLiteral("unexpected (( ... ))"));
            startSegment();
            m_compoundDone = true;
            m_pipelineStart = false;
        } else if (token.kind == ShellToken::Kind::Operator) {
            done = onOperator(token.op);
        }
        if (!done)
            return done;
    }
    if (m_needCommand)
        return unparseable(QStringLiteral("a command is missing after the last operator"));
    flush();
    if (m_state != State::Command)
        return unparseable(QStringLiteral("incomplete for, case or [[ ... ]]"));
    if (!m_open.isEmpty())
        return unparseable(QStringLiteral("unclosed '%1'").arg(m_open.last().kind));
    return {};
}

Result<void> ShellParser::onWord(const ShellToken &token)
{
    const ShellWord &word = token.word;
    if (m_state == State::ForName) {
        m_state = State::ForWords;
        m_forHasIn = false;
        return {};
    }
    if (m_state == State::ForWords) {
        if (m_forHasIn) {
            m_script.otherWords.append(word);
            return {};
        }
        if (isPlain(word, QStringLiteral("in"))) {
            m_forHasIn = true;
            return {};
        }
        m_state = State::ForDo;
    }
    if (m_state == State::ForDo) {
        if (isPlain(word, QStringLiteral("do")) || isPlain(word, QStringLiteral("{"))) {
            m_state = State::Command;
            return open(word.text == u"do" ? QStringLiteral("do") : QStringLiteral("{"));
        }
        return unparseable(QStringLiteral("'do' expected in a for loop"));
    }
    const bool atStart = m_current.words.isEmpty() && m_current.assignments.isEmpty() &&
                         m_current.redirections.isEmpty();
    static const QStringList listEnds = {QStringLiteral("}"),    QStringLiteral("fi"),
                                         QStringLiteral("done"), QStringLiteral("esac"),
                                         QStringLiteral("then"), QStringLiteral("do"),
                                         QStringLiteral("else"), QStringLiteral("elif")};
    if (m_compoundDone) {
        if (isReserved(word) && listEnds.contains(word.text))
            return onReservedWord(word.text);
        return unparseable(
            QStringLiteral("unexpected word '%1' after a compound command").arg(word.raw));
    }
    if (atStart && !word.quoted && !word.dynamic) {
        if (word.text == u"!" && !m_pipelineStart)
            return unparseable(QStringLiteral("'!' only starts a pipeline"));
        if (m_pipelineStart && word.text == u"time") {
            m_time = 1;
            m_prefixed = true;
            return {};
        }
        if (m_time == 1 && word.text == u"-p") {
            m_time = 2;
            return {};
        }
        if (m_time > 0 && word.text == u"--") {
            m_time = 0;
            return {};
        }
        if (m_pipelineStart && word.text == u"coproc")
            return onCoproc();
        if (word.text == u"[[") {
            m_state = State::Conditional;
            auto opened = open(QStringLiteral("[["));
            m_current.words.append(word); // judged as the command "[[ ... ]]" (CommandUnwrapper)
            return opened;
        }
    }
    m_time = 0;
    if (atStart && isReserved(word))
        return onReservedWord(word.text);
    startSegment();
    m_pipelineStart = false;
    if (m_current.words.isEmpty() && isAssignment(word))
        m_current.assignments.append(word);
    else
        m_current.words.append(word);
    return {};
}

Result<void> ShellParser::onReservedWord(const QString &word)
{
    if (word == u"function")
        return Error{ErrorCode::Unsupported, QStringLiteral("function definition")};
    if (word == u"!") {
        if (!m_pipelineStart)
            return unparseable(QStringLiteral("'!' only starts a pipeline"));
        m_prefixed = true;
        return {};
    }
    if (word == u"{" || word == u"if")
        return open(word);
    if (word == u"while" || word == u"until")
        return open(QStringLiteral("while"));
    if (word == u"for" || word == u"select") {
        startSegment();
        m_state = State::ForName;
        return {};
    }
    if (word == u"case") {
        startSegment();
        m_state = State::CaseSubject;
        return {};
    }
    if (auto done = completeSegment(word); !done)
        return done;
    if (word == u"}")
        return close({QStringLiteral("{")}, word);
    if (word == u"then")
        return replaceTop({QStringLiteral("if")}, word, QStringLiteral("then"));
    if (word == u"elif")
        return replaceTop({QStringLiteral("then")}, word, QStringLiteral("if"));
    if (word == u"else")
        return replaceTop({QStringLiteral("then")}, word, QStringLiteral("else"));
    if (word == u"fi")
        return close({QStringLiteral("then"), QStringLiteral("else")}, word);
    if (word == u"do")
        return replaceTop({QStringLiteral("while")}, word, QStringLiteral("do"));
    if (word == u"done")
        return close({QStringLiteral("do")}, word);
    if (word == u"esac")
        return close({QStringLiteral("case")}, word, false);
    return unparseable(QStringLiteral("unexpected '%1'").arg(word));
}

// "coproc [NAME] command": NAME only before a compound command, as in bash.
Result<void> ShellParser::onCoproc()
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    static const QStringList compound = {QStringLiteral("{"),     QStringLiteral("if"),
                                         QStringLiteral("while"), QStringLiteral("until"),
                                         QStringLiteral("for"),   QStringLiteral("select"),
                                         QStringLiteral("case"),  QStringLiteral("[[")};
    const auto opensCompound = [&](qsizetype at) {
        if (at >= m_tokens.size())
            return false;
        const ShellToken &t = m_tokens.at(at);
        return t.kind == ShellToken::Kind::Arithmetic ||
               (t.kind == ShellToken::Kind::Operator && t.op == u"(") ||
               (t.kind == ShellToken::Kind::Word && !t.word.quoted && !t.word.dynamic &&
                compound.contains(t.word.text));
    };
    const qsizetype next = m_index + 1;
    if (next >= m_tokens.size() ||
        (m_tokens.at(next).kind == ShellToken::Kind::Operator && m_tokens.at(next).op != u"("))
        return unparseable(QStringLiteral("coproc without a command"));
    const ShellToken &t = m_tokens.at(next);
    if (t.kind == ShellToken::Kind::Word && !t.word.quoted && !t.word.dynamic &&
        name.match(t.word.text).hasMatch() && !compound.contains(t.word.text) &&
        opensCompound(next + 1))
        ++m_index; // the coprocess's NAME
    m_pipelineStart = false;
    return {};
}

Result<void> ShellParser::onOperator(const QString &op)
{
    if (m_state == State::ForName)
        return unparseable(QStringLiteral("a for loop without a variable name"));
    if (m_state == State::ForWords || m_state == State::ForDo) {
        if (op == u";" || op == u"\n") {
            m_state = State::ForDo;
            return {};
        }
        return unparseable(QStringLiteral("unexpected '%1' in a for header").arg(op));
    }
    if (op == u"(") {
        if (m_current.words.size() == 1 && m_current.assignments.isEmpty() &&
            m_current.redirections.isEmpty())
            return Error{ErrorCode::Unsupported, QStringLiteral("function definition")};
        if (segmentHasContent())
            return unparseable(QStringLiteral("unexpected '('"));
        return open(op);
    }
    if (op == u")") {
        if (auto done = completeSegment(op); !done)
            return done;
        return close({QStringLiteral("(")}, op);
    }
    if (op == u";;" || op == u";&" || op == u";;&") {
        if (m_needCommand)
            return unparseable(QStringLiteral("a command is missing before '%1'").arg(op));
        flush();
        m_compoundDone = false;
        if (m_open.isEmpty() || m_open.last().kind != u"case")
            return unparseable(QStringLiteral("'%1' outside case").arg(op));
        m_state = State::CasePattern;
        m_patternNeedsWord = true;
        m_patternParen = false;
        return {};
    }
    if (op == u"\n") {
        if (segmentHasContent()) {
            flush();
            m_listHasCommand = true;
        }
        m_compoundDone = false;
        m_time = 0;
        if (!m_needCommand) {
            m_pipelineStart = true;
            m_prefixed = false;
        }
        return {};
    }
    // ";", "&", "&&", "||", "|", "|&": a command (or "!"/"time" for ";" and "&") before them.
    const bool separator = op == u";" || op == u"&";
    if (m_needCommand || !(segmentHasContent() || (separator && m_prefixed)))
        return unparseable(QStringLiteral("a command is missing before '%1'").arg(op));
    flush();
    m_compoundDone = false;
    m_time = 0;
    m_prefixed = false;
    if (separator) {
        m_listHasCommand = true;
        m_pipelineStart = true;
    } else {
        m_needCommand = true;
        m_pipelineStart = op == u"&&" || op == u"||";
    }
    return {};
}

Result<void> ShellParser::onCaseToken(const ShellToken &token)
{
    const bool isWord = token.kind == ShellToken::Kind::Word;
    if (token.kind == ShellToken::Kind::Operator && token.op == u"\n")
        return {};
    if (m_state == State::CaseSubject) {
        if (!isWord)
            return unparseable(QStringLiteral("case without a subject"));
        m_script.otherWords.append(token.word);
        m_state = State::CaseIn;
        return {};
    }
    if (m_state == State::CaseIn) {
        if (!isWord || !isPlain(token.word, QStringLiteral("in")))
            return unparseable(QStringLiteral("case without 'in'"));
        m_state = State::CasePattern;
        m_patternNeedsWord = true;
        m_patternParen = false;
        return open(QStringLiteral("case"));
    }
    if (isWord && m_patternNeedsWord && !m_patternParen &&
        isPlain(token.word, QStringLiteral("esac")))
        return close({QStringLiteral("case")}, token.word.text, false);
    if (isWord) {
        if (!m_patternNeedsWord)
            return unparseable(QStringLiteral("two words in one case pattern"));
        m_script.otherWords.append(token.word);
        m_patternNeedsWord = false;
        return {};
    }
    if (token.kind == ShellToken::Kind::Operator) {
        if (token.op == u"(" && m_patternNeedsWord && !m_patternParen) {
            m_patternParen = true;
            return {};
        }
        if (token.op == u"|" && !m_patternNeedsWord) {
            m_patternNeedsWord = true;
            return {};
        }
        if (token.op == u")" && !m_patternNeedsWord) {
            m_state = State::Command;
            m_listHasCommand = false;
            m_pipelineStart = true;
            return {};
        }
    }
    return unparseable(QStringLiteral("unexpected token in a case pattern"));
}

// Inside [[ ... ]]: words, "<" and ">" compare strings, "&&", "||", "(" and ")" group. It is
// reported as one simple command, "[[" with every word and operator as written up to "]]", so
// that the policy judges what -v and the arithmetic comparisons would evaluate.
Result<void> ShellParser::onConditionalToken(const ShellToken &token)
{
    const auto literal = [](const QString &op) {
        ShellWord word;
        word.raw = op;
        word.quoted = true;
        word.appendQuoted(op);
        return word;
    };
    if (token.kind == ShellToken::Kind::Word) {
        m_current.words.append(token.word);
        if (isPlain(token.word, QStringLiteral("]]"))) {
            flush();
            return close({QStringLiteral("[[")}, token.word.text, false);
        }
        if (isPlain(token.word, QStringLiteral("=~")))
            return unparseable(
                QStringLiteral("regular expression matches (=~) in [[ ... ]] are not modelled"));
        return {};
    }
    if (token.kind == ShellToken::Kind::Redirect && (token.op == u"<" || token.op == u">") &&
        token.ioNumber < 0) {
        m_current.words.append(literal(token.op));
        m_current.words.append(token.word);
        return {};
    }
    if (token.kind == ShellToken::Kind::Operator &&
        (token.op == u"&&" || token.op == u"||" || token.op == u"(" || token.op == u")")) {
        m_current.words.append(literal(token.op));
        return {};
    }
    if (token.kind == ShellToken::Kind::Operator && token.op == u"\n")
        return {};
    return unparseable(QStringLiteral("unexpected '%1' inside [[ ... ]]").arg(token.op));
}

Result<void> ShellParser::open(const QString &kind)
{
    m_open.append({kind, m_listHasCommand});
    startSegment();
    m_listHasCommand = false;
    m_pipelineStart = true;
    m_prefixed = false;
    m_time = 0;
    return {};
}

// Before a word or ")" that ends a list: the list's last command is complete.
Result<void> ShellParser::completeSegment(const QString &before)
{
    if (m_needCommand)
        return unparseable(QStringLiteral("a command is missing before '%1'").arg(before));
    if (segmentHasContent() || m_prefixed) {
        flush();
        m_listHasCommand = true;
    }
    m_compoundDone = false;
    m_prefixed = false;
    m_time = 0;
    return {};
}

Result<void> ShellParser::close(const QStringList &openers, const QString &closer, bool needsList)
{
    if (m_open.isEmpty() || !openers.contains(m_open.last().kind))
        return unparseable(QStringLiteral("unexpected '%1'").arg(closer));
    if (needsList && !m_listHasCommand)
        return unparseable(QStringLiteral("an empty list before '%1'").arg(closer));
    m_listHasCommand = m_open.takeLast().outerListHasCommand;
    m_state = State::Command;
    m_compoundDone = true;
    m_pipelineStart = false;
    return {};
}

Result<void> ShellParser::replaceTop(const QStringList &openers, const QString &word,
                                     const QString &kind)
{
    if (m_open.isEmpty() || !openers.contains(m_open.last().kind))
        return unparseable(QStringLiteral("unexpected '%1'").arg(word));
    if (!m_listHasCommand)
        return unparseable(QStringLiteral("an empty list before '%1'").arg(word));
    m_open.last().kind = kind;
    m_listHasCommand = false;
    m_pipelineStart = true;
    return {};
}

void ShellParser::startSegment()
{
    m_needCommand = false;
}

bool ShellParser::segmentHasContent() const
{
    return !m_current.words.isEmpty() || !m_current.assignments.isEmpty() ||
           !m_current.redirections.isEmpty() || m_compoundDone;
}

void ShellParser::flush()
{
    if (!m_current.words.isEmpty() || !m_current.assignments.isEmpty() ||
        !m_current.redirections.isEmpty()) {
        m_script.commands.append(m_current);
    }
    m_current = {};
}

} // namespace pmcp
