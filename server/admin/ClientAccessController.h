#pragma once

#include "server/http/HttpRequest.h"
#include "server/http/HttpResponse.h"
#include "server/http/HttpRouter.h"

#include <functional>
#include <memory>

namespace pmcp {

class ClientStore;
class ClientUsage;
class EventBus;
class OAuthStore;

// The admin routes of client access (docs/ADMIN-API.md, "Clients"): the static tokens and the
// OAuth grants in one list, creating a static token, revoking either with a reason, and the
// pending access requests with their approval or rejection. Every route is RouteAccess::Admin.
class ClientAccessController final {
public:
    struct Parts {
        ClientStore *tokens;
        OAuthStore *oauth;
        ClientUsage *usage;
        EventBus *events;
        // Called after a change of the OAuth store (the event watcher announces it at once).
        std::function<void()> changed;
    };

    explicit ClientAccessController(Parts parts);

    void registerRoutes(HttpRouter &router);

private:
    void list(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void create(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void revoke(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void pending(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void decide(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);

    Parts m_parts;
};

} // namespace pmcp
