#pragma once

#include "server/admin/EventStream.h"
#include "server/http/HttpRouter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QObject>

#include <functional>
#include <map>
#include <memory>

namespace pmcp {

class ActivitySeries;
class EventBus;
class HealthReport;

// The admin API's own routes (docs/ADMIN-API.md): version, status, the event stream and the
// audit log. Reading the audit runs on a worker thread, so a large log never stalls the loop.
class AdminController final {
public:
    struct Sources {
        const HealthReport *health = nullptr;
        const ActivitySeries *activity = nullptr;
        EventBus *events = nullptr;
        QString auditDirectory;
        QString auditKeyPath;
        // Each Proxmox target: {"name", "status", "detail"}; empty without the Proxmox API.
        std::function<QJsonArray()> targets;
        // What is open now: {"sessionsOpen", "clientsActive", …} (GET /status "now").
        std::function<QJsonObject()> now;
        int keepAliveMs = EventStream::kDefaultKeepAliveMs;
    };

    // More open event streams than this get 503: each one is a socket and a timer.
    static constexpr int kMaxStreams = 64;

    explicit AdminController(Sources sources);
    ~AdminController();
    Q_DISABLE_COPY_MOVE(AdminController)

    void registerRoutes(HttpRouter &router);
    int openStreams() const { return int(m_streams.size()); }

private:
    void serveVersion(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void serveStatus(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void serveEvents(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void serveAudit(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void serveAuditVerify(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);

    // Runs work on the global thread pool; its answer is sent from the event loop, unless the
    // controller is gone by then.
    void answerLater(const std::shared_ptr<HttpReply> &reply, std::function<HttpResponse()> work);
    void finishLater(int id, const HttpResponse &response);

    Sources m_sources;
    QElapsedTimer m_uptime;
    std::unique_ptr<QObject> m_context; // answers of worker threads are delivered to it
    int m_nextStream = 0;
    std::map<int, EventStream *> m_streams; // children of m_context
    int m_nextPending = 0;
    std::map<int, std::shared_ptr<HttpReply>> m_pending; // answers being computed
};

} // namespace pmcp
