#pragma once

#include "server/policy/OptionGrammar.h"
#include "server/policy/ShellWord.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace pmcp {

// What a program is to the policy. Only programs in the catalogue (or allowed by an
// administrator in the rules file) run: everything else is refused by default.
enum class ProgramKind {
    Inspect,     // reads and reports: ls, cat, grep, df, ps, ...
    Admin,       // Proxmox and system administration, judged per subcommand: qm, zfs, ...
    Files,       // creates, changes or removes files; what it writes is judged: cp, rm, tar, ...
    Builtin,     // a shell builtin that changes nothing outside the shell: cd, echo, read, ...
    Wrapper,     // runs another command given as words: sudo, env, nice, timeout, ...
    Shell,       // runs shell code: sh, bash, dash (-c STRING, a script file)
    Interpreter, // runs code in another language: python, perl, ruby, ...
};

// A refusal attached to an option in the catalogue.
struct OptionRefusal final {
    QString rule;
    QString reason;
};

// One program of the catalogue. Wrappers, shells and interpreters carry their real option
// grammar; administration tools the subcommands they may be asked for.
struct ProgramEntry final {
    QString name;
    ProgramKind kind = ProgramKind::Inspect;
    QStringList subcommands;   // Admin: the first operand must be one of these
    OptionSpec options;        // Wrapper/Shell/Interpreter: the full grammar
    int positionals = 0;       // Wrapper: operands before the command (timeout DURATION)
    QStringList runsNothing;   // Wrapper: with one of these options no command runs
    QStringList scriptOptions; // the option's value is shell code (su -c, flock -c)
    QStringList chdirOptions;  // the option moves the working directory (env -C)
    QStringList rootOptions;   // the option's value is a new root directory (sudo -R)
    QStringList writeOptions;  // the option's value is a file the program writes
    QHash<QString, OptionRefusal> refused; // option (as parsed: "-i", "--login") → refusal
    QString withoutCommand; // Wrapper: why it is refused without a command ("" = runs nothing)
};

// The verdict of the catalogue on one effective command (wrappers already peeled off).
struct CatalogueVerdict final {
    enum class Kind { Known, Refused, Unknown };
    Kind kind = Kind::Unknown;
    QString rule;   // "unknown-program", "unknown-subcommand", "hidden-code", ...
    QString reason; // a sentence naming the program, subcommand or option
};

// The one table that classifies every program the policy lets run (a pure value). A
// program given by path is only itself when the path is a system directory
// (/usr/bin/qm is qm, /tmp/qm is an unknown program).
class ProgramCatalogue final {
public:
    static const ProgramCatalogue &builtIn();

    // The entry for argv[0] (by base name, after the path check), or nullptr.
    const ProgramEntry *find(const QString &program) const;
    CatalogueVerdict judge(const QList<CommandWord> &argv) const;
    QStringList names(ProgramKind kind) const;
    static bool inSystemDirectory(const QString &program);
    static QString unknownReason(const QString &program);
    // Why assigning this environment variable is refused (LD_PRELOAD, BASH_ENV, PS4, ...), or
    // an empty string. `value` is the assigned text (PATH may only be extended).
    static QString variableRefusal(const QString &name, const QString &value);

private:
    ProgramCatalogue();
    CatalogueVerdict judgeArguments(const ProgramEntry &entry,
                                    const QList<CommandWord> &argv) const;
    CatalogueVerdict judgeSubcommand(const ProgramEntry &entry,
                                     const QList<CommandWord> &argv) const;

    QHash<QString, ProgramEntry> m_entries;
};

} // namespace pmcp
