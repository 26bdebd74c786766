#include "server/http/McpHttpController.h"

#include "server/http/BearerChallenge.h"
#include "server/http/SseChannel.h"
#include "server/mcp/McpBatch.h"
#include "server/mcp/JsonRpc.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "server/mcp/ProtocolEra.h"
#include "server/mcp/SessionManager.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace pmcp {

namespace {

// Streams of sessions that are gone are dropped every kNewChannelsPerPrune new channels: often
// enough to bound the table, rarely enough that the sweep over every session costs nothing.
constexpr int kNewChannelsPerPrune = 256;
// How long a finished stream can still be resumed with Last-Event-ID: a reconnect after a
// dropped connection comes within seconds; a minute leaves room for a slow network.
constexpr qint64 kResumableForMs = 60000;
// Resumable streams per session: a client that opens streams without end does not grow the
// daemon's memory; streams past the bound still work, they just cannot be resumed.
constexpr qsizetype kMaxResumableStreams = 1024;

HttpResponse rpcError(int status, int code, const QString &message, const QJsonValue &id = {})
{
    return HttpResponse::json(status, JsonRpc::error(id, {code, message, {}}));
}

bool accepts(const QByteArray &accept, const QByteArray &type)
{
    const QByteArray lower = accept.toLower();
    return lower.contains(type) || lower.contains("*/*");
}

QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

} // namespace

McpHttpController::McpHttpController(McpServer *server, SessionManager *sessions)
    : m_server(server)
    , m_sessions(sessions)
{}

void McpHttpController::registerRoutes(HttpRouter &router, const QString &path, RouteAccess access)
{
    router.addRoute(path, {"POST", "GET", "DELETE"}, access,
                    [this](const HttpRequest &request, const std::shared_ptr<HttpReply> &reply) {
                        handle(request, reply);
                    });
}

void McpHttpController::handle(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply)
{
    QJsonParseError parseError{};
    QJsonDocument document;
    if (request.method == "POST") {
        // The body decides the era (a 2026-07-28 request claims it in params._meta); the
        // 2025 path below is what it always was.
        document = QJsonDocument::fromJson(request.body, &parseError);
        EraRequest eraRequest;
        eraRequest.httpMethod = request.method;
        if (parseError.error == QJsonParseError::NoError)
            eraRequest.body =
                document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
        else
            eraRequest.body = QJsonValue(QJsonValue::Undefined);
        for (const auto &[name, value] : request.headers)
            eraRequest.headers.insert(name.toLower(), value);
        const EraDecision era = ProtocolEra::classify(eraRequest);
        if (era.isRejected())
            return reply->send(HttpResponse::json(era.httpStatus, era.errorResponse()));
        if (era.isModern())
            return handleStateless(request, era, document.object(), reply);
    }
    const QByteArray version = request.header("mcp-protocol-version");
    if (!version.isEmpty() && !McpServer::isSupportedVersion(QString::fromLatin1(version)))
        return reply->send(
            rpcError(400, rpc::kInvalidRequest,
                     QStringLiteral("unsupported MCP-Protocol-Version %1 (supported: %2)")
                         .arg(QString::fromLatin1(version),
                              McpServer::supportedVersions().join(QStringLiteral(", ")))));
    if (request.method == "POST")
        return handlePost(request, document, parseError, reply);
    if (request.method == "GET")
        return handleGet(request, reply);
    if (request.method == "DELETE")
        return handleDelete(request, reply);
    reply->send(HttpResponse::problem(405, QStringLiteral("method not allowed"))
                    .withHeader("Allow", "GET, POST, DELETE"));
}

McpSession *McpHttpController::sessionFor(const HttpRequest &request,
                                          const std::shared_ptr<HttpReply> &reply)
{
    const QByteArray id = request.header("mcp-session-id");
    if (id.isEmpty()) {
        reply->send(
            rpcError(400, rpc::kInvalidRequest,
                     QStringLiteral("missing Mcp-Session-Id header: send initialize first")));
        return nullptr;
    }
    McpSession *session = m_sessions->find(QString::fromLatin1(id));
    // A session belongs to the client that opened it: another token cannot use or probe it.
    if (!session || session->identity().name != request.client.value_or(ClientIdentity()).name) {
        reply->send(rpcError(404, rpc::kInvalidRequest,
                             QStringLiteral("unknown or expired session: initialize again")));
        return nullptr;
    }
    session->touch();
    return session;
}

void McpHttpController::handleStateless(const HttpRequest &request, const EraDecision &era,
                                        const QJsonObject &body,
                                        const std::shared_ptr<HttpReply> &reply)
{
    // Errors of the 2026 wire echo the id, or omit it; never "id": null.
    const auto refuse = [&era, &reply](int status, int code, const QString &message) {
        EraDecision refusal = era;
        refusal.kind = EraDecision::Kind::Reject;
        refusal.httpStatus = status;
        refusal.errorCode = code;
        refusal.message = message;
        refusal.errorData = {};
        reply->send(HttpResponse::json(status, refusal.errorResponse()));
    };
    const QByteArray accept = request.header("accept");
    if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream"))
        return refuse(406, rpc::kInvalidRequest,
                      QStringLiteral("Accept must list application/json and text/event-stream"));
    if (mediaType(request.header("content-type")) != "application/json")
        return refuse(415, rpc::kInvalidRequest,
                      QStringLiteral("Content-Type must be application/json"));
    const JsonRpcMessage message = JsonRpcMessage::classify(body);
    if (message.kind == JsonRpcMessage::Kind::Invalid)
        return refuse(400, rpc::kInvalidRequest, message.invalidReason);
    if (message.isRequest() && message.method == QLatin1String("tools/call")) {
        const QString name = message.params.value(QLatin1String("name")).toString();
        if (const ToolDefinition *tool = m_server->tools().find(name)) {
            QHash<QByteArray, QByteArray> headers;
            for (const auto &[header, value] : request.headers)
                headers.insert(header.toLower(), value);
            const auto mismatch = ProtocolEra::checkParamHeaders(
                tool->inputSchema, message.params.value(QLatin1String("arguments")).toObject(),
                headers);
            if (mismatch)
                return refuse(400, ProtocolEra::HeaderMismatch, *mismatch);
        }
    }
    const ClientIdentity client = request.client.value_or(ClientIdentity());
    if (const QString scope = missingScope(request, message); !scope.isEmpty())
        return reply->send(
            HttpResponse::json(403,
                               [&] {
                                   EraDecision refusal = era;
                                   refusal.errorCode = rpc::kInvalidRequest;
                                   refusal.message =
                                       QStringLiteral("the grant of client %1 does not cover this "
                                                      "tool: it needs scope %2")
                                           .arg(client.name, scope);
                                   return refusal.errorResponse();
                               }())
                .withHeader("WWW-Authenticate", BearerChallenge::insufficientScope(
                                                    request, m_resourceMetadataPath, scope)));
    if (!message.isRequest()) {
        m_server->handleStateless(era, client, message, nullptr);
        return reply->send(HttpResponse::empty(202));
    }
    auto channel =
        std::make_shared<SseChannel>(reply, SseChannel::Mode::Stateless, QByteArray(), 0, false);
    // On this wire a client cancels by closing its stream.
    if (auto cancel = m_server->handleStateless(era, client, message, channel))
        reply->onClosed(std::move(cancel));
}

void McpHttpController::handlePost(const HttpRequest &request, const QJsonDocument &document,
                                   const QJsonParseError &parseError,
                                   const std::shared_ptr<HttpReply> &reply)
{
    const QByteArray accept = request.header("accept");
    if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream"))
        return reply->send(
            rpcError(406, rpc::kInvalidRequest,
                     QStringLiteral("Accept must list application/json and text/event-stream")));
    if (mediaType(request.header("content-type")) != "application/json")
        return reply->send(rpcError(415, rpc::kInvalidRequest,
                                    QStringLiteral("Content-Type must be application/json")));

    if (parseError.error != QJsonParseError::NoError) {
        // QJsonDocument takes only an object or an array: a lone scalar ("42", "\"x\"") is
        // valid JSON but not a JSON-RPC message, so Invalid Request rather than Parse error.
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + request.body + ']');
        if (wrapped.isArray() && wrapped.array().size() == 1)
            return reply->send(
                rpcError(400, rpc::kInvalidRequest,
                         QStringLiteral("a JSON-RPC message must be a JSON object")));
        return reply->send(rpcError(400, rpc::kParseError,
                                    QStringLiteral("invalid JSON at offset %1: %2")
                                        .arg(parseError.offset)
                                        .arg(parseError.errorString())));
    }
    if (document.isArray())
        return handleBatch(request, document.array(), reply);
    const JsonRpcMessage message = JsonRpcMessage::classify(document.object());
    if (message.kind == JsonRpcMessage::Kind::Invalid)
        return reply->send(rpcError(400, rpc::kInvalidRequest, message.invalidReason, message.id));

    if (message.isRequest() && message.method == QLatin1String("initialize")) {
        const ClientIdentity client = request.client.value_or(ClientIdentity());
        SessionManager::Limit refusedBy = SessionManager::Limit::None;
        McpSession *session = m_sessions->create(client, &refusedBy);
        if (!session && refusedBy == SessionManager::Limit::PerClient)
            return reply->send(rpcError(
                429, rpc::kInternalError,
                QStringLiteral("client '%1' has %2 open sessions, the limit per client "
                               "(MCP_MAX_SESSIONS_PER_CLIENT); close one or try again later")
                    .arg(client.name)
                    .arg(m_sessions->maxSessionsPerClient()),
                message.id));
        if (!session)
            return reply->send(
                rpcError(503, rpc::kInternalError,
                         QStringLiteral("too many open sessions: %1, the limit for all clients "
                                        "together; try again later")
                             .arg(m_sessions->maxSessions()),
                         message.id));
        return m_server->handle(session, message, newChannel(session, reply, false, true));
    }

    McpSession *session = sessionFor(request, reply);
    if (!session)
        return;
    if (const QString scope = missingScope(request, message); !scope.isEmpty())
        return reply->send(
            rpcError(403, rpc::kInvalidRequest,
                     QStringLiteral("the grant of client %1 does not cover this tool: it needs "
                                    "scope %2")
                         .arg(session->clientName(), scope),
                     message.id)
                .withHeader("WWW-Authenticate", BearerChallenge::insufficientScope(
                                                    request, m_resourceMetadataPath, scope)));
    if (!message.isRequest()) {
        m_server->handle(session, message, nullptr);
        return reply->send(HttpResponse::empty(202));
    }
    m_server->handle(session, message, newChannel(session, reply, false, false));
}

QString McpHttpController::missingScope(const HttpRequest &request,
                                        const JsonRpcMessage &message) const
{
    // Only an OAuth grant can be widened by a new authorization; a static token keeps the
    // engine's JSON-RPC error.
    if (m_resourceMetadataPath.isEmpty() || !request.client ||
        request.client->kind != QLatin1String("oauth") || !message.isRequest() ||
        message.method != QLatin1String("tools/call"))
        return {};
    const QString name = message.params.value(QLatin1String("name")).toString();
    const ToolDefinition *tool = m_server->tools().find(name);
    if (!tool)
        return {}; // the engine answers "unknown tool"
    const ClientIdentity &client = *request.client;
    if (!client.allowsTool(name))
        return QStringLiteral("tools:") + name;
    if (client.readOnly && !tool->annotations.readOnly)
        return QStringLiteral("full");
    return {};
}

void McpHttpController::handleBatch(const HttpRequest &request, const QJsonArray &batch,
                                    const std::shared_ptr<HttpReply> &reply)
{
    McpSession *session = nullptr;
    if (!request.header("mcp-session-id").isEmpty()) {
        session = sessionFor(request, reply);
        if (!session)
            return;
    }
    const QJsonObject refusal = McpBatch::refusal(session, batch);
    if (!refusal.isEmpty())
        return reply->send(HttpResponse::json(400, refusal));
    McpBatch::run(m_server, session, batch, [reply](const QJsonArray &responses) {
        if (responses.isEmpty())
            return reply->send(HttpResponse::empty(202));
        reply->send(HttpResponse::text(200, QJsonDocument(responses).toJson(QJsonDocument::Compact),
                                       "application/json"));
    });
}

void McpHttpController::handleGet(const HttpRequest &request,
                                  const std::shared_ptr<HttpReply> &reply)
{
    if (!accepts(request.header("accept"), "text/event-stream"))
        return reply->send(rpcError(406, rpc::kInvalidRequest,
                                    QStringLiteral("Accept must list text/event-stream")));
    McpSession *session = sessionFor(request, reply);
    if (!session)
        return;
    const QByteArray lastEventId = request.header("last-event-id");
    if (!lastEventId.isEmpty()) {
        const auto [streamId, number] = SseChannel::parseEventId(lastEventId);
        const auto streams = m_streams.constFind(session->id());
        if (streams != m_streams.constEnd()) {
            if (const auto channel = streams->byId.value(streamId)) {
                channel->resume(reply, number);
                return;
            }
        }
    }
    session->addStandaloneChannel(newChannel(session, reply, true, false));
}

std::shared_ptr<SseChannel> McpHttpController::newChannel(McpSession *session,
                                                          const std::shared_ptr<HttpReply> &reply,
                                                          bool standalone, bool announceSession)
{
    if (++m_sinceSweep >= kNewChannelsPerPrune)
        prune();
    Streams &streams = m_streams[session->id()];
    // Drop what can no longer be resumed: answered without a stream, or long finished.
    streams.byId.removeIf([](const auto &entry) {
        const auto &channel = entry.value();
        return channel->isComplete() &&
               (!channel->wasStreamed() || channel->msSinceComplete() > kResumableForMs);
    });
    // Priming events (SEP-1699) are for clients that negotiated 2025-11-25 or later.
    const bool prime = session->protocolVersion() >= QLatin1String("2025-11-25");
    auto channel = std::make_shared<SseChannel>(
        reply, standalone ? SseChannel::Mode::Standalone : SseChannel::Mode::PostReply,
        announceSession ? session->id().toLatin1() : QByteArray(), streams.nextId++, prime);
    if (streams.byId.size() < kMaxResumableStreams)
        streams.byId.insert(channel->streamId(), channel);
    return channel;
}

void McpHttpController::prune()
{
    m_sinceSweep = 0;
    m_streams.removeIf(
        [this](const auto &entry) { return m_sessions->find(entry.key()) == nullptr; });
}

void McpHttpController::handleDelete(const HttpRequest &request,
                                     const std::shared_ptr<HttpReply> &reply)
{
    McpSession *session = sessionFor(request, reply);
    if (!session)
        return;
    m_sessions->remove(session->id());
    reply->send(HttpResponse::empty(200));
}

} // namespace pmcp
