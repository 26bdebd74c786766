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
    Admin,         // a valid admin token (the admin authenticator); MCP tokens never open it
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
    // Every path below prefix (which ends in '/', e.g. "/api/admin/clients/"): the handler reads
    // the rest of request.path. An exact route wins; among prefixes the longest.
    void addPrefixRoute(const QString &prefix, const QList<QByteArray> &methods, RouteAccess access,
                        Handler handler);
    // Who may open RouteAccess::Admin routes. Without one, admin routes answer 403: the admin
    // API is off. Admin tokens are a separate store: the MCP authenticator never sees them.
    void setAdminAuthenticator(Authenticator authenticator);
    // With a path (the protected resource metadata, RFC 9728), a 401 of a Token route says where
    // to find the authorization server (WWW-Authenticate: Bearer resource_metadata="…"), and a
    // token bound to another resource (ClientIdentity::audience) is refused like an invalid one.
    void setResourceMetadataPath(const QString &path);
    void handle(HttpRequest request, const std::shared_ptr<HttpReply> &reply);

private:
    struct Route {
        QList<QByteArray> methods;
        RouteAccess access = RouteAccess::Token;
        Handler handler;
    };
    void refused(const QString &reason) const;
    const Route *find(const QString &path, QString *label) const;

    OriginPolicy m_policy;
    Authenticator m_authenticator;
    HttpObserver *m_observer;
    Authenticator m_adminAuthenticator;
    QString m_resourceMetadataPath;
    QHash<QString, Route> m_routes;
    QList<std::pair<QString, Route>> m_prefixRoutes; // longest prefix first
};

} // namespace pmcp
