#include "server/admin/BackupController.h"

#include "server/admin/AdminApi.h"
#include "server/backup/BackupService.h"

#include <QJsonArray>

namespace pmcp {

namespace {

int statusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return 400;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::Conflict:
        return 409;
    default:
        return 500;
    }
}

// Writes the operation's answer when it is done, if the client is still there.
BackupService::Done answerWhenDone(const std::shared_ptr<HttpReply> &reply)
{
    return [reply](const BackupService::Outcome &outcome) {
        if (!reply->isOpen())
            return;
        if (outcome.ok)
            reply->send(HttpResponse::json(200, outcome.result));
        else
            reply->send(AdminApi::error(statusFor(outcome.code),
                                        outcome.result[QLatin1String("message")].toString()));
    };
}

void refuse(const std::shared_ptr<HttpReply> &reply, const Error &error)
{
    reply->send(AdminApi::error(statusFor(error.code), error.message));
}

} // namespace

BackupController::BackupController(BackupService *service)
    : m_service(service)
{}

void BackupController::registerRoutes(HttpRouter &router)
{
    router.addRoute(AdminApi::path(QStringLiteral("backups")), {"GET", "POST"}, RouteAccess::Admin,
                    [this](const HttpRequest &request, const std::shared_ptr<HttpReply> &reply) {
                        if (request.method == "GET")
                            list(reply);
                        else
                            create(reply);
                    });
    router.addPrefixRoute(AdminApi::path(QStringLiteral("backups/")), {"POST"}, RouteAccess::Admin,
                          [this](const HttpRequest &request,
                                 const std::shared_ptr<HttpReply> &reply) { act(request, reply); });
}

void BackupController::list(const std::shared_ptr<HttpReply> &reply) const
{
    const BackupStore store = m_service->store();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray backups;
    for (const BackupEntry &entry : store.list())
        backups.append(entry.toJson(now));
    reply->send(HttpResponse::json(200, {{QStringLiteral("backups"), backups},
                                         {QStringLiteral("directory"), store.directory()},
                                         {QStringLiteral("running"), m_service->busy()}}));
}

void BackupController::create(const std::shared_ptr<HttpReply> &reply)
{
    if (const auto started = m_service->create(answerWhenDone(reply)); !started.ok())
        refuse(reply, started.error());
}

void BackupController::act(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply)
{
    const QString rest = request.path.mid(AdminApi::path(QStringLiteral("backups/")).size());
    const QString name = rest.section(QLatin1Char('/'), 0, 0);
    const QString action = rest.section(QLatin1Char('/'), 1);
    if (action == QLatin1String("verify")) {
        if (const auto started = m_service->verify(name, answerWhenDone(reply)); !started.ok())
            refuse(reply, started.error());
        return;
    }
    if (action != QLatin1String("restore")) {
        reply->send(AdminApi::error(
            404, QStringLiteral("no such route: use /api/admin/backups/NAME/verify or …/restore")));
        return;
    }
    QStringList parts;
    if (!request.body.trimmed().isEmpty()) {
        auto body = AdminApi::objectBody(request);
        if (auto *answer = std::get_if<HttpResponse>(&body)) {
            reply->send(*answer);
            return;
        }
        const QJsonValue only = std::get<QJsonObject>(body).value(QStringLiteral("only"));
        if (only.isString())
            parts = only.toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (only.isArray())
            for (const QJsonValue &part : only.toArray())
                parts.append(part.toString());
        else if (!only.isUndefined() && !only.isNull()) {
            reply->send(
                AdminApi::error(400,
                                QStringLiteral("only: a part name or a list of them (config, keys, "
                                               "clients, audit)"),
                                {{QStringLiteral("key"), QStringLiteral("only")}}));
            return;
        }
    }
    if (const auto started = m_service->restore(name, parts, answerWhenDone(reply)); !started.ok())
        refuse(reply, started.error());
}

} // namespace pmcp
