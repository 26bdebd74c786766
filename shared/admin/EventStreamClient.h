#pragma once

#include "shared/admin/AdminTypes.h"
#include "shared/admin/SseParser.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace pmcp::admin {

class AdminClient;

// The daemon's event stream (GET /api/admin/events) kept open: events parsed as they arrive,
// and after the connection is lost (the daemon restarted, the network went away, nothing came
// for too long) reconnection with a growing delay, sending Last-Event-ID so the daemon replays
// what was missed. online() and offline() tell the window whether it shows live data.
class EventStreamClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStreamClient)
public:
    // The daemon writes a keep-alive comment every 15 s: three missed ones mean it is gone.
    static constexpr int kDefaultStallTimeoutMs = 45000;
    // The first retry comes soon (a restart takes about a second); later ones back off to
    // half a minute, so a daemon that stays down is not asked ten times a second.
    static constexpr int kDefaultFirstRetryMs = 500;
    static constexpr int kDefaultMaxRetryMs = 30000;

    explicit EventStreamClient(AdminClient *client, QObject *parent = nullptr);
    ~EventStreamClient() override;

    // Opens the stream; with an id, the daemon first replays the events after it.
    void start(const QString &lastEventId = {});
    void stop();

    bool isOnline() const { return m_state == State::Online; }
    QString lastEventId() const { return m_lastEventId; }
    // The delay before the next reconnection attempt.
    int retryDelayMs() const { return m_delayMs; }

    void setRetryDelays(int firstMs, int maxMs);
    void setStallTimeout(int ms);

signals:
    void online();
    // Once per outage, with the sentence saying why.
    void offline(const QString &reason);
    void eventReceived(const pmcp::admin::Event &event);
    // The daemon no longer had every event after the id we sent: reload the state.
    void resyncNeeded(const QString &reason);

private:
    enum class State { Stopped, Connecting, Online, Offline };

    void connectNow();
    void readAvailable();
    void connectionEnded();
    void goOffline(const QString &reason);

    QPointer<AdminClient> m_client;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    State m_state = State::Stopped;
    QString m_lastEventId;
    int m_firstRetryMs = kDefaultFirstRetryMs;
    int m_maxRetryMs = kDefaultMaxRetryMs;
    int m_delayMs = kDefaultFirstRetryMs;
    QTimer m_retry;
    QTimer m_stall;
};

} // namespace pmcp::admin
