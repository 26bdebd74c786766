#pragma once

#include "server/http/HttpRouter.h"

namespace pmcp {

class AlertService;

// The alerts section of the admin API (docs/ADMIN-API.md, docs/ALERTS.md): GET
// /api/admin/alerts (channels, active conditions, recent alerts and their deliveries) and POST
// /api/admin/alerts/test (a test alert to one channel, answered when the channel took it or
// refused it).
class AlertController final {
public:
    explicit AlertController(AlertService *service);

    void registerRoutes(HttpRouter &router);

    // The recent alerts GET answers without ?limit=, and at most.
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 200;

private:
    void list(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply) const;
    void test(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);

    AlertService *m_service;
};

} // namespace pmcp
