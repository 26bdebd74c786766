#pragma once

#include "server/http/HttpResponse.h"
#include "server/mcp/McpChannel.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QTimer>

#include <deque>
#include <memory>

namespace pmcp {

// An MCP channel over HTTP. For a POST it stays undecided until it must speak: a lone
// response goes out as plain JSON; anything before the response turns the reply into an SSE
// stream that ends after the response. For a GET it is an SSE stream from the start.
// Events carry ids and are kept for a while, so a client whose stream broke (or that the
// server closed on purpose, SEP-1699 polling) resumes with GET and Last-Event-ID.
// Stateless is the POST reply of a 2026-07-28 request: no event ids, nothing kept to resume,
// and an error answered without a stream gets the revision's HTTP status (400, 404).
class SseChannel final : public McpChannel {
public:
    enum class Mode { PostReply, Standalone, Stateless };

    SseChannel(std::shared_ptr<HttpReply> reply, Mode mode, QByteArray sessionId, int streamId,
               bool primeStreams);
    ~SseChannel() override;

    void send(const QJsonObject &message) override;
    void finish(const QJsonObject &response) override;
    void abandon() override;
    bool isOpen() const override;
    void closeStream() override;

    // Continues the stream on a new reply: replays the events after lastEventId, then goes on.
    void resume(std::shared_ptr<HttpReply> reply, qint64 lastEventNumber);
    int streamId() const { return m_streamId; }
    bool isComplete() const { return m_complete; }
    bool wasStreamed() const { return m_streaming || !m_attached; }
    qint64 msSinceComplete() const { return m_complete ? m_completedAt.elapsed() : 0; }

    // "id: S-N\nevent: message\ndata: JSON\n\n"
    static QByteArray formatEvent(const QByteArray &id, const QJsonObject &message);
    // "S-N" -> {S, N}; {-1, -1} when it is not one of ours.
    static std::pair<int, qint64> parseEventId(const QByteArray &id);

    // Events kept per stream for Last-Event-ID: covers a reconnect after a short outage; a
    // client that missed more than this starts over rather than grow the daemon's memory.
    static constexpr std::size_t kReplayEvents = 256;

private:
    void startStream();
    void emitEvent(const QJsonObject &message);
    QList<std::pair<QByteArray, QByteArray>> baseHeaders() const;
    QByteArray eventId(qint64 number) const;

    std::shared_ptr<HttpReply> m_reply;
    Mode m_mode;
    QByteArray m_sessionId;
    int m_streamId;
    bool m_prime;
    bool m_streaming = false;
    bool m_attached = true;
    bool m_complete = false;
    QElapsedTimer m_completedAt;
    qint64 m_nextEvent = 1;
    std::deque<std::pair<qint64, QByteArray>> m_replay;
    std::unique_ptr<QTimer> m_keepAlive;
};

} // namespace pmcp
