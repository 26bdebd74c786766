#pragma once

#include "server/policy/ShellWord.h"

#include "shared/core/Result.h"

#include <QList>
#include <QString>

namespace pmcp {

// One token of a POSIX shell command line.
struct ShellToken final {
    enum class Kind { Word, Operator, Redirect, Arithmetic };
    Kind kind = Kind::Word;
    QString op;     // Operator: ";", "&&", "\n", "(", ...; Redirect: ">", ">>", "<<", ...
    ShellWord word; // Word, or the target of a Redirect (the delimiter of a here-doc)
    int ioNumber = -1;
    QString hereDocBody;         // filled for "<<" and "<<-" once the body was read
    bool hereDocExpands = false; // unquoted delimiter: the body sees $(...) and `...`
};

// Splits a command line into shell tokens: quoting, escapes, comments, operators,
// redirections with here-doc bodies, and the bodies of command substitutions (kept for
// recursive evaluation). Unbalanced quotes or parentheses are errors, not guesses.
class ShellLexer final {
public:
    static Result<QList<ShellToken>> tokenize(const QString &source);
    // Collects the substitutions of a here-doc body or other double-quote-like text.
    static Result<ShellWord> expandLikeDoubleQuotes(const QString &text);

private:
    explicit ShellLexer(const QString &source);

    Result<void> run();
    Result<void> readOperator();
    Result<void> readRedirect(int ioNumber);
    Result<void> readProcessSubstitution(ShellWord &word);
    Result<void> readWord(ShellWord &word);
    Result<void> readSingleQuoted(ShellWord &word);
    Result<void> readDoubleQuoted(ShellWord &word, bool untilEnd);
    Result<void> readAnsiC(ShellWord &word);
    Result<void> readDollar(ShellWord &word, bool quoted);
    Result<void> readBracedParameter(ShellWord &word);
    Result<void> readBacktick(ShellWord &word, bool quoted);
    Result<void> readArithmeticCommand();
    // In arithmetic ("((", "$((") "<<" is a shift and "#" a base, not a here-document or a
    // comment.
    Result<qsizetype> findClosingParen(qsizetype from, bool arithmetic = false) const;
    void readPendingHereDocs();
    bool startsProcessSubstitution() const;
    static bool endsInContinuation(const QString &line);
    void skipBlanks();
    bool atEnd() const { return m_pos >= m_src.size(); }
    QChar peek(qsizetype ahead = 0) const;

    QString m_src;
    qsizetype m_pos = 0;
    QList<ShellToken> m_tokens;
    QList<qsizetype> m_pendingHereDocs;
    QString m_hereDocError;
};

} // namespace pmcp
