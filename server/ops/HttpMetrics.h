#pragma once

#include "server/http/HttpObserver.h"

namespace pmcp {

class MetricsRegistry;

// The router's observations as Prometheus series: requests by route, method and status, their
// latency, and refused requests by reason.
class HttpMetrics final : public HttpObserver {
public:
    explicit HttpMetrics(MetricsRegistry *metrics);

    static void declare(MetricsRegistry &metrics);

    void requestAnswered(const QString &route, const QString &method, int status,
                         double seconds) override;
    void requestRefused(const QString &reason) override;

private:
    MetricsRegistry *m_metrics;
};

} // namespace pmcp
