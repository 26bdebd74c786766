#pragma once

#include "http/HttpResponse.h"
#include "mcp/McpChannel.h"

#include <QByteArray>
#include <QTimer>

#include <memory>

namespace pmcp {

// An MCP channel over one HTTP reply. For a POST it stays undecided until it must speak: a
// lone response goes out as plain JSON, anything before the response turns the reply into an
// SSE stream that ends after the response. For a GET it is an SSE stream from the start.
class SseChannel final : public McpChannel {
public:
    enum class Mode { PostReply, Standalone };

    SseChannel(std::shared_ptr<HttpReply> reply, Mode mode, QByteArray sessionId);
    ~SseChannel() override;

    void send(const QJsonObject &message) override;
    void finish(const QJsonObject &response) override;
    void abandon() override;
    bool isOpen() const override;

    // "id: N\ndata: JSON\n\n"
    static QByteArray formatEvent(qint64 id, const QJsonObject &message);

private:
    void startStream();
    QList<std::pair<QByteArray, QByteArray>> baseHeaders() const;

    std::shared_ptr<HttpReply> m_reply;
    Mode m_mode;
    QByteArray m_sessionId;
    bool m_streaming = false;
    bool m_closed = false;
    qint64 m_nextEventId = 1;
    std::unique_ptr<QTimer> m_keepAlive;
};

} // namespace pmcp
