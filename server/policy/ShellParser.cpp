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
    for (const ShellToken &token : std::as_const(m_tokens)) {
        Result<void> done;
        if (m_state == State::CasePattern || m_state == State::CaseIn ||
            m_state == State::CaseSubject) {
            done = onCaseToken(token);
        } else if (token.kind == ShellToken::Kind::Word) {
            done = onWord(token);
        } else if (token.kind == ShellToken::Kind::Redirect) {
            m_current.redirections.append(
                {token.op, token.ioNumber, token.word, token.hereDocBody, token.hereDocExpands});
        } else if (token.kind == ShellToken::Kind::Operator) {
            done = onOperator(token.op);
        }
        if (!done)
            return done;
    }
    flush();
    if (m_state != State::Command)
        return unparseable(QStringLiteral("incomplete for or case"));
    if (!m_open.isEmpty())
        return unparseable(QStringLiteral("unclosed '%1'").arg(m_open.last()));
    return {};
}

Result<void> ShellParser::onWord(const ShellToken &token)
{
    const ShellWord &word = token.word;
    if (m_state == State::ForName) {
        m_state = State::ForWords;
        return {};
    }
    if (m_state == State::ForWords) {
        if (word.text == u"do" && !word.quoted) {
            m_state = State::Command;
            m_open.append(QStringLiteral("do"));
        } else if (!(word.text == u"in" && !word.quoted)) {
            m_script.otherWords.append(word);
        }
        return {};
    }
    if (m_current.words.isEmpty() && m_current.assignments.isEmpty() &&
        m_current.redirections.isEmpty() && isReserved(word)) {
        return onReservedWord(word.text);
    }
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
    if (word == u"{" || word == u"if" || word == u"do")
        m_open.append(word);
    else if (word == u"}")
        return close(QStringLiteral("{"), word);
    else if (word == u"fi")
        return close(QStringLiteral("if"), word);
    else if (word == u"done")
        return close(QStringLiteral("do"), word);
    else if (word == u"esac")
        return close(QStringLiteral("case"), word);
    else if (word == u"for" || word == u"select")
        m_state = State::ForName;
    else if (word == u"case")
        m_state = State::CaseSubject;
    return {};
}

Result<void> ShellParser::close(const QString &opener, const QString &closer)
{
    if (m_open.isEmpty() || m_open.last() != opener)
        return unparseable(QStringLiteral("unexpected '%1'").arg(closer));
    m_open.removeLast();
    return {};
}

Result<void> ShellParser::onOperator(const QString &op)
{
    if (op == u"(") {
        if (m_current.words.size() == 1 && m_current.assignments.isEmpty())
            return Error{ErrorCode::Unsupported, QStringLiteral("function definition")};
        if (!m_current.words.isEmpty() || !m_current.assignments.isEmpty())
            return unparseable(QStringLiteral("unexpected '('"));
        m_open.append(op);
        return {};
    }
    flush();
    if ((m_state == State::ForWords || m_state == State::ForName) && (op == u";" || op == u"\n")) {
        m_state = State::Command;
        return {};
    }
    if (op == u")")
        return close(QStringLiteral("("), op);
    if (op == u";;" || op == u";&" || op == u";;&") {
        if (m_open.isEmpty() || m_open.last() != u"case")
            return unparseable(QStringLiteral("'%1' outside case").arg(op));
        m_state = State::CasePattern;
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
        if (!isWord || token.word.text != u"in")
            return unparseable(QStringLiteral("case without 'in'"));
        m_open.append(QStringLiteral("case"));
        m_state = State::CasePattern;
        return {};
    }
    if (isWord && token.word.text == u"esac" && !token.word.quoted) {
        m_state = State::Command;
        return close(QStringLiteral("case"), token.word.text);
    }
    if (isWord) {
        m_script.otherWords.append(token.word);
        return {};
    }
    if (token.kind == ShellToken::Kind::Operator && token.op == u")") {
        m_state = State::Command;
        return {};
    }
    if (token.kind == ShellToken::Kind::Operator && (token.op == u"|" || token.op == u"("))
        return {};
    return unparseable(QStringLiteral("unexpected token in a case pattern"));
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
