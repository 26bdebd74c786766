#include "server/admin/AlertController.h"

#include "server/admin/AdminApi.h"
#include "server/alerts/AlertService.h"

namespace pmcp {

AlertController::AlertController(AlertService *service)
    : m_service(service)
{}

void AlertController::registerRoutes(HttpRouter &router)
{
    router.addRoute(AdminApi::path(QStringLiteral("alerts")), {"GET"}, RouteAccess::Admin,
                    [this](const HttpRequest &request, const std::shared_ptr<HttpReply> &reply) {
                        list(request, reply);
                    });
    router.addRoute(AdminApi::path(QStringLiteral("alerts/test")), {"POST"}, RouteAccess::Admin,
                    [this](const HttpRequest &request, const std::shared_ptr<HttpReply> &reply) {
                        test(request, reply);
                    });
}

void AlertController::list(const HttpRequest &request,
                           const std::shared_ptr<HttpReply> &reply) const
{
    int limit = kDefaultLimit;
    if (request.query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = request.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > kMaxLimit) {
            reply->send(
                AdminApi::error(400, QStringLiteral("limit: a number from 1 to %1").arg(kMaxLimit),
                                {{QStringLiteral("key"), QStringLiteral("limit")}}));
            return;
        }
    }
    reply->send(HttpResponse::json(200, m_service->toJson(limit)));
}

void AlertController::test(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply)
{
    auto body = AdminApi::objectBody(request);
    if (auto *answer = std::get_if<HttpResponse>(&body)) {
        reply->send(*answer);
        return;
    }
    const QString channel = std::get<QJsonObject>(body).value(QStringLiteral("channel")).toString();
    if (channel.isEmpty()) {
        reply->send(AdminApi::error(
            400, QStringLiteral("channel: the channel to test (slack, discord, webhook, email)"),
            {{QStringLiteral("key"), QStringLiteral("channel")}}));
        return;
    }
    const auto started = m_service->sendTest(channel, [reply, channel](const Result<void> &sent) {
        if (!reply->isOpen())
            return;
        if (sent.ok())
            reply->send(HttpResponse::json(
                200, {{QStringLiteral("channel"), channel}, {QStringLiteral("sent"), true}}));
        else // the channel's server refused or could not be reached: a bad gateway
            reply->send(
                AdminApi::error(502, sent.error().message, {{QStringLiteral("channel"), channel}}));
    });
    if (!started.ok())
        reply->send(AdminApi::error(404, started.error().message,
                                    {{QStringLiteral("key"), QStringLiteral("channel")}}));
}

} // namespace pmcp
