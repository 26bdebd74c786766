#pragma once

#include "server/alerts/Alert.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <functional>
#include <optional>
#include <utility>

namespace pmcp {

struct AdminEvent;

// Decides when something is worth an alert (docs/ALERTS.md): it evaluates the daemon's state
// periodically (the health checks, each Proxmox target and its nodes, refused tokens, credential
// ages) and looks at the admin events as they come (denied commands, clients asking for access,
// backups). A condition gives one `raised` alert until it clears, then one `cleared` (the
// recovery notice); a one-off notice of the same key is sent at most once per quiet period, the
// ones in between counted. Delivery is someone else's: it emits alert().
class AlertEngine final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertEngine)
public:
    struct Check {
        QString name, status, detail; // status as /health says it: ok, warn, fail, disabled
    };
    struct Target {
        QString name, status, detail; // a Proxmox target: ok, warn, fail
        QStringList offlineNodes;     // cluster nodes the target reports offline
    };
    struct Credential {
        QString name; // "SSH key", "Proxmox API token"
        qint64 ageDays = 0;
        int rotationDays = 90;
    };
    // What one evaluation looks at; each part may be empty (not known to this daemon).
    struct Snapshot {
        QList<Check> checks;
        QList<Target> targets;
        std::optional<qint64> authFailuresTotal; // refused bearer tokens since the start
        QList<Credential> credentials;
    };
    using Source = std::function<Snapshot()>;
    using Clock = std::function<QDateTime()>;

    // Refused tokens within kAuthWindowSeconds that raise auth.failures (0: never).
    explicit AlertEngine(qint64 authFailureBurst, QObject *parent = nullptr);

    void setSource(Source source) { m_source = std::move(source); }
    // ALERT_AUTH_FAILURES changed by a reload: from the next evaluation on.
    void setAuthFailureBurst(qint64 burst) { m_authFailureBurst = burst; }
    qint64 authFailureBurst() const { return m_authFailureBurst; }
    int intervalMs() const { return m_timer.interval(); }
    void setClock(Clock clock) { m_clock = std::move(clock); } // tests; default: system UTC
    // Evaluates now and then every intervalMs.
    void start(int intervalMs);

    void evaluate(); // the source's snapshot
    void evaluate(const Snapshot &snapshot);
    // An admin event: command.denied, client.requested and backup.finished give alerts,
    // health.changed an evaluation on the next turn of the event loop.
    void observe(const AdminEvent &event);

    // A condition: one `raised` until clear(key); a higher severity while active raises again.
    void raise(const QString &key, Alert::Severity severity, const QString &title,
               const QString &message);
    // The recovery notice, when key was active.
    void clear(const QString &key, const QString &message);
    // A one-off notice; the same key again within kNoticeQuietSeconds is only counted.
    void notice(const QString &key, Alert::Severity severity, const QString &title,
                const QString &message);

    // The conditions now active, oldest first.
    QList<Alert> active() const;
    bool isActive(const QString &key) const { return m_active.contains(key); }
    // Conditions that were active when the daemon stopped (the persisted state): they stay
    // active without a new alert, and clear with a recovery notice.
    void restoreActive(const QList<Alert> &alerts);

    // Why these values: five minutes is what a person notices as "a burst"; one notice per key
    // per five minutes keeps a looping client from flooding the channels.
    static constexpr qint64 kAuthWindowSeconds = 300;
    static constexpr qint64 kNoticeQuietSeconds = 300;

signals:
    void alert(const pmcp::Alert &alert);

private:
    Alert make(Alert::Kind kind, const QString &key, Alert::Severity severity, const QString &title,
               const QString &message) const;
    void evaluateChecks(const QList<Check> &checks);
    void evaluateTargets(const QList<Target> &targets);
    void evaluateAuthFailures(qint64 total);
    void evaluateCredentials(const QList<Credential> &credentials);
    // Clears every active key with this prefix that is not in keep.
    void clearOthers(const QString &prefix, const QStringList &keep, const QString &message);

    qint64 m_authFailureBurst;
    Source m_source;
    Clock m_clock;
    QTimer m_timer;
    bool m_evaluationQueued = false;
    QHash<QString, Alert> m_active;
    struct Quiet {
        QDateTime last;
        int suppressed = 0;
    };
    QHash<QString, Quiet> m_notices;
    std::deque<std::pair<QDateTime, qint64>> m_authSamples;
};

} // namespace pmcp
