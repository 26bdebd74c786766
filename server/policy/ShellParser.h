#pragma once

#include "server/policy/ShellLexer.h"
#include "server/policy/ShellWord.h"

#include "shared/core/Result.h"

#include <QList>
#include <QString>

namespace pmcp {

struct ShellRedirection final {
    QString op; // ">", ">>", "<", "<<", "<<<", "&>", ">&", ...
    int ioNumber = -1;
    ShellWord target;
    QString hereDocBody;
    bool hereDocExpands = false;

    bool writes() const;
};

// One simple command: assignments, words (program and arguments) and redirections.
struct SimpleCommand final {
    QList<ShellWord> assignments;
    QList<ShellWord> words;
    QList<ShellRedirection> redirections;
};

// A parsed command line: every simple command, in order, whatever compound command
// (pipeline, list, subshell, group, if, for, while, until, case) holds it, plus the words
// of compound commands (for lists, case subjects and patterns) whose substitutions run too.
struct ShellScript final {
    QList<SimpleCommand> commands;
    QList<ShellWord> otherWords;
};

// Turns shell tokens into the simple commands they contain, checking that compound commands
// are balanced. Function definitions are refused (ErrorCode::Unsupported); anything else it
// cannot parse is ErrorCode::InvalidArgument.
class ShellParser final {
public:
    static Result<ShellScript> parse(const QString &source);

private:
    explicit ShellParser(QList<ShellToken> tokens);

    enum class State { Command, ForName, ForWords, CaseSubject, CaseIn, CasePattern };

    Result<void> run();
    Result<void> onWord(const ShellToken &token);
    Result<void> onReservedWord(const QString &word);
    Result<void> onOperator(const QString &op);
    Result<void> onCaseToken(const ShellToken &token);
    Result<void> close(const QString &opener, const QString &closer);
    void flush();

    QList<ShellToken> m_tokens;
    ShellScript m_script;
    SimpleCommand m_current;
    State m_state = State::Command;
    QStringList m_open; // "(", "{", "if", "do", "case"
};

} // namespace pmcp
