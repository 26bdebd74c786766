#include "server/admin/EventStream.h"

#include <QJsonDocument>
#include <QPointer>

namespace pmcp {

EventStream::EventStream(EventBus *bus, std::shared_ptr<HttpReply> reply, qint64 after,
                         int keepAliveMs, QObject *parent)
    : QObject(parent)
    , m_reply(std::move(reply))
{
    m_reply->startStream(200, {{"Content-Type", "text/event-stream"},
                               {"Cache-Control", "no-cache"},
                               {"X-Accel-Buffering", "no"}});
    // The client may go at any time; the reply outlives this stream only as a shared pointer.
    QPointer<EventStream> self(this);
    m_reply->onClosed([self] {
        if (self && !self->m_closed) {
            self->m_closed = true;
            self->m_keepAlive.stop();
            emit self->closed();
        }
    });
    write(QByteArrayLiteral(": connected\n\n"));
    if (after > 0) {
        bool complete = true;
        const QList<AdminEvent> missed = bus->since(after, &complete);
        if (!complete) {
            // No id: the client keeps its Last-Event-ID until a real event comes.
            const QJsonObject resync{
                {QStringLiteral("type"), QStringLiteral("resync")},
                {QStringLiteral("data"),
                 QJsonObject{{QStringLiteral("after"), QString::number(after)},
                             {QStringLiteral("reason"),
                              QStringLiteral("events after this id are no longer kept: reload "
                                             "the state")}}}};
            write("event: resync\ndata: " + QJsonDocument(resync).toJson(QJsonDocument::Compact) +
                  "\n\n");
        }
        for (const AdminEvent &event : missed)
            write(format(event));
    }
    connect(bus, &EventBus::published, this,
            [this](const AdminEvent &event) { write(format(event)); });
    m_keepAlive.setInterval(keepAliveMs);
    connect(&m_keepAlive, &QTimer::timeout, this,
            [this] { write(QByteArrayLiteral(": keep-alive\n\n")); });
    m_keepAlive.start();
}

QByteArray EventStream::format(const AdminEvent &event)
{
    return "id: " + QByteArray::number(event.id) + "\nevent: " + event.type.toUtf8() +
           "\ndata: " + QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + "\n\n";
}

void EventStream::write(const QByteArray &chunk)
{
    if (m_closed)
        return;
    if (!m_reply->isOpen()) {
        m_closed = true;
        m_keepAlive.stop();
        emit closed();
        return;
    }
    m_reply->writeChunk(chunk);
}

} // namespace pmcp
