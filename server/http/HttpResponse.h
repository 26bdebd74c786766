#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <functional>

#include <utility>

namespace pmcp {

// A complete HTTP response.
struct HttpResponse final {
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // The status line's reason phrase; empty: the standard one. (Proxmox puts its error
    // messages there, and the simulator must too.)
    QByteArray reason = {};

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse text(int status, const QByteArray &body,
                             const QByteArray &contentType = "text/plain; charset=utf-8");
    static HttpResponse empty(int status);
    // A JSON error body {"error": {"status", "message"}} for non-MCP routes.
    static HttpResponse problem(int status, const QString &message);
    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value);
};

// Where a route writes its answer, now or later; either one response or an event stream.
class HttpReply {
public:
    virtual ~HttpReply() = default;
    virtual bool isOpen() const = 0;
    virtual void send(const HttpResponse &response) = 0;
    // A streamed body (text/event-stream): status and headers now, chunks as they come.
    virtual void startStream(int status,
                             const QList<std::pair<QByteArray, QByteArray>> &headers) = 0;
    virtual void writeChunk(const QByteArray &data) = 0;
    virtual void endStream() = 0;
    // Called once if the client goes away before the reply ends.
    virtual void onClosed(std::function<void()> callback) = 0;
};

} // namespace pmcp
