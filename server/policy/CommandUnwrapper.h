#pragma once

#include "server/policy/ProgramCatalogue.h"
#include "server/policy/ShellWord.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pmcp {

// Where an effective command runs, when a wrapper moved it (env -C, sudo -D, chroot, ...).
struct CommandContext final {
    QString cwd;          // a literal absolute directory a wrapper set ("" = the line's)
    bool cwdLost = false; // a wrapper moved it somewhere the policy cannot know
    QString root;         // a new root directory: absolute paths of the command live under it
    bool wrapper = false; // the wrapper itself (sudo, su, ...): judged by the deny rules only
};

// What a simple command really runs once wrappers are peeled off.
struct UnwrappedCommands final {
    QList<QList<CommandWord>> commands; // the programs that run, with their arguments
    QList<CommandContext> contexts;     // one per command
    QStringList scripts; // shell code run by the command (sh -c, env -S, watch, ssh, su -c)
    QList<CommandContext> scriptContexts; // one per script
    QList<CommandWord> writes;   // files the wrappers themselves write (strace -o, script FILE)
    QList<CommandWord> executes; // files run as programs or scripts (bash FILE, python FILE)
    QString denyRule;            // set when the command is refused whatever the rules say
    QString denyReason;
};

// Peels wrappers off a command using the option grammars of the program catalogue (sudo,
// env, nice, ionice, nohup, timeout, stdbuf, time, command, builtin, chroot, setsid, unshare,
// strace, ltrace, chrt, taskset, flock, nsenter, systemd-run, su, runuser, script, watch, ssh,
// xargs, find -exec/-delete, ip netns/vrf exec, busybox, sh -c) and refuses what the policy
// cannot see through: an option a grammar does not know, eval/source/exec, a program only
// known at run time, a shell or interpreter reading its program from its input, builtins
// that evaluate text (let, trap, printf -v/read/declare into an array subscript, mapfile -C,
// complete -C, enable), inline interpreter code (unless dangerous commands are enabled).
class CommandUnwrapper final {
public:
    static UnwrappedCommands unwrap(const QList<CommandWord> &argv, bool dangerousEnabled);

private:
    explicit CommandUnwrapper(bool dangerousEnabled);
    void unwrapInto(QList<CommandWord> argv, int depth, CommandContext context);
    bool deny(const QString &rule, const QString &reason);
    void addCommand(const QList<CommandWord> &argv, const CommandContext &context);
    void addWrapper(const QList<CommandWord> &argv, const CommandContext &context);
    void addScript(const CommandWord &code, const QString &program, const CommandContext &context);
    bool handleDoors(const QString &program, const QList<CommandWord> &argv);
    bool handleBuiltin(const QString &program, const QList<CommandWord> &argv);
    bool handleWrapper(const ProgramEntry &entry, QList<CommandWord> &argv,
                       CommandContext &context);
    bool wrapperSpecials(const QString &program, const ParsedOptions &parsed,
                         QList<CommandWord> &rest, CommandContext &context);
    bool checkSubscripts(const QString &program, const QList<CommandWord> &names);
    bool handleSsh(const ProgramEntry &entry, const QList<CommandWord> &argv,
                   const CommandContext &context);
    bool handleXargs(const ProgramEntry &entry, const QList<CommandWord> &argv,
                     const CommandContext &context, int depth);
    bool handleShell(const ProgramEntry &entry, const QList<CommandWord> &argv,
                     const CommandContext &context);
    void handleInterpreter(const QString &program, const QList<CommandWord> &argv);
    void handleFind(const QList<CommandWord> &argv, int depth, const CommandContext &context);
    bool handleIp(const QList<CommandWord> &argv, int depth, const CommandContext &context);
    bool handleGuestExec(const QString &program, const QList<CommandWord> &argv, int depth,
                         const CommandContext &context);
    bool checkAssignment(const CommandWord &word);
    static QString joined(const QList<CommandWord> &argv, qsizetype from);

    bool m_dangerous = false;
    UnwrappedCommands m_out;
};

} // namespace pmcp
