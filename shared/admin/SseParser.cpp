#include "shared/admin/SseParser.h"

namespace pmcp::admin {

QList<SseParser::Message> SseParser::feed(const QByteArray &bytes)
{
    QList<Message> out;
    for (const char c : bytes) {
        if (c == '\n' && m_afterCr) {
            m_afterCr = false;
            continue;
        }
        m_afterCr = c == '\r';
        if (c == '\n' || c == '\r') {
            line(m_buffer, &out);
            m_buffer.clear();
        } else {
            m_buffer.append(c);
        }
    }
    return out;
}

void SseParser::reset()
{
    m_buffer.clear();
    m_current = {};
    m_hasData = false;
    m_afterCr = false;
}

void SseParser::line(const QByteArray &line, QList<Message> *out)
{
    if (line.isEmpty()) {
        // A blank line ends an event; one without data is not dispatched (the spec's rule).
        if (m_hasData) {
            if (m_current.event.isEmpty())
                m_current.event = QStringLiteral("message");
            out->append(m_current);
        }
        m_current = {};
        m_hasData = false;
        return;
    }
    if (line.startsWith(':')) {
        ++m_comments;
        return;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        if (m_hasData)
            m_current.data += QLatin1Char('\n');
        m_current.data += QString::fromUtf8(value);
        m_hasData = true;
    } else if (field == "event") {
        m_current.event = QString::fromUtf8(value);
    } else if (field == "id" && !value.contains('\0')) {
        m_current.id = QString::fromUtf8(value);
        m_current.hasId = true;
    }
    // "retry" and unknown fields are ignored: the client has its own backoff.
}

} // namespace pmcp::admin
