#pragma once

#include "server/http/HttpRequest.h"
#include "server/http/HttpResponse.h"
#include "server/http/HttpRouter.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <memory>

namespace pmcp {

struct JsonRpcMessage;
class McpServer;
class SessionManager;

// MCP Streamable HTTP on one path, both eras (ProtocolEra): a POST whose _meta claims
// 2026-07-28 is served statelessly, answered on its own reply; everything else is the 2025
// session protocol, where POST carries client messages, GET opens a stream for
// server-initiated messages and DELETE ends a session.
class McpHttpController final {
public:
    McpHttpController(McpServer *server, SessionManager *sessions);

    void registerRoutes(HttpRouter &router, const QString &path, RouteAccess access);
    // Where the protected resource metadata is: a tools/call the client's scope does not cover
    // is then answered 403 with WWW-Authenticate error="insufficient_scope" and the scope needed
    // (without it, the engine's JSON-RPC error answers it).
    void setResourceMetadataPath(const QString &path) { m_resourceMetadataPath = path; }
    void handle(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);

private:
    // The scope a tools/call needs that the request's client lacks; empty: none lacking.
    QString missingScope(const HttpRequest &request, const JsonRpcMessage &message) const;
    void handlePost(const HttpRequest &request, const QJsonDocument &document,
                    const QJsonParseError &parseError, const std::shared_ptr<HttpReply> &reply);
    void handleStateless(const HttpRequest &request, const struct EraDecision &era,
                         const QJsonObject &body, const std::shared_ptr<HttpReply> &reply);
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
    QString m_resourceMetadataPath;
};

} // namespace pmcp
