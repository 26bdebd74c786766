#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace pmcp::admin {

// The text/event-stream format (the WHATWG "server-sent events" rules the daemon writes): bytes
// in as they arrive, whole events out. A pure value with no I/O, so it is tested by a table.
class SseParser final {
public:
    struct Message {
        QString id; // the id: field; empty when the event had none
        bool hasId = false;
        QString event; // "message" when the event had no event: field
        QString data;  // data: lines joined by \n
    };

    // Parses what arrived; returns the events it completed. Partial lines wait for more bytes.
    QList<Message> feed(const QByteArray &bytes);

    // Comment lines seen so far (": keep-alive"), which tell that the stream is alive.
    int commentsSeen() const { return m_comments; }

    // Drops a partial event (the connection ended in the middle of one).
    void reset();

private:
    void line(const QByteArray &line, QList<Message> *out);

    QByteArray m_buffer;
    Message m_current;
    bool m_hasData = false;
    bool m_afterCr = false; // the last byte was \r: a following \n belongs to it
    int m_comments = 0;
};

} // namespace pmcp::admin
