#pragma once

#include "server/http/HttpRouter.h"

namespace pmcp {

class BackupService;

// The backups section of the admin API (docs/ADMIN-API.md): GET/POST /api/admin/backups,
// POST /api/admin/backups/{name}/verify and …/restore. The work runs on BackupService's worker
// thread; the answer is written when it is done, and progress goes to the event stream.
class BackupController final {
public:
    explicit BackupController(BackupService *service);

    void registerRoutes(HttpRouter &router);

private:
    void list(const std::shared_ptr<HttpReply> &reply) const;
    void create(const std::shared_ptr<HttpReply> &reply);
    void act(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);

    BackupService *m_service;
};

} // namespace pmcp
