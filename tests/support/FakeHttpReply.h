#pragma once

#include "server/http/HttpResponse.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <functional>
#include <optional>
#include <utility>

namespace pmcp::testing {

// An HttpReply that records everything written to it, for tests of the routes and channels.
// Like the real one it closes after a response or the end of a stream; a test can also make
// the client "go away" with disconnect().
class FakeHttpReply final : public HttpReply {
public:
    bool isOpen() const override { return m_connected && !m_finished; }

    void send(const HttpResponse &response) override
    {
        ++sendCalls;
        if (!isOpen() || streaming)
            return;
        m_finished = true;
        sent = response;
    }

    void startStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers) override
    {
        if (!isOpen() || streaming)
            return;
        streaming = true;
        streamStatus = status;
        streamHeaders = headers;
    }

    void writeChunk(const QByteArray &data) override
    {
        if (!isOpen() || !streaming)
            return;
        chunks.append(data);
    }

    void endStream() override
    {
        ++endCalls;
        if (!isOpen() || !streaming)
            return;
        m_finished = true;
        ended = true;
    }

    void onClosed(std::function<void()> callback) override
    {
        closedCallbacks.append(std::move(callback));
    }

    // The client goes away.
    void disconnect()
    {
        if (!m_connected)
            return;
        m_connected = false;
        if (!m_finished) {
            for (const auto &callback : std::as_const(closedCallbacks))
                callback();
        }
    }

    bool answered() const { return sent.has_value(); }
    int status() const { return sent ? sent->status : (streaming ? streamStatus : 0); }
    QByteArray header(const QByteArray &name) const
    {
        const auto &list = sent ? sent->headers : streamHeaders;
        for (const auto &[key, value] : list) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    bool hasHeader(const QByteArray &name) const
    {
        const auto &list = sent ? sent->headers : streamHeaders;
        for (const auto &entry : list) {
            if (entry.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    QJsonObject json() const
    {
        return sent ? QJsonDocument::fromJson(sent->body).object() : QJsonObject();
    }
    QByteArray streamed() const { return chunks.join(); }
    // The response's body, or what was streamed so far.
    QByteArray body() const { return sent ? sent->body : streamed(); }

    std::optional<HttpResponse> sent;
    bool streaming = false;
    int streamStatus = 0;
    QList<std::pair<QByteArray, QByteArray>> streamHeaders;
    QList<QByteArray> chunks;
    bool ended = false;
    int sendCalls = 0;
    int endCalls = 0;
    QList<std::function<void()>> closedCallbacks;

private:
    bool m_connected = true;
    bool m_finished = false;
};

// One "id: ...\n...data: ...\n\n" block of an event stream.
struct SseEvent {
    QByteArray id;
    QByteArray event;
    QByteArray data;
    QByteArray retry;
    bool hasData = false;
};

// The events of a text/event-stream body; comments (keep-alives) are skipped.
QList<SseEvent> parseSse(const QByteArray &stream);

} // namespace pmcp::testing
