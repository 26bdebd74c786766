#include "server/ops/OpsController.h"

#include "shared/core/Version.h"
#include "server/ops/ApiDocs.h"
#include "server/ops/HealthReport.h"
#include "server/ops/MetricsRegistry.h"

namespace pmcp {

OpsController::OpsController(Options options, HealthReport *health, MetricsRegistry *metrics,
                             std::function<void()> refreshGauges)
    : m_options(std::move(options))
    , m_health(health)
    , m_metrics(metrics)
    , m_refreshGauges(std::move(refreshGauges))
{
    m_uptime.start();
}

void OpsController::registerRoutes(HttpRouter &router)
{
    using namespace std::placeholders;
    router.addRoute(QStringLiteral("/"), {"GET"}, RouteAccess::Public,
                    std::bind(&OpsController::serveDescriptor, this, _1, _2));
    router.addRoute(QStringLiteral("/health"), {"GET"}, RouteAccess::OptionalToken,
                    std::bind(&OpsController::serveHealth, this, _1, _2));
    router.addRoute(QStringLiteral("/metrics"), {"GET"},
                    m_options.metricsPublic ? RouteAccess::Public : RouteAccess::Token,
                    std::bind(&OpsController::serveMetrics, this, _1, _2));
    router.addRoute(QStringLiteral("/docs"), {"GET"}, RouteAccess::Public,
                    std::bind(&OpsController::serveDocs, this, _1, _2));
    router.addRoute(QStringLiteral("/docs/openapi.json"), {"GET"}, RouteAccess::Public,
                    [this](const HttpRequest &, const std::shared_ptr<HttpReply> &reply) {
                        reply->send(HttpResponse::json(200, openApi()));
                    });
}

void OpsController::serveHealth(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply)
{
    // Without a token: status words only. Details can name paths and hosts.
    const bool detailed = request.client.has_value() && m_options.authEnabled;
    const QJsonObject report = m_health->build(detailed || !m_options.authEnabled, uptimeSeconds());
    const bool unhealthy =
        report.value(QLatin1String("status")).toString() == QLatin1String("unhealthy");
    reply->send(
        HttpResponse::json(unhealthy ? 503 : 200, report).withHeader("Cache-Control", "no-store"));
}

void OpsController::serveMetrics(const HttpRequest &, const std::shared_ptr<HttpReply> &reply)
{
    if (m_refreshGauges)
        m_refreshGauges();
    reply->send(
        HttpResponse::text(200, m_metrics->render(), "text/plain; version=0.0.4; charset=utf-8"));
}

void OpsController::serveDocs(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply)
{
    const QByteArray accept = request.header("accept");
    const qsizetype json = accept.indexOf("application/json");
    const qsizetype html = accept.indexOf("text/html");
    if (json >= 0 && (html < 0 || json < html))
        return reply->send(HttpResponse::json(200, openApi()));
    // The Host header was checked by the router: the URL is one this daemon answers on.
    const QString host = QString::fromLatin1(request.header("host"));
    const QString url =
        host.isEmpty() ? QString()
                       : (request.secure ? QStringLiteral("https://") : QStringLiteral("http://")) +
                             host + m_options.mcpPath;
    reply->send(HttpResponse::text(
        200,
        ApiDocs::html(m_options.mcpPath, url,
                      m_options.tools ? m_options.tools() : QList<ApiDocs::Tool>(), adminRoutes()),
        "text/html; charset=utf-8"));
}

QList<ApiDocs::Route> OpsController::adminRoutes() const
{
    return m_options.adminRoutes ? m_options.adminRoutes() : QList<ApiDocs::Route>();
}

QJsonObject OpsController::openApi() const
{
    return ApiDocs::openApi(m_options.mcpPath, adminRoutes());
}

void OpsController::serveDescriptor(const HttpRequest &, const std::shared_ptr<HttpReply> &reply)
{
    reply->send(HttpResponse::json(
        200,
        {{QStringLiteral("name"), QStringLiteral("proxmox-mcpd")},
         {QStringLiteral("product"), productName()},
         {QStringLiteral("version"), productVersion()},
         {QStringLiteral("mcp"),
          QJsonObject{{QStringLiteral("path"), m_options.mcpPath},
                      {QStringLiteral("transport"), QStringLiteral("streamable-http")},
                      {QStringLiteral("auth"),
                       m_options.authEnabled ? QStringLiteral("bearer") : QStringLiteral("none")}}},
         {QStringLiteral("health"), QStringLiteral("/health")},
         {QStringLiteral("metrics"), QStringLiteral("/metrics")},
         {QStringLiteral("docs"), QStringLiteral("/docs")}}));
}

} // namespace pmcp
