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

inline QList<SseEvent> parseSse(const QByteArray &stream)
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
