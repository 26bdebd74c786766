#pragma once

#include "server/policy/ShellWord.h"

#include "shared/core/Result.h"

#include <QList>

namespace pmcp {

// The expansions the policy can do statically, as bash would: brace expansion ({a,b},
// {1..3}, nested) and tilde expansion of ~user. What it cannot know (~ of the SSH user,
// parameters) is marked dynamic.
class WordExpander final {
public:
    static constexpr int kMaxWords = 1024;        // from one word
    static constexpr int kMaxCommandWords = 8192; // in one command

    static Result<QList<CommandWord>> expand(const ShellWord &word);
    static Result<QList<CommandWord>> expandAll(const QList<ShellWord> &words);

private:
    struct Piece {
        QString text;
        QByteArray active;
    };
    static Result<QList<Piece>> braces(const Piece &piece, int depth, int &budget);
    static Result<bool> sequence(const QString &body, QStringList &out);
    static CommandWord finish(const Piece &piece, const ShellWord &word);
};

} // namespace pmcp
