#pragma once

#include "server/http/HttpRouter.h"
#include "server/ops/ApiDocs.h"

#include <QElapsedTimer>

#include <functional>

namespace pmcp {

class HealthReport;
class MetricsRegistry;

// The operational routes: service descriptor (/), /health, /metrics and /docs.
class OpsController final {
public:
    struct Options {
        QString mcpPath = QStringLiteral("/api/mcp");
        bool metricsPublic = false;
        bool authEnabled = true;
        // The tools /docs lists (the ones offered to a full client).
        std::function<QList<ApiDocs::Tool>()> tools;
        // The admin routes /docs lists (those registered when it is asked).
        std::function<QList<ApiDocs::Route>()> adminRoutes;
    };

    OpsController(Options options, HealthReport *health, MetricsRegistry *metrics,
                  std::function<void()> refreshGauges);

    void registerRoutes(HttpRouter &router);
    qint64 uptimeSeconds() const { return m_uptime.elapsed() / 1000; }

private:
    void serveHealth(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void serveMetrics(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void serveDocs(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void serveDescriptor(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    QJsonObject openApi() const;
    QList<ApiDocs::Route> adminRoutes() const;

    Options m_options;
    HealthReport *m_health;
    MetricsRegistry *m_metrics;
    std::function<void()> m_refreshGauges;
    QElapsedTimer m_uptime;
};

} // namespace pmcp
