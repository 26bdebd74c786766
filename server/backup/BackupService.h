#pragma once

#include "server/backup/BackupOperations.h"
#include "shared/core/Result.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>

namespace pmcp {

class EventBus;

// The daemon's backups, off the event loop: one operation at a time (create, verify or
// restore) runs on a worker thread; its progress and end go to the admin event stream as
// backup.progress and backup.finished, and to the caller's callback on the event loop.
class BackupService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupService)
public:
    // What a finished operation answers: ok, or the error with its code.
    struct Outcome {
        bool ok = false;
        ErrorCode code = ErrorCode::Internal;
        QJsonObject result; // the operation's answer fields, or {"message": …}
    };
    using Done = std::function<void(const Outcome &)>;

    BackupService(Config config, QString configPath, EventBus *events, QObject *parent = nullptr);
    ~BackupService() override;

    BackupStore store() const { return m_operations.store(); }
    bool busy() const { return m_busy; }

    // Each returns Conflict at once when an operation is running; done runs on the event loop.
    Result<void> create(Done done = {});
    Result<void> verify(const QString &name, Done done = {});
    Result<void> restore(const QString &name, const QStringList &parts, Done done = {});

signals:
    // After a restore changed the state (the daemon re-reads what it holds open).
    void restored(const QStringList &parts, bool configRestored);

private:
    using Work = std::function<Outcome(const BackupOperations::Progress &)>;
    Result<void> run(const QString &operation, const QString &name, Work work, Done done);
    void progress(const QString &operation, const QString &name, const QString &step, int percent);

    BackupOperations m_operations;
    QPointer<EventBus> m_events;
    bool m_busy = false;
    QThread *m_worker = nullptr;
    QString m_lastStep;
    int m_lastPercent = -1;
};

} // namespace pmcp
