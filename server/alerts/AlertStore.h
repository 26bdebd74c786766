#pragma once

#include "server/alerts/Alert.h"
#include "shared/core/Result.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

namespace pmcp {

// The alerts' state on disk, STATE_DIR/alerts/alerts.json (mode 0600, written atomically with
// AtomicFile on every change): the deliveries waiting for a retry, the recent alerts with what
// became of each delivery, and the active conditions, so a restart neither loses a queued alert
// nor announces a known condition twice.
class AlertStore final {
public:
    struct Delivery {
        QString channel;
        Alert alert;
        int attempts = 0;
        QDateTime nextAttempt; // UTC
        QString lastError;
    };
    struct Recent {
        Alert alert;
        QMap<QString, QString> channels; // channel -> queued, sent, retrying: …, failed: …
    };
    struct State {
        QList<Delivery> queue; // oldest first
        QList<Recent> recent;  // newest last, at most kRecentKept
        QList<Alert> active;
        qint64 dropped = 0; // deliveries dropped because the queue was full, ever
    };

    // What a person scrolling back wants to see; the audit log keeps the rest.
    static constexpr int kRecentKept = 200;

    explicit AlertStore(const QString &stateDir);
    QString path() const { return m_path; }

    // An empty state when there is no file; an error when it cannot be read or parsed.
    Result<State> load() const;
    Result<void> save(const State &state) const;

private:
    QString m_stateDir;
    QString m_path;
};

} // namespace pmcp
