#include "http/SseChannel.h"

#include <QJsonDocument>

namespace pmcp {

namespace {
constexpr int kKeepAliveMs = 15000;
}

SseChannel::SseChannel(std::shared_ptr<HttpReply> reply, Mode mode, QByteArray sessionId)
    : m_reply(std::move(reply))
    , m_mode(mode)
    , m_sessionId(std::move(sessionId))
{
    if (m_mode == Mode::Standalone) {
        startStream();
        // A comment line now and then keeps proxies from closing an idle stream.
        m_keepAlive = std::make_unique<QTimer>();
        m_keepAlive->setInterval(kKeepAliveMs);
        QObject::connect(m_keepAlive.get(), &QTimer::timeout, m_keepAlive.get(), [this] {
            m_reply->writeChunk(QByteArrayLiteral(": keep-alive\n\n"));
        });
        m_keepAlive->start();
    }
}

SseChannel::~SseChannel() = default;

QByteArray SseChannel::formatEvent(qint64 id, const QJsonObject &message)
{
    return "id: " + QByteArray::number(id) + "\nevent: message\ndata: " +
           QJsonDocument(message).toJson(QJsonDocument::Compact) + "\n\n";
}

QList<std::pair<QByteArray, QByteArray>> SseChannel::baseHeaders() const
{
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!m_sessionId.isEmpty())
        headers.emplace_back("Mcp-Session-Id", m_sessionId);
    return headers;
}

void SseChannel::startStream()
{
    auto headers = baseHeaders();
    headers.emplace_back("Content-Type", "text/event-stream");
    headers.emplace_back("Cache-Control", "no-cache");
    headers.emplace_back("X-Accel-Buffering", "no");
    m_reply->startStream(200, headers);
    m_streaming = true;
}

void SseChannel::send(const QJsonObject &message)
{
    if (m_closed)
        return;
    if (!m_streaming)
        startStream();
    m_reply->writeChunk(formatEvent(m_nextEventId++, message));
}

void SseChannel::finish(const QJsonObject &response)
{
    if (m_closed)
        return;
    m_closed = true;
    m_keepAlive.reset();
    if (!m_streaming) {
        HttpResponse json = HttpResponse::json(200, response);
        json.headers.append(baseHeaders());
        m_reply->send(json);
        return;
    }
    m_reply->writeChunk(formatEvent(m_nextEventId++, response));
    m_reply->endStream();
}

void SseChannel::abandon()
{
    if (m_closed)
        return;
    m_closed = true;
    m_keepAlive.reset();
    if (m_streaming)
        m_reply->endStream();
    else
        m_reply->send(HttpResponse::empty(202));
}

bool SseChannel::isOpen() const
{
    return !m_closed && m_reply->isOpen();
}

} // namespace pmcp
