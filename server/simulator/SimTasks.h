#pragma once

#include "shared/core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QTimer;

namespace pmcp {

struct SimTask final {
    QString upid;
    QString node;
    quint32 pid = 0;
    quint32 pstart = 0;
    qint64 starttime = 0;
    QString type;
    QString id;
    QString authId; // user@realm or user@realm!tokenid
    QStringList log;
    bool running = true;
    QString exitstatus;
    qint64 endtime = 0;

    QJsonObject statusJson() const;
    QJsonObject listJson() const;
    bool failed() const { return !running && exitstatus != QLatin1String("OK"); }
};

// The simulator's workers: each gets a real UPID, runs for a realistic time (scaled), writes a
// log and ends with TASK OK or TASK ERROR: msg. The work runs when the task ends, so its errors
// (e.g. "VM 100 already running") become the exit status, as in a Proxmox worker.
class SimTasks final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimTasks)
public:
    struct Spec {
        QString node;
        QString type;
        QString id;
        QString authId;
        int durationMs = 1000;                     // before scaling
        QStringList log;                           // lines written while the task runs
        std::function<Result<QStringList>()> work; // at the end; extra log lines or the error
        std::function<void()> cleanup;             // always, after work or on a stop
    };

    explicit SimTasks(double timeScale, QObject *parent = nullptr);
    ~SimTasks() override;

    QString start(Spec spec);
    // A finished task from the past, for the demo history.
    void addHistory(const SimTask &task);
    const SimTask *find(const QString &upid) const;
    // Stops a running task: it ends with "interrupted by signal".
    Result<void> stop(const QString &upid);
    QList<const SimTask *> all() const; // newest first
    int runningCount() const;

    static QString makeUpid(const QString &node, quint32 pid, quint32 pstart, qint64 starttime,
                            const QString &type, const QString &id, const QString &authId);
    static bool isValidUpid(const QString &upid);

signals:
    void taskFinished(const QString &upid, const QString &exitstatus);

private:
    struct Running;
    void finish(const QString &upid);
    void end(SimTask &task, const QString &exitstatus);
    SimTask *findMutable(const QString &upid);

    double m_timeScale;
    quint32 m_nextPid;
    QList<SimTask> m_tasks;
    QList<std::shared_ptr<Running>> m_running;
};

} // namespace pmcp
