#include "server/exec/LocalExecutor.h"

#include "shared/core/CommandBytes.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTimer>

#include <memory>

#include <csignal>
#include <unistd.h>

namespace pmcp {

namespace {

struct LocalRun final {
    CommandResult result;
    QElapsedTimer clock;
    bool timedOut = false;
    bool done = false;
    CommandExecutor::Callback callback;
};

void appendCapped(QByteArray &target, bool &truncated, const QByteArray &data, qsizetype cap)
{
    const qsizetype room = cap - target.size();
    if (data.size() > room) {
        truncated = true;
        if (room > 0)
            target.append(data.left(room));
        return;
    }
    target.append(data);
}

void killGroup(QProcess *process)
{
    const qint64 pid = process->processId();
    if (pid > 0)
        ::kill(-pid_t(pid), SIGKILL);
}

void readOutput(QProcess *process, LocalRun &run, qsizetype cap)
{
    appendCapped(run.result.stdoutData, run.result.stdoutTruncated,
                 process->readAllStandardOutput(), cap);
    appendCapped(run.result.stderrData, run.result.stderrTruncated, process->readAllStandardError(),
                 cap);
}

// Reports once, then lets the process object go.
void complete(QProcess *process, LocalRun &run, CommandResult::Status status, int exitStatus,
              const QString &error)
{
    if (run.done)
        return;
    run.done = true;
    run.result.status = status;
    run.result.exitStatus = exitStatus;
    run.result.error = error;
    run.result.durationMs = run.clock.elapsed();
    process->deleteLater();
    run.callback(run.result);
}

} // namespace

LocalExecutor::LocalExecutor(int defaultTimeoutMs, qsizetype outputCap, QObject *parent)
    : QObject(parent)
    , m_defaultTimeoutMs(defaultTimeoutMs)
    , m_outputCap(outputCap)
{}

LocalExecutor::~LocalExecutor()
{
    for (QProcess *process : findChildren<QProcess *>()) {
        process->disconnect();
        killGroup(process);
        process->waitForFinished(1000);
    }
}

QString LocalExecutor::describe() const
{
    return QStringLiteral("local");
}

void LocalExecutor::run(const QString &commandLine, int timeoutMs, Callback callback)
{
    if (timeoutMs <= 0)
        timeoutMs = m_defaultTimeoutMs;
    // Behind the policy's door, a second one: execve would cut the argument at a NUL.
    if (const auto refused = CommandBytes::refusal(commandLine)) {
        CommandResult denied;
        denied.status = CommandResult::Status::Denied;
        denied.error = QStringLiteral("refused before running: %1").arg(refused->reason);
        QMetaObject::invokeMethod(
            this, [denied, callback = std::move(callback)] { callback(denied); },
            Qt::QueuedConnection);
        return;
    }
    auto state = std::make_shared<LocalRun>();
    state->callback = std::move(callback);
    state->clock.start();
    auto *process = new QProcess(this);
    // A process group of its own, so that the timeout ends the command's children too.
    process->setChildProcessModifier([] { ::setsid(); });
    const qsizetype cap = m_outputCap;
    connect(process, &QProcess::readyReadStandardOutput, process,
            [process, state, cap] { readOutput(process, *state, cap); });
    connect(process, &QProcess::readyReadStandardError, process,
            [process, state, cap] { readOutput(process, *state, cap); });
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, process, [process, state] {
        state->timedOut = true;
        killGroup(process);
    });
    connect(process, &QProcess::finished, process,
            [process, state, timeoutMs, cap](int exitCode, QProcess::ExitStatus exitStatus) {
                readOutput(process, *state, cap);
                if (state->timedOut)
                    complete(process, *state, CommandResult::Status::Timeout, -1,
                             QStringLiteral("the command did not finish within %1 ms and was "
                                            "killed")
                                 .arg(timeoutMs));
                else if (exitStatus == QProcess::CrashExit)
                    complete(process, *state, CommandResult::Status::NonZeroExit, -1,
                             QStringLiteral("the command was killed by a signal"));
                else
                    complete(process, *state,
                             exitCode == 0 ? CommandResult::Status::Success
                                           : CommandResult::Status::NonZeroExit,
                             exitCode, QString());
            });
    connect(process, &QProcess::errorOccurred, process,
            [process, state](QProcess::ProcessError error) {
                if (error == QProcess::FailedToStart)
                    complete(process, *state, CommandResult::Status::ConnectionFailure, -1,
                             QStringLiteral("cannot start /bin/sh"));
            });
    timer->start(timeoutMs);
    // QProcess hands arguments to execve as UTF-8: the bytes CommandBytes::encode gives.
    process->start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), commandLine});
}

} // namespace pmcp
