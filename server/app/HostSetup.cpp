#include "server/app/HostSetup.h"

#include "server/exec/CommandExecutor.h"

#include <QEventLoop>

#include <algorithm>

namespace pmcp {

HostSetup::HostSetup(CommandExecutor &executor, int timeoutMs)
    : m_executor(executor)
    , m_timeoutMs(timeoutMs)
{}

QString HostSetup::stateName(Outcome::State state)
{
    switch (state) {
    case Outcome::State::Unchanged:
        return QStringLiteral("unchanged (already in place)");
    case Outcome::State::Done:
        return QStringLiteral("done");
    case Outcome::State::WouldDo:
        return QStringLiteral("would be made (dry run)");
    case Outcome::State::Undone:
        return QStringLiteral("removed");
    case Outcome::State::NothingToUndo:
        return QStringLiteral("nothing of ours to remove");
    case Outcome::State::WouldUndo:
        return QStringLiteral("would be removed (dry run)");
    case Outcome::State::Failed:
        break;
    }
    return QStringLiteral("FAILED");
}

HostSetup::Ran HostSetup::execute(const QString &command)
{
    Ran ran;
    bool finished = false;
    QEventLoop loop;
    m_executor.run(command, m_timeoutMs, [&](const CommandResult &result) {
        ran.ok = result.status == CommandResult::Status::Success;
        ran.broken = result.status != CommandResult::Status::Success &&
                     result.status != CommandResult::Status::NonZeroExit;
        if (!ran.ok) {
            ran.error = !result.error.isEmpty() ? result.error
                                                : QString::fromUtf8(result.stderrData).trimmed();
            if (ran.error.isEmpty())
                ran.error = QStringLiteral("exit status %1").arg(result.exitStatus);
        }
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return ran;
}

HostSetup::Outcome HostSetup::step(const HostSetupStep &step, Mode mode)
{
    Outcome outcome{step.name, step.summary, Outcome::State::Failed, {}};
    const bool undoing = mode == Mode::Undo || mode == Mode::UndoDryRun;
    // A check that exits non-zero means "not in place" (or "nothing of ours"); one that got no
    // answer at all is a failure.
    const Ran present = execute(undoing ? step.undoCheck : step.check);
    if (present.broken) {
        outcome.error = present.error;
        return outcome;
    }
    if (undoing) {
        if (!present.ok) {
            outcome.state = Outcome::State::NothingToUndo;
            return outcome;
        }
    } else if (present.ok) {
        outcome.state = Outcome::State::Unchanged;
        return outcome;
    }
    if (mode == Mode::DryRun || mode == Mode::UndoDryRun) {
        outcome.state = undoing ? Outcome::State::WouldUndo : Outcome::State::WouldDo;
        return outcome;
    }
    const Ran changed = execute(undoing ? step.undo : step.apply);
    if (!changed.ok) {
        outcome.error = changed.error;
        return outcome;
    }
    // The change must show: the check agrees, or the step failed however the command exited.
    const Ran after = execute(undoing ? step.undoCheck : step.check);
    if (after.ok == undoing) {
        outcome.error = QStringLiteral("the command succeeded but the check does not agree");
        return outcome;
    }
    outcome.state = undoing ? Outcome::State::Undone : Outcome::State::Done;
    return outcome;
}

QList<HostSetup::Outcome> HostSetup::run(const QList<HostSetupStep> &steps, Mode mode)
{
    QList<HostSetupStep> ordered = steps;
    if (mode == Mode::Undo || mode == Mode::UndoDryRun)
        std::reverse(ordered.begin(), ordered.end());
    QList<Outcome> outcomes;
    for (const HostSetupStep &each : ordered) {
        outcomes.append(step(each, mode));
        if (outcomes.last().state == Outcome::State::Failed)
            break;
    }
    return outcomes;
}

} // namespace pmcp
