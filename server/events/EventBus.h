#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <deque>
#include <functional>

namespace pmcp {

// What the desktop and the tray react to (docs/ADMIN-API.md lists each type and its data).
namespace EventType {
inline constexpr char HealthChanged[] = "health.changed";
inline constexpr char ClientRequested[] = "client.requested";
inline constexpr char ClientApproved[] = "client.approved";
inline constexpr char ClientRejected[] = "client.rejected";
inline constexpr char ClientRevoked[] = "client.revoked";
inline constexpr char ClientExpired[] = "client.expired";
inline constexpr char ConfigApplied[] = "config.applied";
inline constexpr char ConfigRolledBack[] = "config.rolled_back";
inline constexpr char CommandDenied[] = "command.denied";
inline constexpr char BackupProgress[] = "backup.progress";
inline constexpr char BackupFinished[] = "backup.finished";
inline constexpr char AlertRaised[] = "alert.raised";
inline constexpr char AlertCleared[] = "alert.cleared";
inline constexpr char RotationStep[] = "rotation.step";
inline constexpr char RotationFinished[] = "rotation.finished";
} // namespace EventType

struct AdminEvent final {
    qint64 id = 0;
    QString type;
    QDateTime time; // UTC
    QJsonObject data;

    // {"id": …, "type": …, "time": ISO 8601, "data": {…}}
    QJsonObject toJson() const;
};

// The daemon's events, kept in memory for the admin event stream (GET /api/admin/events) and
// resumable by id (Last-Event-ID). Ids increase across restarts too (the first id of a run is
// its start time in milliseconds times 1000), so an id from an earlier run reads as "older
// than everything kept". Holds the newest `capacity` events. Lives on one thread.
class EventBus final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventBus)
public:
    using Clock = std::function<QDateTime()>;

    explicit EventBus(int capacity = 1000, QObject *parent = nullptr);

    // Returns the event's id and emits published().
    qint64 publish(const QString &type, const QJsonObject &data = {});

    // The kept events after lastId (0 = all kept). *complete (optional) says whether every
    // event after lastId is still kept: false when older ones were dropped meanwhile.
    QList<AdminEvent> since(qint64 lastId, bool *complete = nullptr) const;
    qint64 lastId() const { return m_nextId - 1; }
    int capacity() const { return m_capacity; }

    // For tests; the default is the system clock in UTC.
    void setClock(Clock clock);

signals:
    void published(const pmcp::AdminEvent &event);

private:
    int m_capacity;
    Clock m_clock;
    qint64 m_firstIdOfRun;
    qint64 m_nextId;
    std::deque<AdminEvent> m_events;
};

} // namespace pmcp
