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

// Turns shell tokens into the simple commands they contain, checking the grammar of compound
// commands as bash 5.2 does (what bash rejects, the parser rejects too; TestBashDifferential
// holds it to that): lists and pipelines need a command on each side, `if` needs `then`, loops
// need `do`, `!` and `time` only start a pipeline, `coproc [NAME]` and `[[ ... ]]` are
// understood. Function definitions are refused (ErrorCode::Unsupported); anything else it
// cannot parse, or does not model, is ErrorCode::InvalidArgument with the reason.
class ShellParser final {
public:
    static Result<ShellScript> parse(const QString &source);

private:
    explicit ShellParser(QList<ShellToken> tokens);

    enum class State {
        Command,
        ForName,
        ForWords,
        ForDo,
        CaseSubject,
        CaseIn,
        CasePattern,
        Conditional
    };
    // An open compound command: "(", "{", "if" (before then), "then", "else", "while" (before
    // do), "do", "case", "[[", and the list state of the list around it.
    struct Frame {
        QString kind;
        bool outerListHasCommand = false;
    };

    Result<void> run();
    Result<void> onWord(const ShellToken &token);
    Result<void> onReservedWord(const QString &word);
    Result<void> onOperator(const QString &op);
    Result<void> onCaseToken(const ShellToken &token);
    Result<void> onConditionalToken(const ShellToken &token);
    Result<void> onCoproc();
    Result<void> open(const QString &kind);
    Result<void> close(const QStringList &openers, const QString &closer, bool needsList = true);
    Result<void> completeSegment(const QString &before);
    Result<void> replaceTop(const QStringList &openers, const QString &word, const QString &kind);
    void startSegment();
    bool segmentHasContent() const;
    void flush();

    QList<ShellToken> m_tokens;
    qsizetype m_index = 0;
    ShellScript m_script;
    SimpleCommand m_current;
    State m_state = State::Command;
    QList<Frame> m_open;
    bool m_listHasCommand = false; // the innermost list holds a complete command
    bool m_compoundDone = false;   // a compound command just closed: no words may follow it
    bool m_needCommand = false;    // after "|", "&&", "||": a command must follow
    bool m_pipelineStart = true;   // "!" and "time" are reserved here
    int m_time = 0;                // 1 after "time", 2 after "time -p"
    bool m_prefixed = false;       // the pipeline began with "!" or "time"
    bool m_forHasIn = false;
    bool m_patternNeedsWord = true; // in a case pattern: at its start or after "|"
    bool m_patternParen = false;    // the pattern began with "("
};

} // namespace pmcp
