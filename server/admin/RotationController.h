#pragma once

#include "server/http/HttpRouter.h"
#include "shared/core/Result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include <functional>
#include <optional>

namespace pmcp {

class EventBus;

// The rotation section of the admin API (docs/ADMIN-API.md, docs/ROTATION.md): GET
// /api/admin/rotation (both credentials' age, the rotation running now) and POST
// /api/admin/rotation/ssh-key and …/api-token (202, the work runs without blocking the event
// loop). One rotation at a time: a second is refused with 409. Each step is published as
// rotation.step as it happens, the end as rotation.finished. The rotations themselves are the
// composition root's (server/app), reached through Start.
class RotationController final {
public:
    // One step as a rotation reports it. index counts from 1 in the order the rotation runs its
    // steps; state is running, ok, failed, undone (rolled back after a later step failed) or
    // planned (a dry run).
    struct StepReport final {
        int index = 0;
        int total = 0;
        QString name;
        QString state;
        QString message;
    };
    struct Finish final {
        bool ok = false;
        QString message; // a sentence
        // What the rotation made (the new key's path, the new token id); never a secret.
        QJsonObject result;
    };
    // What a started rotation calls, on the event loop: step for each report, finished once.
    struct Callbacks final {
        std::function<void(const StepReport &)> step;
        std::function<void(const Finish &)> finished;
    };
    // kind: "ssh-key" or "api-token". An error: the rotation cannot start (its sentence).
    using Start = std::function<Result<void>(const QString &kind, bool dryRun, Callbacks)>;
    // {"sshKey": {…}, "apiToken": {…}, "rotationDays": n}: the credentials as they are now.
    using Status = std::function<QJsonObject()>;

    RotationController(EventBus *events, Status status, Start start);

    void registerRoutes(HttpRouter &router);

    bool busy() const { return m_running.has_value(); }

private:
    struct Running final {
        QString id;
        QString kind;
        bool dryRun = false;
        QDateTime started;
        QJsonArray steps; // the latest report of each step, by index
    };
    void status(const std::shared_ptr<HttpReply> &reply) const;
    void start(const QString &kind, const HttpRequest &request,
               const std::shared_ptr<HttpReply> &reply);
    void stepped(const QString &id, const StepReport &step);
    void finished(const QString &id, const Finish &finish);
    static QJsonObject describe(const Running &running);

    EventBus *m_events;
    Status m_status;
    Start m_start;
    std::optional<Running> m_running;
    QJsonObject m_last; // the last finished rotation, for GET
    int m_started = 0;
};

} // namespace pmcp
