#include "server/admin/AdminController.h"

#include "server/admin/AdminApi.h"
#include "server/admin/AuditQuery.h"
#include "server/admin/EventStream.h"
#include "server/audit/AuditLog.h"
#include "server/events/EventBus.h"
#include "server/ops/ActivitySeries.h"
#include "server/ops/HealthReport.h"
#include "shared/core/Version.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>
#include <QThreadPool>

namespace pmcp {

AdminController::AdminController(Sources sources)
    : m_sources(std::move(sources))
    , m_context(std::make_unique<QObject>())
{
    m_uptime.start();
}

AdminController::~AdminController() = default;

void AdminController::answerLater(const std::shared_ptr<HttpReply> &reply,
                                  std::function<HttpResponse()> work)
{
    // The reply stays here, on the event loop's thread: the worker only computes the answer.
    const int id = m_nextPending++;
    m_pending.emplace(id, reply);
    QPointer<QObject> alive(m_context.get());
    QThreadPool::globalInstance()->start([alive, self = this, id, work = std::move(work)] {
        const HttpResponse response = work();
        // Read only on the event loop's thread, where the controller is destroyed.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [alive, self, id, response] {
                if (alive)
                    self->finishLater(id, response);
            },
            Qt::QueuedConnection);
    });
}

void AdminController::finishLater(int id, const HttpResponse &response)
{
    const auto found = m_pending.find(id);
    if (found == m_pending.end())
        return;
    const std::shared_ptr<HttpReply> reply = found->second;
    m_pending.erase(found);
    if (reply->isOpen())
        reply->send(response);
}

void AdminController::registerRoutes(HttpRouter &router)
{
    using namespace std::placeholders;
    const auto add = [&](const QString &relative, auto method) {
        router.addRoute(AdminApi::path(relative), {"GET"}, RouteAccess::Admin,
                        std::bind(method, this, _1, _2));
    };
    add(QStringLiteral("version"), &AdminController::serveVersion);
    add(QStringLiteral("status"), &AdminController::serveStatus);
    add(QStringLiteral("events"), &AdminController::serveEvents);
    add(QStringLiteral("audit"), &AdminController::serveAudit);
    add(QStringLiteral("audit/verify"), &AdminController::serveAuditVerify);
}

void AdminController::serveVersion(const HttpRequest &, const std::shared_ptr<HttpReply> &reply)
{
    reply->send(HttpResponse::json(200, {{QStringLiteral("apiVersion"), AdminApi::kVersion},
                                         {QStringLiteral("product"), productName()},
                                         {QStringLiteral("version"), productVersion()}}));
}

void AdminController::serveStatus(const HttpRequest &, const std::shared_ptr<HttpReply> &reply)
{
    const QList<HealthCheck> checks = m_sources.health->run();
    QJsonArray list;
    for (const HealthCheck &check : checks) {
        list.append(QJsonObject{{QStringLiteral("name"), check.name},
                                {QStringLiteral("status"), check.status},
                                {QStringLiteral("detail"), check.detail}});
    }
    const qint64 uptime = m_uptime.elapsed() / 1000;
    const QDateTime started = QDateTime::currentDateTimeUtc().addMSecs(-m_uptime.elapsed());
    reply->send(HttpResponse::json(
        200, {{QStringLiteral("apiVersion"), AdminApi::kVersion},
              {QStringLiteral("version"), productVersion()},
              {QStringLiteral("started"), started.toString(Qt::ISODateWithMs)},
              {QStringLiteral("uptimeSeconds"), uptime},
              {QStringLiteral("health"),
               QJsonObject{{QStringLiteral("status"), HealthReport::overall(checks)},
                           {QStringLiteral("checks"), list}}},
              {QStringLiteral("targets"), m_sources.targets ? m_sources.targets() : QJsonArray()},
              {QStringLiteral("now"), m_sources.now ? m_sources.now() : QJsonObject()},
              {QStringLiteral("counters"), m_sources.activity->totalsJson()},
              {QStringLiteral("lastHour"), m_sources.activity->lastHour()},
              {QStringLiteral("lastEventId"), QString::number(m_sources.events->lastId())}}));
}

void AdminController::serveEvents(const HttpRequest &request,
                                  const std::shared_ptr<HttpReply> &reply)
{
    QByteArray after = request.header("last-event-id").trimmed();
    if (after.isEmpty())
        after = request.query.queryItemValue(QStringLiteral("after")).toLatin1();
    qint64 lastId = 0;
    if (!after.isEmpty()) {
        bool ok = false;
        lastId = after.toLongLong(&ok);
        if (!ok || lastId < 0)
            return reply->send(AdminApi::error(
                400, QStringLiteral("Last-Event-ID (or after) must be an event id, a whole "
                                    "number, not \"%1\"")
                         .arg(QString::fromLatin1(after.left(64)))));
    }
    if (int(m_streams.size()) >= kMaxStreams)
        return reply->send(AdminApi::error(
            503, QStringLiteral("too many open event streams (%1); close one and try again")
                     .arg(kMaxStreams)));
    const int id = m_nextStream++;
    auto *stream =
        new EventStream(m_sources.events, reply, lastId, m_sources.keepAliveMs, m_context.get());
    m_streams.emplace(id, stream);
    QObject::connect(stream, &EventStream::closed, m_context.get(), [this, id] {
        const auto found = m_streams.find(id);
        if (found == m_streams.end())
            return;
        found->second->deleteLater();
        m_streams.erase(found);
    });
    if (!reply->isOpen()) {
        stream->deleteLater();
        m_streams.erase(id);
    }
}

void AdminController::serveAudit(const HttpRequest &request,
                                 const std::shared_ptr<HttpReply> &reply)
{
    const auto filter = AuditQuery::parse(request.query);
    if (!filter.ok())
        return reply->send(AdminApi::error(400, filter.error().message));
    answerLater(reply, [directory = m_sources.auditDirectory, filter = filter.value()] {
        const auto result = AuditQuery::run(directory, filter);
        if (!result.ok())
            return AdminApi::error(500, result.error().message);
        return HttpResponse::json(200, result.value());
    });
}

void AdminController::serveAuditVerify(const HttpRequest &, const std::shared_ptr<HttpReply> &reply)
{
    answerLater(reply, [directory = m_sources.auditDirectory, key = m_sources.auditKeyPath] {
        const AuditVerification result = AuditLog::verify(directory, key);
        QJsonObject body{{QStringLiteral("ok"), result.ok},
                         {QStringLiteral("entriesChecked"), result.entriesChecked}};
        if (!result.ok) {
            body.insert(QStringLiteral("firstBadFile"), result.firstBadFile);
            body.insert(QStringLiteral("firstBadLine"), result.firstBadLine);
            body.insert(QStringLiteral("reason"), result.reason);
        }
        return HttpResponse::json(200, body);
    });
}

} // namespace pmcp
