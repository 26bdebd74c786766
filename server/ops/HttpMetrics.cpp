#include "server/ops/HttpMetrics.h"

#include "server/ops/ActivitySeries.h"
#include "server/ops/AuthFailureHistory.h"
#include "server/ops/MetricsRegistry.h"

namespace pmcp {

HttpMetrics::HttpMetrics(MetricsRegistry *metrics)
    : m_metrics(metrics)
{}

void HttpMetrics::declare(MetricsRegistry &metrics)
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
    metrics.declareCounter(
        QStringLiteral("pmcp_authentication_failures_total"),
        QStringLiteral(
            "Bearer tokens refused, by realm (mcp: /api/mcp and the token routes, admin: "
            "/api/admin/) and reason (missing_token, invalid_token, throttled: 429 "
            "after too many failures from one address)."),
        {QStringLiteral("realm"), QStringLiteral("reason")});
}

void HttpMetrics::requestAnswered(const QString &route, const QString &method, int status,
                                  double seconds)
{
    m_metrics->increment(QStringLiteral("pmcp_http_requests_total"),
                         {route, method, QString::number(status)});
    m_metrics->observe(QStringLiteral("pmcp_http_request_duration_seconds"), seconds, {route});
}

void HttpMetrics::requestRefused(const QString &reason)
{
    m_metrics->increment(QStringLiteral("pmcp_auth_failures_total"), {reason});
}

void HttpMetrics::tokenRefused(const QString &reason, const QString &peer, const QString &path)
{
    (void)peer, (void)path;
    // The router's reasons carry the realm: missing_admin_token, throttled_admin, …
    const bool admin = reason.contains(QLatin1String("admin"));
    QString plain = reason;
    plain.remove(QLatin1String("_admin"));
    m_metrics->increment(QStringLiteral("pmcp_authentication_failures_total"),
                         {admin ? QStringLiteral("admin") : QStringLiteral("mcp"), plain});
    if (plain == QLatin1String("missing_token"))
        return;
    if (m_activity)
        m_activity->authFailure();
    if (m_history)
        m_history->record();
}

} // namespace pmcp
