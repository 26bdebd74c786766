#pragma once

#include "server/policy/ShellWord.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace pmcp {

// What a simple command really runs once wrappers are peeled off.
struct UnwrappedCommands final {
    QList<QList<CommandWord>> commands; // the programs that run, with their arguments
    QStringList scripts; // shell code run by the command (sh -c, env -S, watch, ssh, trap)
    QString denyRule;    // set when the command is refused whatever the rules say
    QString denyReason;
};

// Peels wrappers (sudo, env, nice, ionice, nohup, timeout, stdbuf, time, command, builtin,
// chroot, setsid, flock, nsenter, systemd-run, runuser, watch, ssh, xargs, busybox,
// find -exec/-delete, sh -c) off a command and refuses what the policy cannot see through:
// eval/source/exec, a program only known at run time, sudo -i/-s, inline interpreter code.
class CommandUnwrapper final {
public:
    static UnwrappedCommands unwrap(const QList<CommandWord> &argv, bool dangerousEnabled);

private:
    struct Wrapper {
        QStringList valued;  // options that take the next word as their value
        int positionals = 0; // operands before the wrapped command (timeout DURATION, ...)
    };

    explicit CommandUnwrapper(bool dangerousEnabled);
    static const QHash<QString, Wrapper> &wrapperTable();
    void unwrapInto(QList<CommandWord> argv, int depth);
    bool deny(const QString &rule, const QString &reason);
    qsizetype skipOptions(const QList<CommandWord> &argv, const Wrapper &wrapper) const;
    bool handleSudo(QList<CommandWord> &argv);
    bool handleEnv(QList<CommandWord> &argv);
    bool handleShell(const QList<CommandWord> &argv);
    bool handleSpecial(const QString &program, QList<CommandWord> &argv, int depth);
    bool handleRunner(const QString &program, const QList<CommandWord> &argv, int depth);
    void handleFind(const QList<CommandWord> &argv, int depth);
    void handleInterpreter(const QString &program, const QList<CommandWord> &argv);
    QString joined(const QList<CommandWord> &argv, qsizetype from);

    bool m_dangerous = false;
    UnwrappedCommands m_out;
};

} // namespace pmcp
