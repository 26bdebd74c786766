#include "server/http/SseChannel.h"

#include "server/mcp/StatelessEnvelope.h"

#include <QJsonDocument>

namespace pmcp {

namespace {
// A comment line this often keeps proxies (nginx closes an idle upstream after 60 s by default)
// from closing a quiet standalone stream.
constexpr int kKeepAliveMs = 15000;
// The reconnection delay a primed client is told: soon enough to miss little, slow enough not
// to hammer a daemon that is restarting.
constexpr int kRetryMs = 1000;
} // namespace

SseChannel::SseChannel(std::shared_ptr<HttpReply> reply, Mode mode, QByteArray sessionId,
                       int streamId, bool primeStreams)
    : m_reply(std::move(reply))
    , m_mode(mode)
    , m_sessionId(std::move(sessionId))
    , m_streamId(streamId)
    , m_prime(primeStreams && mode != Mode::Stateless)
{
    if (m_mode == Mode::Standalone)
        startStream();
}

SseChannel::~SseChannel() = default;

QByteArray SseChannel::formatEvent(const QByteArray &id, const QJsonObject &message)
{
    return "id: " + id +
           "\nevent: message\ndata: " + QJsonDocument(message).toJson(QJsonDocument::Compact) +
           "\n\n";
}

std::pair<int, qint64> SseChannel::parseEventId(const QByteArray &id)
{
    const qsizetype dash = id.indexOf('-');
    bool streamOk = false;
    bool numberOk = false;
    const int stream = dash > 0 ? id.left(dash).toInt(&streamOk) : 0;
    const qint64 number = dash > 0 ? id.mid(dash + 1).toLongLong(&numberOk) : 0;
    if (!streamOk || !numberOk || stream < 0 || number < 0)
        return {-1, -1};
    return {stream, number};
}

QByteArray SseChannel::eventId(qint64 number) const
{
    return QByteArray::number(m_streamId) + '-' + QByteArray::number(number);
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
    if (m_prime) {
        // SEP-1699: an event id with empty data first, so the client can always resume.
        m_reply->writeChunk("id: " + eventId(0) + "\nretry: " + QByteArray::number(kRetryMs) +
                            "\ndata: \n\n");
    }
    if (m_mode != Mode::PostReply && !m_keepAlive) {
        // A comment line now and then keeps proxies from closing an idle stream.
        m_keepAlive = std::make_unique<QTimer>();
        m_keepAlive->setInterval(kKeepAliveMs);
        QObject::connect(m_keepAlive.get(), &QTimer::timeout, m_keepAlive.get(),
                         [this] { m_reply->writeChunk(QByteArrayLiteral(": keep-alive\n\n")); });
        m_keepAlive->start();
    }
}

void SseChannel::emitEvent(const QJsonObject &message)
{
    if (m_mode == Mode::Stateless) {
        if (m_attached)
            m_reply->writeChunk("event: message\ndata: " +
                                QJsonDocument(message).toJson(QJsonDocument::Compact) + "\n\n");
        return;
    }
    const qint64 number = m_nextEvent++;
    QByteArray event = formatEvent(eventId(number), message);
    if (m_attached)
        m_reply->writeChunk(event);
    m_replay.emplace_back(number, std::move(event));
    if (m_replay.size() > kReplayEvents)
        m_replay.pop_front();
}

void SseChannel::send(const QJsonObject &message)
{
    if (m_complete)
        return;
    if (!m_streaming)
        startStream();
    emitEvent(message);
}

void SseChannel::finish(const QJsonObject &response)
{
    if (m_complete)
        return;
    m_complete = true;
    m_completedAt.start();
    m_keepAlive.reset();
    if (!m_streaming) {
        const int status =
            m_mode == Mode::Stateless ? StatelessEnvelope::httpStatus(response) : 200;
        HttpResponse json = HttpResponse::json(status, response);
        json.headers.append(baseHeaders());
        m_reply->send(json);
        return;
    }
    emitEvent(response);
    if (m_attached)
        m_reply->endStream();
}

void SseChannel::abandon()
{
    if (m_complete)
        return;
    m_complete = true;
    m_completedAt.start();
    m_keepAlive.reset();
    if (!m_streaming)
        m_reply->send(HttpResponse::empty(202));
    else if (m_attached)
        m_reply->endStream();
}

bool SseChannel::isOpen() const
{
    if (m_complete)
        return false;
    // A POST stream lives on while detached (the client will resume); a GET stream is only
    // useful while a client listens.
    if (m_mode == Mode::Stateless)
        return m_reply->isOpen();
    return m_mode == Mode::PostReply || (m_attached && m_reply->isOpen());
}

void SseChannel::closeStream()
{
    // A 2026-07-28 stream cannot be resumed: closing it would lose the answer.
    if (m_complete || !m_attached || m_mode == Mode::Stateless)
        return;
    if (!m_streaming)
        startStream();
    m_reply->endStream();
    m_attached = false;
    m_keepAlive.reset();
}

void SseChannel::resume(std::shared_ptr<HttpReply> reply, qint64 lastEventNumber)
{
    if (m_attached && m_reply->isOpen() && !m_complete)
        m_reply->endStream(); // one listener per stream
    m_reply = std::move(reply);
    m_attached = true;
    m_streaming = false;
    const bool prime = m_prime;
    m_prime = false; // the client has an id already
    startStream();
    m_prime = prime;
    for (const auto &[number, event] : m_replay) {
        if (number > lastEventNumber)
            m_reply->writeChunk(event);
    }
    if (m_complete)
        m_reply->endStream();
}

} // namespace pmcp
