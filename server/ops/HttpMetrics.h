#pragma once

#include "server/http/HttpObserver.h"

namespace pmcp {

class ActivitySeries;
class AuthFailureHistory;
class MetricsRegistry;

// The router's observations as Prometheus series: requests by route, method and status, their
// latency, refused requests by reason, and failed authentications by realm (mcp, admin) and
// reason (missing_token, invalid_token, throttled); failures also go to the dashboard's series.
class HttpMetrics final : public HttpObserver {
public:
    explicit HttpMetrics(MetricsRegistry *metrics);

    static void declare(MetricsRegistry &metrics);

    void requestAnswered(const QString &route, const QString &method, int status,
                         double seconds) override;
    void requestRefused(const QString &reason) override;
    void tokenRefused(const QString &reason, const QString &peer, const QString &path) override;
    // Invalid and throttled tokens are counted there too (may be null).
    void setActivity(ActivitySeries *activity) { m_activity = activity; }
    // Refused tokens (not missing ones) are also counted here, per hour over 24 h.
    void setAuthFailureHistory(AuthFailureHistory *history) { m_history = history; }

private:
    MetricsRegistry *m_metrics;
    ActivitySeries *m_activity = nullptr;
    AuthFailureHistory *m_history = nullptr;
};

} // namespace pmcp
