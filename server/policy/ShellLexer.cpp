#include "server/policy/ShellLexer.h"

namespace pmcp {

namespace {

Error unparseable(const QString &why)
{
    return Error::invalid(why);
}

bool isMeta(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u';' || c == u'&' || c == u'|' ||
           c == u'<' || c == u'>' || c == u'(' || c == u')';
}

bool isNameStart(QChar c)
{
    return c == u'_' || (c.unicode() < 128 && c.isLetter());
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c.unicode() < 128 && c.isDigit());
}

// Text that a later evaluation (arithmetic on a variable, ${!x}) would run as a command.
bool looksLikeCode(const QString &text)
{
    return text.contains(QLatin1String("$(")) || text.contains(u'`');
}

int hexValue(QChar c)
{
    if (c >= u'0' && c <= u'9')
        return c.unicode() - u'0';
    if (c >= u'a' && c <= u'f')
        return c.unicode() - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c.unicode() - u'A' + 10;
    return -1;
}

} // namespace

ShellLexer::ShellLexer(const QString &source)
    : m_src(source)
{}

Result<QList<ShellToken>> ShellLexer::tokenize(const QString &source)
{
    ShellLexer lexer(source);
    if (auto done = lexer.run(); !done)
        return done.error();
    return lexer.m_tokens;
}

Result<ShellWord> ShellLexer::expandLikeDoubleQuotes(const QString &text)
{
    ShellLexer lexer(text);
    ShellWord word;
    if (auto done = lexer.readDoubleQuoted(word, true); !done)
        return done.error();
    return word;
}

QChar ShellLexer::peek(qsizetype ahead) const
{
    const qsizetype at = m_pos + ahead;
    return at < m_src.size() ? m_src.at(at) : QChar();
}

void ShellLexer::skipBlanks()
{
    while (!atEnd()) {
        const QChar c = peek();
        if (c == u' ' || c == u'\t')
            ++m_pos;
        else if (c == u'\\' && peek(1) == u'\n')
            m_pos += 2;
        else
            break;
    }
}

Result<void> ShellLexer::run()
{
    while (true) {
        skipBlanks();
        if (atEnd())
            break;
        const QChar c = peek();
        if (c == u'#') {
            while (!atEnd() && peek() != u'\n')
                ++m_pos;
            continue;
        }
        if (c == u'\n') {
            ++m_pos;
            m_tokens.append({ShellToken::Kind::Operator, QStringLiteral("\n"), {}, -1, {}, false});
            readPendingHereDocs();
            continue;
        }
        if (isMeta(c)) {
            if (auto done = readOperator(); !done)
                return done;
            continue;
        }
        ShellWord word;
        const qsizetype start = m_pos;
        if (auto done = readWord(word); !done)
            return done;
        word.raw = m_src.mid(start, m_pos - start);
        bool digits = !word.raw.isEmpty();
        for (const QChar d : word.raw)
            digits = digits && d.isDigit();
        if (digits && (peek() == u'<' || peek() == u'>')) {
            if (auto done = readRedirect(word.raw.toInt()); !done)
                return done;
            continue;
        }
        m_tokens.append({ShellToken::Kind::Word, {}, word, -1, {}, false});
    }
    if (!m_pendingHereDocs.isEmpty())
        readPendingHereDocs();
    if (!m_hereDocError.isEmpty())
        return unparseable(m_hereDocError);
    return {};
}

Result<void> ShellLexer::readOperator()
{
    const QChar c = peek();
    if ((c == u'<' || c == u'>') && peek(1) == u'(') {
        // <(...) and >(...) are (part of) a word, like "<(a)x" or "x<(a)" in bash.
        ShellWord word;
        const qsizetype start = m_pos;
        if (auto done = readWord(word); !done)
            return done;
        word.raw = m_src.mid(start, m_pos - start);
        m_tokens.append({ShellToken::Kind::Word, {}, word, -1, {}, false});
        return {};
    }
    if (c == u'<' || c == u'>' || (c == u'&' && peek(1) == u'>'))
        return readRedirect(-1);
    if (c == u'(' && peek(1) == u'(')
        return readArithmeticCommand();
    static const QStringList ops = {
        QStringLiteral(";;&"), QStringLiteral(";;"), QStringLiteral(";&"), QStringLiteral("&&"),
        QStringLiteral("||"),  QStringLiteral("|&"), QStringLiteral(";"),  QStringLiteral("&"),
        QStringLiteral("|"),   QStringLiteral("("),  QStringLiteral(")")};
    for (const QString &op : ops) {
        if (QStringView(m_src).mid(m_pos).startsWith(op)) {
            m_pos += op.size();
            m_tokens.append({ShellToken::Kind::Operator, op, {}, -1, {}, false});
            return {};
        }
    }
    return unparseable(QStringLiteral("unexpected character"));
}

// <(...) or >(...): the body runs as a command.
Result<void> ShellLexer::readProcessSubstitution(ShellWord &word)
{
    auto close = findClosingParen(m_pos + 2);
    if (!close)
        return close.error();
    word.substitutions << m_src.mid(m_pos + 2, close.value() - m_pos - 2);
    word.dynamic = true;
    word.appendQuoted(m_src.mid(m_pos, close.value() + 1 - m_pos));
    m_pos = close.value() + 1;
    return {};
}

Result<void> ShellLexer::readRedirect(int ioNumber)
{
    static const QStringList ops = {
        QStringLiteral("<<<"), QStringLiteral("<<-"), QStringLiteral("<<"),  QStringLiteral("<>"),
        QStringLiteral("<&"),  QStringLiteral("<"),   QStringLiteral("&>>"), QStringLiteral("&>"),
        QStringLiteral(">>"),  QStringLiteral(">|"),  QStringLiteral(">&"),  QStringLiteral(">")};
    QString op;
    for (const QString &candidate : ops) {
        if (QStringView(m_src).mid(m_pos).startsWith(candidate)) {
            op = candidate;
            break;
        }
    }
    m_pos += op.size();
    skipBlanks();
    ShellToken token{ShellToken::Kind::Redirect, op, {}, ioNumber, {}, false};
    if (atEnd() || (isMeta(peek()) && !startsProcessSubstitution()))
        return unparseable(QStringLiteral("redirection without a target"));
    const qsizetype start = m_pos;
    if (auto done = readWord(token.word); !done)
        return done;
    token.word.raw = m_src.mid(start, m_pos - start);
    if (op == u"<<" || op == u"<<-") {
        token.hereDocExpands = !token.word.quoted;
        m_pendingHereDocs.append(m_tokens.size());
    }
    m_tokens.append(token);
    return {};
}

void ShellLexer::readPendingHereDocs()
{
    for (const qsizetype index : std::as_const(m_pendingHereDocs)) {
        ShellToken &token = m_tokens[index];
        const bool stripTabs = token.op == u"<<-";
        QString body;
        while (!atEnd()) {
            qsizetype end = m_src.indexOf(u'\n', m_pos);
            if (end < 0)
                end = m_src.size();
            QString line = m_src.mid(m_pos, end - m_pos);
            m_pos = qMin(end + 1, m_src.size());
            if (stripTabs) {
                while (line.startsWith(u'\t'))
                    line.remove(0, 1);
            }
            // With an unquoted delimiter, bash joins a line ending in "\" with the next one
            // before it looks for the delimiter.
            while (token.hereDocExpands && endsInContinuation(line) && !atEnd() && !stripTabs) {
                end = m_src.indexOf(u'\n', m_pos);
                if (end < 0)
                    end = m_src.size();
                line.chop(1);
                line += m_src.mid(m_pos, end - m_pos);
                m_pos = qMin(end + 1, m_src.size());
            }
            if (token.hereDocExpands && stripTabs && endsInContinuation(line)) {
                m_hereDocError =
                    QStringLiteral("a line continuation in a <<- here-document is not modelled");
                return;
            }
            if (line == token.word.text)
                break;
            body += line + u'\n';
        }
        token.hereDocBody = body;
    }
    m_pendingHereDocs.clear();
}

bool ShellLexer::startsProcessSubstitution() const
{
    return (peek() == u'<' || peek() == u'>') && peek(1) == u'(';
}

bool ShellLexer::endsInContinuation(const QString &line)
{
    qsizetype n = 0;
    while (n < line.size() && line.at(line.size() - 1 - n) == u'\\')
        ++n;
    return n % 2 == 1;
}

Result<void> ShellLexer::readWord(ShellWord &word)
{
    while (!atEnd() && (!isMeta(peek()) || startsProcessSubstitution())) {
        const QChar c = peek();
        Result<void> done;
        if (startsProcessSubstitution()) {
            done = readProcessSubstitution(word);
        } else if (QStringLiteral("?*+@!").contains(c) && peek(1) == u'(') {
            // With extglob on, bash matches "@(a|b)"; with it off it is a syntax error.
            return unparseable(
                QStringLiteral("extended glob patterns like %1(...) are not modelled").arg(c));
        } else if (c == u'\\') {
            if (peek(1) == u'\n') {
                m_pos += 2;
                continue;
            }
            word.quoted = true;
            word.literalCode = word.literalCode || peek(1) == u'$' || peek(1) == u'`';
            word.append(m_pos + 1 < m_src.size() ? peek(1) : QChar(u'\\'), false);
            m_pos += 2;
        } else if (c == u'\'') {
            done = readSingleQuoted(word);
        } else if (c == u'"') {
            ++m_pos;
            done = readDoubleQuoted(word, false);
        } else if (c == u'$') {
            done = readDollar(word, false);
        } else if (c == u'`') {
            done = readBacktick(word, false);
        } else {
            if (c == u'*' || c == u'?' || c == u'[')
                word.glob = true;
            word.append(c, true);
            ++m_pos;
        }
        if (!done)
            return done;
    }
    m_pos = qMin(m_pos, m_src.size());
    return {};
}

Result<void> ShellLexer::readSingleQuoted(ShellWord &word)
{
    const qsizetype close = m_src.indexOf(u'\'', m_pos + 1);
    if (close < 0)
        return unparseable(QStringLiteral("unterminated single quote"));
    word.quoted = true;
    const QString content = m_src.mid(m_pos + 1, close - m_pos - 1);
    word.literalCode = word.literalCode || looksLikeCode(content);
    word.appendQuoted(content);
    m_pos = close + 1;
    return {};
}

Result<void> ShellLexer::readDoubleQuoted(ShellWord &word, bool untilEnd)
{
    word.quoted = true;
    while (!atEnd()) {
        const QChar c = peek();
        if (c == u'"' && !untilEnd) {
            ++m_pos;
            return {};
        }
        Result<void> done;
        if (c == u'\\') {
            const QChar next = peek(1);
            if (next == u'$' || next == u'`' || next == u'"' || next == u'\\') {
                word.literalCode = word.literalCode || next == u'$' || next == u'`';
                word.append(next, false);
                m_pos += 2;
            } else if (next == u'\n') {
                m_pos += 2;
            } else {
                word.append(c, false);
                ++m_pos;
            }
        } else if (c == u'$') {
            done = readDollar(word, true);
        } else if (c == u'`') {
            done = readBacktick(word, true);
        } else {
            word.append(c, false);
            ++m_pos;
        }
        if (!done)
            return done;
    }
    if (untilEnd)
        return {};
    return unparseable(QStringLiteral("unterminated double quote"));
}

Result<void> ShellLexer::readAnsiC(ShellWord &word)
{
    // $'...': decode the escapes as bash 5.2 does, so $'\x72m' is seen as "rm". What depends on
    // the host (the locale for \u and bytes above 0x7f) or ends the string early (a NUL) is
    // refused rather than guessed.
    const qsizetype start = word.text.size();
    m_pos += 2;
    word.quoted = true;
    const auto refuse = [](const QString &what) {
        return unparseable(QStringLiteral("%1 in $'...' is not modelled").arg(what));
    };
    while (!atEnd() && peek() != u'\'') {
        QChar c = peek();
        ++m_pos;
        if (c != u'\\') {
            word.append(c, false);
            continue;
        }
        if (atEnd())
            break;
        const QChar e = peek();
        ++m_pos;
        static const QString from = QStringLiteral("abeEfnrtv\\'\"?");
        static const QString to = QStringLiteral("\a\b\x1b\x1b\f\n\r\t\v\\'\"?");
        uint value = 0;
        if (const qsizetype i = from.indexOf(e); i >= 0) {
            value = to.at(i).unicode();
        } else if (e == u'x' || e == u'u' || e == u'U') {
            const int maxDigits = e == u'x' ? 2 : (e == u'u' ? 4 : 8);
            int n = 0;
            while (n < maxDigits && !atEnd() && hexValue(peek()) >= 0) {
                value = value * 16 + uint(hexValue(peek()));
                ++m_pos;
                ++n;
            }
            if (n == 0) { // bash keeps "\x" (or "\u") when no digit follows
                word.append(u'\\', false);
                word.append(e, false);
                continue;
            }
            if (value >= 0x80)
                return refuse(e == u'x' ? QStringLiteral("a byte above 0x7f")
                                        : QStringLiteral("a non-ASCII \\%1 escape").arg(e));
        } else if (e >= u'0' && e <= u'7') {
            value = uint(e.unicode() - u'0');
            for (int n = 1; n < 3 && !atEnd() && peek() >= u'0' && peek() <= u'7'; ++n, ++m_pos)
                value = value * 8 + uint(peek().unicode() - u'0');
            value &= 0xff;
            if (value >= 0x80)
                return refuse(QStringLiteral("a byte above 0x7f"));
        } else if (e == u'c') {
            // \cX: the control character of X; "\c\\" is control-backslash.
            if (atEnd() || peek() == u'\'' || peek().unicode() >= 0x80)
                return refuse(QStringLiteral("this \\c escape"));
            const QChar x = peek();
            ++m_pos;
            if (x == u'\\' && peek() == u'\\')
                ++m_pos;
            value = x == u'?' ? 0x7f : (x.toUpper().unicode() & 0x1f);
        } else {
            word.append(u'\\', false);
            word.append(e, false);
            continue;
        }
        if (value == 0)
            return refuse(QStringLiteral("a NUL escape (bash ends the string there)"));
        word.append(QChar(char16_t(value)), false);
    }
    if (atEnd())
        return unparseable(QStringLiteral("unterminated $'...' quote"));
    word.literalCode = word.literalCode || looksLikeCode(word.text.mid(start));
    ++m_pos;
    return {};
}

// ${...}: parameter expansion; IFS is noted, substitutions inside are refused.
Result<void> ShellLexer::readBracedParameter(ShellWord &word)
{
    int depth = 0;
    qsizetype i = m_pos + 1;
    for (; i < m_src.size(); ++i) {
        if (m_src.at(i) == u'\\') {
            ++i;
            continue;
        }
        depth += m_src.at(i) == u'{' ? 1 : (m_src.at(i) == u'}' ? -1 : 0);
        if (depth == 0)
            break;
    }
    if (i >= m_src.size())
        return unparseable(QStringLiteral("unterminated ${...}"));
    const QString body = m_src.mid(m_pos + 2, i - m_pos - 2);
    if (body.contains(u'`') || body.contains(QLatin1String("$(")))
        return unparseable(QStringLiteral("command substitution inside ${...}"));
    // Bash's quoting rules inside ${x:-...}, ${x#...}, ${x/.../...} depend on the operator and
    // on the surrounding double quotes: not modelled.
    if (body.contains(u'\'') || body.contains(u'"'))
        return unparseable(QStringLiteral("quotes inside ${...} are not modelled"));
    if (body.contains(QLatin1String("$'")) || body.contains(QLatin1String("$[")))
        return unparseable(QStringLiteral("$'...' or $[...] inside ${...} is not modelled"));
    // ${x@P} expands x as a prompt string, which runs the command substitutions it holds.
    if (body.endsWith(QLatin1String("@P")))
        return unparseable(QStringLiteral("the ${...@P} prompt transformation is not modelled"));
    qsizetype n = body.startsWith(u'!') || body.startsWith(u'#') ? 1 : 0;
    qsizetype nameEnd = n;
    while (nameEnd < body.size() && isNameChar(body.at(nameEnd)))
        ++nameEnd;
    if (body.mid(n, nameEnd - n) == u"IFS")
        word.ifs = true;
    m_pos = i + 1;
    return {};
}

Result<void> ShellLexer::readDollar(ShellWord &word, bool quoted)
{
    const qsizetype start = m_pos;
    const QChar next = peek(1);
    if (next == u'\'' && !quoted)
        return readAnsiC(word);
    if (next == u'"' && !quoted) // translated at run time by the host's message catalogue
        return unparseable(QStringLiteral("$\"...\" (a locale-translated string) is not modelled"));
    if (next == u'\\' && peek(2) == u'\n')
        return unparseable(QStringLiteral("a line continuation after $ is not modelled"));
    if (next == u'[') {
        // $[ ... ]: the old form of $(( ... )).
        qsizetype i = m_pos + 2;
        int depth = 1;
        for (; i < m_src.size() && depth > 0; ++i)
            depth += m_src.at(i) == u'[' ? 1 : (m_src.at(i) == u']' ? -1 : 0);
        if (depth > 0)
            return unparseable(QStringLiteral("unterminated $[...]"));
        const QString body = m_src.mid(m_pos + 2, i - 1 - m_pos - 2);
        if (body.contains(u'`') || body.contains(u'$') || body.contains(u'\'') ||
            body.contains(u'"') || body.contains(u'\\'))
            return unparseable(
                QStringLiteral("expansions or quotes inside $[...] are not modelled"));
        m_pos = i;
        word.dynamic = true;
        word.appendQuoted(m_src.mid(start, m_pos - start));
        return {};
    }
    if (next == u'(') {
        // "$((" is arithmetic when the parenthesis after "$(" closes right before another ")";
        // otherwise ("$((a) )") it is a command substitution holding a subshell, as in bash.
        bool arithmetic = false;
        if (peek(2) == u'(') {
            auto inner = findClosingParen(m_pos + 3, true);
            arithmetic =
                inner && inner.value() + 1 < m_src.size() && m_src.at(inner.value() + 1) == u')';
        }
        auto close = findClosingParen(m_pos + 2, arithmetic);
        if (!close)
            return close.error();
        const QString body = m_src.mid(m_pos + 2, close.value() - m_pos - 2);
        if (arithmetic) {
            if (body.contains(u'`') || body.contains(QLatin1String("$(")))
                return unparseable(QStringLiteral("command substitution inside arithmetic"));
        } else {
            word.substitutions << body;
        }
        m_pos = close.value() + 1;
    } else if (next == u'{') {
        if (auto done = readBracedParameter(word); !done)
            return done;
    } else if (isNameStart(next)) {
        qsizetype i = m_pos + 1;
        while (i < m_src.size() && isNameChar(m_src.at(i)))
            ++i;
        if (m_src.mid(m_pos + 1, i - m_pos - 1) == u"IFS")
            word.ifs = true;
        m_pos = i;
    } else if (!next.isNull() && QStringLiteral("0123456789@*#?$!-").contains(next)) {
        m_pos += 2;
    } else {
        word.append(u'$', !quoted);
        ++m_pos;
        return {};
    }
    word.dynamic = true;
    word.appendQuoted(m_src.mid(start, m_pos - start));
    return {};
}

Result<void> ShellLexer::readBacktick(ShellWord &word, bool quoted)
{
    Q_UNUSED(quoted);
    const qsizetype start = m_pos;
    QString body;
    qsizetype i = m_pos + 1;
    for (; i < m_src.size() && m_src.at(i) != u'`'; ++i) {
        if (m_src.at(i) == u'\\' && i + 1 < m_src.size()) {
            const QChar e = m_src.at(i + 1);
            if (e == u'`' || e == u'\\' || e == u'$') {
                body += e;
                ++i;
                continue;
            }
        }
        body += m_src.at(i);
    }
    if (i >= m_src.size())
        return unparseable(QStringLiteral("unterminated backtick"));
    m_pos = i + 1;
    word.dynamic = true;
    word.substitutions << body;
    word.appendQuoted(m_src.mid(start, m_pos - start));
    return {};
}

Result<void> ShellLexer::readArithmeticCommand()
{
    // "((" starts arithmetic only when the parenthesis it opens second closes right before
    // the one it opens first: "((a) )" is a subshell in a subshell, as in bash.
    auto inner = findClosingParen(m_pos + 2, true);
    if (!inner || inner.value() + 1 >= m_src.size() || m_src.at(inner.value() + 1) != u')') {
        ++m_pos;
        m_tokens.append({ShellToken::Kind::Operator, QStringLiteral("("), {}, -1, {}, false});
        return {};
    }
    auto close = findClosingParen(m_pos + 1, true);
    if (!close)
        return close.error();
    const QString body = m_src.mid(m_pos + 2, close.value() - m_pos - 2);
    if (body.contains(u'`') || body.contains(QLatin1String("$(")))
        return unparseable(QStringLiteral("command substitution inside arithmetic"));
    m_pos = close.value() + 1;
    m_tokens.append({ShellToken::Kind::Arithmetic, QStringLiteral("(("), {}, -1, {}, false});
    return {};
}

// The index of the ')' closing a '(' just before `from`, skipping quoted text.
Result<qsizetype> ShellLexer::findClosingParen(qsizetype from, bool arithmetic) const
{
    int depth = 1;
    for (qsizetype i = from; i < m_src.size(); ++i) {
        const QChar c = m_src.at(i);
        const QChar before = i > from ? m_src.at(i - 1) : QChar(u' ');
        if (c == u'\\') {
            ++i;
        } else if (c == u'#' &&
                   (before == u' ' || before == u'\t' || before == u'\n' || before == u';' ||
                    before == u'&' || before == u'|' || before == u'(' || before == u')')) {
            // A comment: a ')' in it closes nothing.
            i = m_src.indexOf(u'\n', i);
            if (i < 0)
                break;
        } else if (c == u'$' && i + 1 < m_src.size() && m_src.at(i + 1) == u'\'') {
            for (i += 2; i < m_src.size() && m_src.at(i) != u'\''; ++i) {
                if (m_src.at(i) == u'\\')
                    ++i;
            }
        } else if (!arithmetic && c == u'<' && i + 1 < m_src.size() && m_src.at(i + 1) == u'<') {
            if (i + 2 < m_src.size() && m_src.at(i + 2) == u'<') {
                i += 2; // a here-string
                continue;
            }
            return unparseable(
                QStringLiteral("a here-document inside $(...) or <(...) is not modelled"));
        } else if (c == u'\'') {
            i = m_src.indexOf(u'\'', i + 1);
            if (i < 0)
                break;
        } else if (c == u'"') {
            for (++i; i < m_src.size() && m_src.at(i) != u'"'; ++i) {
                if (m_src.at(i) == u'\\')
                    ++i;
                else if (m_src.at(i) == u'`' ||
                         (m_src.at(i) == u'$' && i + 1 < m_src.size() &&
                          (m_src.at(i + 1) == u'(' || m_src.at(i + 1) == u'{')))
                    // Quotes nest again inside "$(...)" and "${...}": not modelled here.
                    return unparseable(QStringLiteral(
                        "a substitution inside double quotes inside $(...) is not modelled"));
            }
        } else if (c == u'`') {
            i = m_src.indexOf(u'`', i + 1);
            if (i < 0)
                break;
        } else if (c == u'(') {
            ++depth;
        } else if (c == u')' && --depth == 0) {
            return i;
        }
    }
    return unparseable(QStringLiteral("unbalanced parenthesis"));
}

} // namespace pmcp
