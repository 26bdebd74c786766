#pragma once

#include "server/http/HttpRequest.h"
#include "server/http/HttpResponse.h"
#include "server/http/HttpRouter.h"

#include <QHash>
#include <QJsonArray>

#include <memory>

namespace pmcp {

class McpServer;
class SessionManager;

// MCP Streamable HTTP (2025-11-25) on one path: POST carries client messages, GET opens a
// stream for server-initiated messages, DELETE ends a session.
class McpHttpController final {
public:
    McpHttpController(McpServer *server, SessionManager *sessions);

    void registerRoutes(HttpRouter &router, const QString &path, RouteAccess access);
    void handle(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);

private:
    void handlePost(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void handleBatch(const HttpRequest &request, const QJsonArray &batch,
                     const std::shared_ptr<HttpReply> &reply);
    void handleGet(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void handleDelete(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    // The session a request names, or the error response already sent.
    class McpSession *sessionFor(const HttpRequest &request,
                                 const std::shared_ptr<HttpReply> &reply);

    std::shared_ptr<class SseChannel> newChannel(class McpSession *session,
                                                 const std::shared_ptr<HttpReply> &reply,
                                                 bool standalone, bool announceSession);
    void prune();

    McpServer *m_server;
    SessionManager *m_sessions;
    // Streams that a client may resume with Last-Event-ID, per session.
    struct Streams {
        int nextId = 1;
        QHash<int, std::shared_ptr<class SseChannel>> byId;
    };
    QHash<QString, Streams> m_streams;
    int m_sinceSweep = 0;
};

} // namespace pmcp
