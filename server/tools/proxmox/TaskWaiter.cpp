#include "server/tools/proxmox/TaskWaiter.h"

#include "server/mcp/ToolCall.h"
#include "server/proxmox/TaskWatcher.h"
#include "server/proxmox/Upid.h"

#include <QJsonArray>
#include <QPointer>

#include <algorithm>

namespace pmcp {

ToolResult TaskWaiter::resultOf(const TaskOutcome &outcome, const QJsonObject &extra)
{
    QJsonObject data = extra;
    data.insert(QStringLiteral("upid"), outcome.upid);
    data.insert(QStringLiteral("node"), outcome.node);
    data.insert(QStringLiteral("status"), outcome.status);
    data.insert(QStringLiteral("exitstatus"), outcome.exitStatus);
    data.insert(QStringLiteral("ok"), outcome.ok);
    data.insert(QStringLiteral("timed_out"), outcome.timedOut);
    if (!outcome.logTail.isEmpty())
        data.insert(QStringLiteral("log_tail"), QJsonArray::fromStringList(outcome.logTail));
    QString text;
    if (outcome.timedOut) {
        text = QStringLiteral("Task %1 is still running; the wait timed out. Follow it with "
                              "task_wait or task_status, or stop it with task_stop.")
                   .arg(outcome.upid);
    } else if (outcome.ok) {
        text = QStringLiteral("Task %1 finished: %2").arg(outcome.upid, outcome.exitStatus);
    } else {
        text = QStringLiteral("Task %1 failed: %2").arg(outcome.upid, outcome.exitStatus);
        if (!outcome.logTail.isEmpty())
            text += QStringLiteral("\nLog tail:\n") + outcome.logTail.join(QLatin1Char('\n'));
    }
    data.insert(QStringLiteral("message"), text);
    ToolResult result = ToolResult::structured(data, text);
    result.isError = !outcome.ok && !outcome.timedOut;
    return result;
}

ToolResult TaskWaiter::started(const QString &upid, const QJsonObject &extra)
{
    QJsonObject data = extra;
    const QString text =
        QStringLiteral("Task %1 started; follow it with task_wait or task_status.").arg(upid);
    data.insert(QStringLiteral("upid"), upid);
    data.insert(QStringLiteral("node"), Upid::nodeOf(upid));
    data.insert(QStringLiteral("status"), QStringLiteral("running"));
    data.insert(QStringLiteral("ok"), true);
    data.insert(QStringLiteral("message"), text);
    return ToolResult::structured(data, text);
}

QString TaskWaiter::stillRunning(const QString &upid)
{
    return QStringLiteral("The wait was cancelled; task %1 keeps running on node %2. Stop it "
                          "with task_stop (upid: %1), or follow it with task_wait.")
        .arg(upid, Upid::nodeOf(upid));
}

void TaskWaiter::follow(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client,
                        const QString &upid, int timeoutS, const QJsonObject &extra)
{
    auto *watcher = new TaskWatcher(client, upid, timeoutS * 1000, client);
    QPointer<TaskWatcher> guard(watcher);
    // Every notification names the task, so that a client that stops waiting can find it.
    auto step = std::make_shared<double>(0);
    call->progress(*step, std::nullopt,
                   QStringLiteral("Task %1 started; waiting for it to end.").arg(upid));
    QObject::connect(
        watcher, &TaskWatcher::logLines, watcher,
        [call, upid, step](const QStringList &lines, qint64 linesSoFar) {
            *step = std::max(*step + 1, double(linesSoFar));
            call->progress(*step, std::nullopt,
                           QStringLiteral("Task %1:\n").arg(upid) + lines.join(QLatin1Char('\n')));
            // For a client that watches the log (logging/setLevel info or lower).
            call->log(LogLevel::Info,
                      QJsonObject{{QStringLiteral("upid"), upid},
                                  {QStringLiteral("lines"), QJsonArray::fromStringList(lines)}});
        });
    QObject::connect(watcher, &TaskWatcher::finished, watcher,
                     [call, watcher, extra](const TaskOutcome &outcome) {
                         call->finish(resultOf(outcome, extra));
                         watcher->deleteLater();
                     });
    QObject::connect(
        watcher, &TaskWatcher::failed, watcher, [call, watcher, upid](const ProxmoxError &error) {
            call->finish(ToolResult::error(
                QStringLiteral("Following task %1 failed: %2").arg(upid, error.describe())));
            watcher->deleteLater();
        });
    call->onCancel([guard, call, upid, step] {
        const QString words = stillRunning(upid);
        call->progress(*step + 1, std::nullopt, words);
        call->log(LogLevel::Warning,
                  QJsonObject{{QStringLiteral("message"), words}, {QStringLiteral("upid"), upid}});
        if (guard) {
            guard->cancel();
            guard->deleteLater();
        }
    });
    watcher->start();
}

} // namespace pmcp
