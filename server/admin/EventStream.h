#pragma once

#include "server/events/EventBus.h"
#include "server/http/HttpResponse.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace pmcp {

// One open GET /api/admin/events: replays what the client missed (after its Last-Event-ID,
// with a resync event first when some of that was dropped), then writes each new event as it
// is published and a keep-alive comment when quiet. Writing never waits for the client; the
// stream ends when the client goes (closed()).
class EventStream final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStream)
public:
    // Quiet streams get a comment this often, so proxies and clients keep the connection.
    static constexpr int kDefaultKeepAliveMs = 15000;

    // after: the last id the client has; 0 = a new client (nothing is replayed).
    EventStream(EventBus *bus, std::shared_ptr<HttpReply> reply, qint64 after, int keepAliveMs,
                QObject *parent = nullptr);

    // "id: N\nevent: TYPE\ndata: {…}\n\n"
    static QByteArray format(const AdminEvent &event);

signals:
    void closed();

private:
    void write(const QByteArray &chunk);

    std::shared_ptr<HttpReply> m_reply;
    QTimer m_keepAlive;
    bool m_closed = false;
};

} // namespace pmcp
