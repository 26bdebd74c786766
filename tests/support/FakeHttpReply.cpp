#include "tests/support/FakeHttpReply.h"

namespace pmcp::testing {

QList<SseEvent> parseSse(const QByteArray &stream)
{
    QList<SseEvent> events;
    const QList<QByteArray> blocks = [&] {
        QList<QByteArray> result;
        qsizetype from = 0;
        while (from < stream.size()) {
            const qsizetype end = stream.indexOf("\n\n", from);
            if (end < 0) {
                result.append(stream.mid(from));
                break;
            }
            result.append(stream.mid(from, end - from));
            from = end + 2;
        }
        return result;
    }();
    for (const QByteArray &block : blocks) {
        if (block.startsWith(':'))
            continue; // comment (keep-alive)
        SseEvent event;
        for (const QByteArray &line : block.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            const QByteArray field = colon < 0 ? line : line.left(colon);
            QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
            if (value.startsWith(' '))
                value.remove(0, 1);
            if (field == "id")
                event.id = value;
            else if (field == "event")
                event.event = value;
            else if (field == "retry")
                event.retry = value;
            else if (field == "data") {
                event.data += value;
                event.hasData = true;
            }
        }
        events.append(event);
    }
    return events;
}

} // namespace pmcp::testing
