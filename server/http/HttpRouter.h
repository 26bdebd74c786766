#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/OriginPolicy.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace pmcp {

class MetricsRegistry;

// Who may call a route.
enum class RouteAccess {
    Public,        // anyone who passes the Host/Origin checks
    Token,         // a valid bearer token
    OptionalToken, // anyone; the token, when valid, is recorded (e.g. /health shows more)
};

// Routes requests by path and method after the checks every route shares: Host and Origin
// (DNS rebinding), bearer authentication, and HTTP metrics by route and status.
class HttpRouter final {
public:
    using Handler = std::function<void(const HttpRequest &, const std::shared_ptr<HttpReply> &)>;
    struct Identity {
        QString clientName;
        bool readOnly = false;
    };
    using Authenticator = std::function<std::optional<Identity>(const QByteArray &token)>;

    HttpRouter(OriginPolicy policy, Authenticator authenticator, MetricsRegistry *metrics);

    void addRoute(const QString &path, const QList<QByteArray> &methods, RouteAccess access,
                  Handler handler);
    void handle(HttpRequest request, const std::shared_ptr<HttpReply> &reply);

    static void declareMetrics(MetricsRegistry &metrics);

private:
    struct Route {
        QList<QByteArray> methods;
        RouteAccess access = RouteAccess::Token;
        Handler handler;
    };
    std::shared_ptr<HttpReply> metered(const QString &route, const QByteArray &method,
                                       const std::shared_ptr<HttpReply> &reply);

    OriginPolicy m_policy;
    Authenticator m_authenticator;
    MetricsRegistry *m_metrics;
    QHash<QString, Route> m_routes;
};

} // namespace pmcp
