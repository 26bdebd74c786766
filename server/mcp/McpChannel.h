#pragma once

#include <QJsonObject>

namespace pmcp {

// The path from the server back to one client for one request (the POST's response, or stdout)
// or for a session's unsolicited messages (a GET stream). Transports implement it.
class McpChannel {
public:
    virtual ~McpChannel() = default;
    // A message before the final one: a notification or a server-to-client request.
    virtual void send(const QJsonObject &message) = 0;
    // The final response; the channel closes after it.
    virtual void finish(const QJsonObject &response) = 0;
    // The request ends without a response (it was cancelled).
    virtual void abandon() = 0;
    // False once the client has gone: work for it may stop.
    virtual bool isOpen() const = 0;
    // Ends the HTTP stream now but keeps the request going; the client resumes with
    // Last-Event-ID (SSE polling). Transports that cannot resume ignore it.
    virtual void closeStream() {}
};

} // namespace pmcp
