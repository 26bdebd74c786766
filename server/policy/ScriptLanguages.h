#pragma once

#include "server/policy/ShellWord.h"

#include <QList>
#include <QString>

namespace pmcp {

// Reads the small languages that programs take as arguments, far enough to see whether they
// run commands or write files: sed scripts (the `e` command and flag, `w` files) and awk
// programs (system(), pipes to and from commands, output redirection, extensions). A script
// the reader does not fully understand is refused, not guessed.
class ScriptLanguages final {
public:
    // Why the sed invocation is refused, or an empty string.
    static QString sedRefusal(const QList<CommandWord> &argv);
    static QString sedScriptRefusal(const QString &script);
    // Why the awk invocation is refused, or an empty string.
    static QString awkRefusal(const QList<CommandWord> &argv);
    static QString awkProgramRefusal(const QString &program);
};

} // namespace pmcp
