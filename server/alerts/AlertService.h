#pragma once

#include "server/alerts/AlertChannel.h"
#include "server/alerts/AlertEngine.h"
#include "server/alerts/AlertStore.h"
#include "shared/core/Result.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

class QThread;

namespace pmcp {

class EventBus;

// Alerts from the engine to the channels (docs/ALERTS.md). Each alert is published on the admin
// event stream (alert.raised / alert.cleared), kept among the recent ones, and queued once per
// channel in STATE_DIR/alerts/alerts.json; deliveries run one at a time on a worker thread (the
// libcurl transport blocks), a failed one is retried with a doubling delay, and the queue holds
// at most queueMax deliveries (the oldest dropped first). After a restart the queue is tried
// again at once.
class AlertService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertService)
public:
    struct Options {
        QString stateDir;
        QList<AlertChannel> channels;
        int queueMax = 500;
        qint64 authFailureBurst = 20;
        QString host; // named in every message; default: this machine's host name
    };
    using Done = std::function<void(const Result<void> &)>;
    using Clock = std::function<QDateTime()>;

    AlertService(Options options, EventBus *events, QObject *parent = nullptr);
    ~AlertService() override; // waits for a delivery in flight (at most the transfer timeout)

    AlertEngine &engine() { return m_engine; }
    const QList<AlertChannel> &channels() const { return m_options.channels; }
    int queueMax() const { return m_options.queueMax; }
    // The ALERT_* keys of a reloaded configuration, without a restart: the channels (a queued
    // delivery goes to its channel as it is configured when it is attempted, and is dropped when
    // its channel was removed), the queue's bound (the oldest dropped when it is now over it) and
    // the burst of refused tokens that raises auth.failures.
    void reconfigure(QList<AlertChannel> channels, int queueMax, qint64 authFailureBurst);
    // Publishes, records and queues one alert for every channel.
    void submit(const Alert &alert);
    // Sends a test alert to one channel now, outside the queue (no retry); done on the event
    // loop. NotFound when the channel is not configured.
    Result<void> sendTest(const QString &channel, Done done);
    // {"channels": [...], "active": [...], "recent": [... newest first, at most limit],
    //  "queued": n, "dropped": n}
    QJsonObject toJson(int limit) const;
    int queued() const { return int(m_state.queue.size()); }
    // Why the state file could not be read at start or written last; "" when fine.
    QString problem() const { return m_problem; }

    // Retry delays: first, doubled per failure up to max (tests shorten them).
    void setRetryDelays(qint64 firstMs, qint64 maxMs);
    void setClock(Clock clock) { m_clock = std::move(clock); }

    // The first retry waits 10 s, then doubling up to 15 minutes; after 16 failed attempts
    // (about 2.5 hours) the delivery is given up and recorded as failed.
    static constexpr qint64 kFirstRetryMs = 10'000;
    static constexpr qint64 kMaxRetryMs = 15 * 60'000;
    static constexpr int kMaxAttempts = 16;
    // A webhook or a mail server that has not answered within this is down for this attempt.
    static constexpr int kTransferTimeoutMs = 30'000;

signals:
    // A delivery attempt ended (tests, logs).
    void attempted(const QString &alertId, const QString &channel, bool ok, const QString &error);

private:
    void pump();
    // Drops the oldest deliveries while the queue holds more than queueMax.
    void trimQueue();
    void finished(const QString &alertId, const QString &channel, const Result<void> &result);
    void recordRecent(const QString &alertId, const QString &channel, const QString &status);
    void save();
    // Runs work on a new worker thread; then runs done on the event loop.
    void runOff(std::function<Result<void>()> work, std::function<void(Result<void>)> done);
    void reapThreads();

    Options m_options;
    QPointer<EventBus> m_events;
    AlertEngine m_engine;
    AlertStore m_store;
    AlertStore::State m_state;
    QString m_problem;
    Clock m_clock;
    qint64 m_firstRetryMs = kFirstRetryMs;
    qint64 m_maxRetryMs = kMaxRetryMs;
    bool m_inFlight = false;
    QTimer m_retryTimer;
    std::vector<QThread *> m_threads;
};

} // namespace pmcp
