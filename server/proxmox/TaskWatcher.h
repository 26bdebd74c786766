#pragma once

#include "server/proxmox/ProxmoxClient.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace pmcp {

// The end of a Proxmox task: exit status "OK", "WARNINGS: n" or the error text.
struct TaskOutcome final {
    QString upid;
    QString node;
    QString status;        // running or stopped
    QString exitStatus;    // empty while running
    bool ok = false;       // stopped with OK or WARNINGS
    bool timedOut = false; // the wait ended before the task did (the task goes on)
    QStringList logTail;   // last lines of the log (on failure or timeout)
};

// Follows one task (by UPID) until it ends or the wait times out: polls its status and
// reports new log lines as they appear (for MCP progress notifications).
class TaskWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskWatcher)
public:
    TaskWatcher(ProxmoxClient *client, QString upid, int timeoutMs, QObject *parent = nullptr);
    ~TaskWatcher() override;

    // Starts polling; finished() or failed() follows once (unless cancel() comes first).
    void start();
    // Stops following the task without a signal (the task itself goes on).
    void cancel();

    const QString &upid() const { return m_upid; }

signals:
    void logLines(const QStringList &lines, qint64 linesSoFar);
    void finished(const TaskOutcome &outcome);
    void failed(const ProxmoxError &error);

private:
    void poll();
    void onStatus(const ProxmoxResult &result);
    void fetchLog(bool final);
    void onLog(const ProxmoxResult &result, bool final);
    bool tolerate(const ProxmoxError &error); // a passing failure: poll again
    void scheduleNext();
    void finish(bool timedOut);
    void fail(const ProxmoxError &error);
    QString taskPath(const QString &leaf) const;

    QPointer<ProxmoxClient> m_client;
    QString m_upid;
    QString m_node;
    int m_timeoutMs;
    QTimer m_pollTimer;
    QTimer m_deadline;
    int m_intervalMs = 250;
    int m_failuresInRow = 0;
    qint64 m_linesSeen = 0;
    QStringList m_tail;
    QString m_status;
    QString m_exitStatus;
    bool m_active = false;
    // Replies of an earlier poll or of a cancelled watch must not act.
    quint64 m_generation = 0;
};

} // namespace pmcp
