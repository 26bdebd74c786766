#include "server/http/HttpRouter.h"

#include "server/http/BearerChallenge.h"

#include <QElapsedTimer>
#include <QStringList>

#include <algorithm>

namespace pmcp {

namespace {

// Records status and latency of a reply for /metrics, whatever route wrote it.
class MeteredReply final : public HttpReply {
public:
    MeteredReply(std::shared_ptr<HttpReply> inner, HttpObserver *observer, QString route,
                 QString method, const HttpRequest &request)
        : m_inner(std::move(inner))
        , m_observer(observer)
        , m_route(std::move(route))
        , m_method(std::move(method))
    {
        m_line.method = QString::fromLatin1(request.method.left(16));
        m_line.path = request.path;
        m_line.peer = request.peer.toString();
        m_timer.start();
    }

    void setClient(const QString &client) { m_line.client = client; }

    bool isOpen() const override { return m_inner->isOpen(); }
    void send(const HttpResponse &response) override
    {
        record(response.status);
        m_inner->send(response);
    }
    void startStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers) override
    {
        record(status);
        m_inner->startStream(status, headers);
    }
    void writeChunk(const QByteArray &data) override { m_inner->writeChunk(data); }
    void endStream() override { m_inner->endStream(); }
    void onClosed(std::function<void()> callback) override
    {
        m_inner->onClosed(std::move(callback));
    }

private:
    void record(int status)
    {
        if (m_recorded || !m_observer)
            return;
        m_recorded = true;
        const double seconds = double(m_timer.nsecsElapsed()) / 1e9;
        m_observer->requestAnswered(m_route, m_method, status, seconds);
        m_line.status = status;
        m_line.seconds = seconds;
        m_observer->requestLogged(m_line);
    }

    std::shared_ptr<HttpReply> m_inner;
    HttpObserver *m_observer;
    QString m_route;
    QString m_method;
    HttpRequestLine m_line;
    QElapsedTimer m_timer;
    bool m_recorded = false;
};

// Every X-Forwarded-For header of the request as one list (a proxy may add its own line).
QByteArray forwardedFor(const HttpRequest &request)
{
    QByteArray joined;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("x-forwarded-for", Qt::CaseInsensitive) == 0)
            joined += (joined.isEmpty() ? "" : ",") + value;
    }
    return joined;
}

QByteArray bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.header("authorization").trimmed();
    if (header.size() < 7 || qstrnicmp(header.constData(), "bearer ", 7) != 0)
        return {};
    return header.mid(7).trimmed();
}

} // namespace

HttpRouter::HttpRouter(OriginPolicy policy, Authenticator authenticator, HttpObserver *observer)
    : m_policy(std::move(policy))
    , m_authenticator(std::move(authenticator))
    , m_observer(observer)
{}

void HttpRouter::addRoute(const QString &path, const QList<QByteArray> &methods, RouteAccess access,
                          Handler handler)
{
    m_routes.insert(path, Route{methods, access, std::move(handler)});
}

void HttpRouter::addPrefixRoute(const QString &prefix, const QList<QByteArray> &methods,
                                RouteAccess access, Handler handler)
{
    Q_ASSERT(prefix.endsWith(u'/'));
    m_prefixRoutes.append({prefix, Route{methods, access, std::move(handler)}});
    std::stable_sort(m_prefixRoutes.begin(), m_prefixRoutes.end(),
                     [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
}

void HttpRouter::setOriginPolicy(OriginPolicy policy)
{
    m_policy = std::move(policy);
}

void HttpRouter::setAdminAuthenticator(Authenticator authenticator)
{
    m_adminAuthenticator = std::move(authenticator);
}

void HttpRouter::setResourceMetadataPath(const QString &path)
{
    m_resourceMetadataPath = path;
}

const HttpRouter::Route *HttpRouter::find(const QString &path, QString *label) const
{
    if (const auto found = m_routes.constFind(path); found != m_routes.constEnd()) {
        *label = path;
        return &found.value();
    }
    for (const auto &[prefix, route] : m_prefixRoutes) {
        if (path.startsWith(prefix) && path.size() > prefix.size()) {
            *label = prefix + u'*'; // one metrics label per prefix, never per id
            return &route;
        }
    }
    *label = QStringLiteral("other");
    return nullptr;
}

void HttpRouter::refused(const QString &reason) const
{
    if (m_observer)
        m_observer->requestRefused(reason);
}

QList<HttpRouter::RouteInfo> HttpRouter::routes() const
{
    QList<RouteInfo> result;
    QStringList paths = m_routes.keys();
    paths.sort();
    for (const QString &path : paths) {
        const Route &route = m_routes[path];
        result.append({path, route.methods, route.access, false});
    }
    for (const auto &[prefix, route] : m_prefixRoutes)
        result.append({prefix, route.methods, route.access, true});
    return result;
}

bool HttpRouter::refuseGuess(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply,
                             const QString &reason)
{
    const auto wait = m_throttle.retryAfter(request.peer);
    m_throttle.failed(request.peer); // even while throttled: a burst keeps its address waiting
    if (!wait)
        return false;
    refused(reason);
    if (m_observer)
        m_observer->tokenRefused(reason, request.peer.toString(), request.path);
    reply->send(HttpResponse::problem(
                    429, QStringLiteral("too many failed authentications from this address; try "
                                        "again in %1 s")
                             .arg(*wait))
                    .withHeader("Retry-After", QByteArray::number(*wait)));
    return true;
}

void HttpRouter::authenticationFailed(const HttpRequest &request, const QString &reason)
{
    refused(reason);
    if (m_observer)
        m_observer->tokenRefused(reason, request.peer.toString(), request.path);
}

void HttpRouter::handle(HttpRequest request, const std::shared_ptr<HttpReply> &rawReply)
{
    request.peer =
        NetworkList::clientAddress(request.peer, forwardedFor(request), m_trustedProxies);
    QString routeLabel;
    const Route *found = find(request.path, &routeLabel);
    const QByteArray methodLabel =
        QList<QByteArray>{"GET", "POST", "DELETE", "PUT", "HEAD", "OPTIONS", "PATCH"}.contains(
            request.method)
            ? request.method
            : QByteArray("OTHER");
    const auto reply = std::make_shared<MeteredReply>(rawReply, m_observer, routeLabel,
                                                      QString::fromLatin1(methodLabel), request);

    // Two Host or Origin headers would let a proxy and this server judge different ones.
    for (const QByteArray &name : {QByteArray("host"), QByteArray("origin")}) {
        if (request.headerCount(name) > 1) {
            refused(QStringLiteral("duplicate_") + QString::fromLatin1(name));
            return reply->send(HttpResponse::problem(
                400, QStringLiteral("duplicate %1 header")
                         .arg(name == "host" ? QStringLiteral("Host") : QStringLiteral("Origin"))));
        }
    }
    if (!m_policy.isHostAllowed(request.header("host"))) {
        refused(QStringLiteral("host"));
        return reply->send(HttpResponse::problem(403, QStringLiteral("Host not allowed")));
    }
    if (!m_policy.isOriginAllowed(request.header("origin"))) {
        refused(QStringLiteral("origin"));
        return reply->send(HttpResponse::problem(403, QStringLiteral("Origin not allowed")));
    }
    if (!found)
        return reply->send(
            HttpResponse::problem(404, QStringLiteral("no such path: %1").arg(request.path)));
    const Route &route = *found;

    if (route.access == RouteAccess::Admin) {
        if (!m_adminAuthenticator) {
            refused(QStringLiteral("admin_disabled"));
            return reply->send(HttpResponse::problem(
                403, QStringLiteral("the admin API is not enabled on this daemon")));
        }
        if (!m_adminNetworks.isEmpty() && !m_adminNetworks.contains(request.peer)) {
            refused(QStringLiteral("admin_network"));
            return reply->send(HttpResponse::problem(
                403, QStringLiteral("the admin API does not answer %1 (ADMIN_ALLOWED_NETWORKS)")
                         .arg(request.peer.toString())));
        }
        const QByteArray token = bearerToken(request);
        request.client = token.isEmpty() ? std::nullopt : m_adminAuthenticator(token);
        if (!request.client) {
            if (!token.isEmpty() && refuseGuess(request, reply, QStringLiteral("throttled_admin")))
                return;
            const QString reason = token.isEmpty() ? QStringLiteral("missing_admin_token")
                                                   : QStringLiteral("invalid_admin_token");
            authenticationFailed(request, reason);
            return reply->send(
                HttpResponse::problem(401, token.isEmpty()
                                               ? QStringLiteral("an admin token is required")
                                               : QStringLiteral("invalid or revoked admin token"))
                    .withHeader("WWW-Authenticate", "Bearer realm=\"proxmox-mcp-admin\""));
        }
        reply->setClient(QStringLiteral("admin:") + request.client->name);
    } else if (route.access != RouteAccess::Public && m_authenticator) {
        const QByteArray token = bearerToken(request);
        if (!token.isEmpty())
            request.client = m_authenticator(token);
        // An OAuth access token is good only for the resource it was issued for (RFC 8707).
        if (request.client && !request.client->audience.isEmpty() &&
            request.client->audience != BearerChallenge::resourceOf(request))
            request.client.reset();
        if (request.client)
            reply->setClient(request.client->name);
        // A wrong token is a guess, even where a token is optional.
        else if (!token.isEmpty() && refuseGuess(request, reply, QStringLiteral("throttled")))
            return;
        if (!request.client && route.access == RouteAccess::Token) {
            const QString reason =
                token.isEmpty() ? QStringLiteral("missing_token") : QStringLiteral("invalid_token");
            authenticationFailed(request, reason);
            return reply->send(
                HttpResponse::problem(401, token.isEmpty()
                                               ? QStringLiteral("a bearer token is required")
                                               : QStringLiteral("invalid or revoked token"))
                    .withHeader("WWW-Authenticate",
                                m_resourceMetadataPath.isEmpty()
                                    ? QByteArray("Bearer realm=\"proxmox-mcp\"")
                                    : BearerChallenge::unauthorized(request, m_resourceMetadataPath,
                                                                    !token.isEmpty())));
        }
    } else if (route.access != RouteAccess::Public) {
        // Authentication is off (loopback only, enforced by the configuration check).
        request.client = ClientIdentity{QStringLiteral("anonymous"), false};
        reply->setClient(request.client->name);
    }

    if (!route.methods.contains(request.method)) {
        QByteArray allow;
        for (const QByteArray &method : route.methods)
            allow += (allow.isEmpty() ? "" : ", ") + method;
        return reply->send(HttpResponse::problem(405, QStringLiteral("method not allowed"))
                               .withHeader("Allow", allow));
    }
    route.handler(request, reply);
}

} // namespace pmcp
