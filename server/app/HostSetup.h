#pragma once

#include "server/app/HostSetupPlan.h"

#include <QList>
#include <QString>

namespace pmcp {

class CommandExecutor;

// Runs a HostSetupPlan through a CommandExecutor (SSH as root, or local): each step's check
// first, so that a second run changes nothing; a dry run only checks; undo goes backwards and
// takes back only what is ours. Blocking (a local event loop per command): for the CLI.
class HostSetup final {
public:
    enum class Mode { Apply, DryRun, Undo, UndoDryRun };
    struct Outcome {
        enum class State { Unchanged, Done, WouldDo, Undone, NothingToUndo, WouldUndo, Failed };
        QString name;
        QString summary;
        State state = State::Failed;
        QString error; // for Failed: what the host said
    };

    explicit HostSetup(CommandExecutor &executor, int timeoutMs = 120000);

    // Stops at the first failure, which is the last outcome.
    QList<Outcome> run(const QList<HostSetupStep> &steps, Mode mode);
    // "done", "unchanged", "would change", ...
    static QString stateName(Outcome::State state);

private:
    struct Ran {
        bool ok = false;
        bool broken = false; // no answer (connection, timeout): not a "no"
        QString error;
    };
    Ran execute(const QString &command);
    Outcome step(const HostSetupStep &step, Mode mode);

    CommandExecutor &m_executor;
    int m_timeoutMs;
};

} // namespace pmcp
