#include "http/HttpRouter.h"

#include "ops/MetricsRegistry.h"

#include <QElapsedTimer>

namespace pmcp {

namespace {

// Records status and latency of a reply for /metrics, whatever route wrote it.
class MeteredReply final : public HttpReply {
public:
    MeteredReply(std::shared_ptr<HttpReply> inner, MetricsRegistry *metrics, QString route,
                 QString method)
        : m_inner(std::move(inner))
        , m_metrics(metrics)
        , m_route(std::move(route))
        , m_method(std::move(method))
    {
        m_timer.start();
    }

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
        if (m_recorded || !m_metrics)
            return;
        m_recorded = true;
        m_metrics->increment(QStringLiteral("pmcp_http_requests_total"),
                             {m_route, m_method, QString::number(status)});
        m_metrics->observe(QStringLiteral("pmcp_http_request_duration_seconds"),
                           double(m_timer.nsecsElapsed()) / 1e9, {m_route});
    }

    std::shared_ptr<HttpReply> m_inner;
    MetricsRegistry *m_metrics;
    QString m_route;
    QString m_method;
    QElapsedTimer m_timer;
    bool m_recorded = false;
};

QByteArray bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.header("authorization").trimmed();
    if (header.size() < 7 || qstrnicmp(header.constData(), "bearer ", 7) != 0)
        return {};
    return header.mid(7).trimmed();
}

} // namespace

HttpRouter::HttpRouter(OriginPolicy policy, Authenticator authenticator, MetricsRegistry *metrics)
    : m_policy(std::move(policy))
    , m_authenticator(std::move(authenticator))
    , m_metrics(metrics)
{}

void HttpRouter::declareMetrics(MetricsRegistry &metrics)
{
    metrics.declareCounter(
        QStringLiteral("pmcp_http_requests_total"),
        QStringLiteral("HTTP requests answered, by route, method and status."),
        {QStringLiteral("route"), QStringLiteral("method"), QStringLiteral("status")});
    metrics.declareHistogram(QStringLiteral("pmcp_http_request_duration_seconds"),
                             QStringLiteral("Time to the first byte of the HTTP response."),
                             MetricsRegistry::latencyBuckets(), {QStringLiteral("route")});
    metrics.declareCounter(
        QStringLiteral("pmcp_auth_failures_total"),
        QStringLiteral(
            "Requests refused for a missing or invalid bearer token, or a refused Host/Origin."),
        {QStringLiteral("reason")});
}

void HttpRouter::addRoute(const QString &path, const QList<QByteArray> &methods, RouteAccess access,
                          Handler handler)
{
    m_routes.insert(path, Route{methods, access, std::move(handler)});
}

std::shared_ptr<HttpReply> HttpRouter::metered(const QString &route, const QByteArray &method,
                                               const std::shared_ptr<HttpReply> &reply)
{
    return std::make_shared<MeteredReply>(reply, m_metrics, route, QString::fromLatin1(method));
}

void HttpRouter::handle(HttpRequest request, const std::shared_ptr<HttpReply> &rawReply)
{
    const auto found = m_routes.constFind(request.path);
    const QString routeLabel =
        found == m_routes.constEnd() ? QStringLiteral("other") : request.path;
    const QByteArray methodLabel =
        QList<QByteArray>{"GET", "POST", "DELETE", "PUT", "HEAD", "OPTIONS", "PATCH"}.contains(
            request.method)
            ? request.method
            : QByteArray("OTHER");
    const auto reply = metered(routeLabel, methodLabel, rawReply);

    if (!m_policy.isHostAllowed(request.header("host"))) {
        if (m_metrics)
            m_metrics->increment(QStringLiteral("pmcp_auth_failures_total"),
                                 {QStringLiteral("host")});
        return reply->send(HttpResponse::problem(403, QStringLiteral("Host not allowed")));
    }
    if (!m_policy.isOriginAllowed(request.header("origin"))) {
        if (m_metrics)
            m_metrics->increment(QStringLiteral("pmcp_auth_failures_total"),
                                 {QStringLiteral("origin")});
        return reply->send(HttpResponse::problem(403, QStringLiteral("Origin not allowed")));
    }
    if (found == m_routes.constEnd())
        return reply->send(
            HttpResponse::problem(404, QStringLiteral("no such path: %1").arg(request.path)));
    const Route &route = found.value();

    if (route.access != RouteAccess::Public && m_authenticator) {
        const QByteArray token = bearerToken(request);
        std::optional<Identity> identity;
        if (!token.isEmpty())
            identity = m_authenticator(token);
        if (identity) {
            request.clientName = identity->clientName;
            request.readOnlyClient = identity->readOnly;
        } else if (route.access == RouteAccess::Token) {
            if (m_metrics)
                m_metrics->increment(QStringLiteral("pmcp_auth_failures_total"),
                                     {token.isEmpty() ? QStringLiteral("missing_token")
                                                      : QStringLiteral("invalid_token")});
            return reply->send(
                HttpResponse::problem(401, token.isEmpty()
                                               ? QStringLiteral("a bearer token is required")
                                               : QStringLiteral("invalid or revoked token"))
                    .withHeader("WWW-Authenticate", "Bearer realm=\"proxmox-mcp\""));
        }
    } else if (route.access != RouteAccess::Public) {
        // Authentication is off (loopback only, enforced by the configuration check).
        request.clientName = QStringLiteral("anonymous");
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
