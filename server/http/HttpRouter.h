#pragma once

#include "server/http/AuthThrottle.h"
#include "server/http/HttpObserver.h"
#include "server/http/HttpRequest.h"
#include "server/http/HttpResponse.h"
#include "server/http/NetworkList.h"
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
// header, both allowed (DNS rebinding), the source address (X-Forwarded-For only from trusted
// proxies), the admin networks, bearer authentication slowed down per address after failures,
// and a report of every answer and refusal to an HttpObserver.
class HttpRouter final {
public:
    // One registered route, for completeness checks and the API description.
    struct RouteInfo {
        QString path; // a prefix route's prefix, ending in '/'
        QList<QByteArray> methods;
        RouteAccess access = RouteAccess::Token;
        bool prefix = false;
    };

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
    // Where admin routes answer from (ADMIN_ALLOWED_NETWORKS); empty: anywhere. Others get 403
    // before their token is looked at.
    void setAdminNetworks(NetworkList networks) { m_adminNetworks = std::move(networks); }
    // Peers whose X-Forwarded-For is believed (TRUSTED_PROXIES); request.peer becomes the
    // client's address behind them.
    void setTrustedProxies(NetworkList proxies) { m_trustedProxies = std::move(proxies); }
    AuthThrottle &throttle() { return m_throttle; }
    // Every route, exact ones sorted by path, then the prefixes.
    QList<RouteInfo> routes() const;
    // A configuration reload (MCP_ALLOWED_HOSTS, MCP_ALLOWED_ORIGINS): from the next request on.
    void setOriginPolicy(OriginPolicy policy);
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
    // Counts a wrong token against its address; answers 429 (and returns true) when the address
    // failed too often lately. A right token is never refused here: a guesser behind the same
    // NAT or proxy must not lock out the clients that hold valid tokens.
    bool refuseGuess(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply,
                     const QString &reason);
    void authenticationFailed(const HttpRequest &request, const QString &reason);
    const Route *find(const QString &path, QString *label) const;

    OriginPolicy m_policy;
    Authenticator m_authenticator;
    HttpObserver *m_observer;
    Authenticator m_adminAuthenticator;
    NetworkList m_adminNetworks;
    NetworkList m_trustedProxies;
    AuthThrottle m_throttle;
    QString m_resourceMetadataPath;
    QHash<QString, Route> m_routes;
    QList<std::pair<QString, Route>> m_prefixRoutes; // longest prefix first
};

} // namespace pmcp
