#pragma once

#include "server/http/HttpObserver.h"
#include "server/http/HttpRequest.h"
#include "server/http/HttpResponse.h"
#include "server/http/OriginPolicy.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace pmcp {

// Who may call a route.
enum class RouteAccess {
    Public,        // anyone who passes the Host/Origin checks
    Token,         // a valid bearer token
    OptionalToken, // anyone; the token, when valid, is recorded (e.g. /health shows more)
};

// Routes requests by path and method after the checks every route shares: a single Host and Origin
// header, both allowed (DNS rebinding), bearer authentication, and a report of every answer and
// refusal to an HttpObserver.
class HttpRouter final {
public:
    using Handler = std::function<void(const HttpRequest &, const std::shared_ptr<HttpReply> &)>;
    using Authenticator = std::function<std::optional<ClientIdentity>(const QByteArray &token)>;

    // The observer (may be null) must outlive the router.
    HttpRouter(OriginPolicy policy, Authenticator authenticator, HttpObserver *observer);

    void addRoute(const QString &path, const QList<QByteArray> &methods, RouteAccess access,
                  Handler handler);
    void handle(HttpRequest request, const std::shared_ptr<HttpReply> &reply);

private:
    struct Route {
        QList<QByteArray> methods;
        RouteAccess access = RouteAccess::Token;
        Handler handler;
    };
    void refused(const QString &reason) const;

    OriginPolicy m_policy;
    Authenticator m_authenticator;
    HttpObserver *m_observer;
    QHash<QString, Route> m_routes;
};

} // namespace pmcp
