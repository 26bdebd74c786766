#pragma once

#include "server/policy/CommandPolicy.h"
#include "server/policy/ShellWord.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace pmcp {

// Matches one command (program and arguments) against one rule. Patterns are shell globs
// where '*' stops at '/', '**' crosses it, '?' and '[...]'/'[!...]' are as in the shell;
// "a|b" are alternatives, "re:..." a regular expression, "!p" means no argument matches p.
// Every positive pattern must be matched by some argument, in any order.
class RuleMatcher final {
public:
    static bool glob(QStringView pattern, QStringView text);
    static bool patternMatches(const QString &pattern, const QString &text);
    static bool programMatches(const QString &programPattern, const CommandWord &program);
    // Arguments are matched as written and as paths resolved against cwd (empty: unknown).
    // A dynamic argument could be anything: a deny rule sees it as matching every pattern.
    // dynamicIsWildcard=false judges dynamic arguments by their text, for a first, precise pass.
    static bool matches(const PolicyRule &rule, const QList<CommandWord> &argv,
                        const QString &cwd = {}, bool dynamicIsWildcard = true);
    static QStringList pathForms(const QString &text, const QString &cwd);
    static QString baseName(const QString &program);

private:
    static bool argumentMatches(const QString &pattern, const CommandWord &arg, const QString &cwd);
};

} // namespace pmcp
