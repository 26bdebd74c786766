#include "server/admin/ClientAccessController.h"

#include "server/admin/AdminApi.h"
#include "server/auth/ClientStore.h"
#include "server/events/EventBus.h"
#include "server/oauth/ClientList.h"
#include "server/oauth/ClientUsage.h"
#include "server/oauth/OAuthScope.h"
#include "server/oauth/OAuthStore.h"

#include <QJsonArray>

namespace pmcp {

namespace {

int statusOf(const Error &error)
{
    switch (error.code) {
    case ErrorCode::InvalidArgument:
        return 400;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::Conflict:
        return 409;
    case ErrorCode::Unavailable:
        return 503;
    default:
        return 500;
    }
}

QString adminName(const HttpRequest &request)
{
    return QStringLiteral("admin:") +
           (request.client ? request.client->name : QStringLiteral("unknown"));
}

// expiresDays of a body: a whole number from min to max, or the 400 answer naming it.
std::variant<int, HttpResponse> days(const QJsonObject &body, int min, int max, int fallback)
{
    const QJsonValue value = body.value(QLatin1String("expiresDays"));
    if (value.isUndefined() || value.isNull())
        return fallback;
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number != double(qint64(number)) || number < min || number > max)
        return AdminApi::error(
            400,
            QStringLiteral("expiresDays must be a whole number from %1 to %2").arg(min).arg(max),
            {{QStringLiteral("key"), QStringLiteral("expiresDays")}});
    return int(number);
}

} // namespace

ClientAccessController::ClientAccessController(Parts parts)
    : m_parts(std::move(parts))
{}

void ClientAccessController::registerRoutes(HttpRouter &router)
{
    const auto bind = [this](void (ClientAccessController::*method)(
                          const HttpRequest &, const std::shared_ptr<HttpReply> &)) {
        return [this, method](const HttpRequest &request, const std::shared_ptr<HttpReply> &reply) {
            (this->*method)(request, reply);
        };
    };
    router.addRoute(AdminApi::path(QStringLiteral("clients")), {"GET", "POST"}, RouteAccess::Admin,
                    [this](const HttpRequest &request, const std::shared_ptr<HttpReply> &reply) {
                        if (request.method == "POST")
                            return create(request, reply);
                        list(request, reply);
                    });
    router.addRoute(AdminApi::path(QStringLiteral("clients/pending")), {"GET"}, RouteAccess::Admin,
                    bind(&ClientAccessController::pending));
    router.addPrefixRoute(AdminApi::path(QStringLiteral("clients/pending/")), {"POST"},
                          RouteAccess::Admin, bind(&ClientAccessController::decide));
    router.addPrefixRoute(AdminApi::path(QStringLiteral("clients/")), {"POST"}, RouteAccess::Admin,
                          bind(&ClientAccessController::revoke));
}

void ClientAccessController::list(const HttpRequest &, const std::shared_ptr<HttpReply> &reply)
{
    const auto tokens = m_parts.tokens->list();
    if (!tokens.ok())
        return reply->send(AdminApi::error(500, tokens.error().message));
    const auto state = m_parts.oauth->read();
    if (!state.ok())
        return reply->send(AdminApi::error(500, state.error().message));
    reply->send(HttpResponse::json(
        200, {{QStringLiteral("clients"),
               ClientList::clients(tokens.value(), state.value().grants, m_parts.usage->entries(),
                                   m_parts.oauth->now())}}));
}

void ClientAccessController::create(const HttpRequest &request,
                                    const std::shared_ptr<HttpReply> &reply)
{
    auto body = AdminApi::objectBody(request);
    if (auto *problem = std::get_if<HttpResponse>(&body))
        return reply->send(*problem);
    const QJsonObject object = std::get<QJsonObject>(body);
    const QString name = object.value(QLatin1String("name")).toString();
    const QString scope = object.value(QLatin1String("scope")).toString(QStringLiteral("full"));
    if (scope != QLatin1String("full") && scope != QLatin1String("read-only"))
        return reply->send(AdminApi::error(
            400,
            QStringLiteral("a static token's scope is read-only or full (tool lists are for "
                           "OAuth grants)"),
            {{QStringLiteral("key"), QStringLiteral("scope")}}));
    const auto expiry = days(object, 1, 36500, 0);
    if (const auto *problem = std::get_if<HttpResponse>(&expiry))
        return reply->send(*problem);
    const auto token =
        m_parts.tokens->create(name, scope == QLatin1String("read-only"), std::get<int>(expiry));
    if (!token.ok())
        return reply->send(AdminApi::error(statusOf(token.error()), token.error().message,
                                           {{QStringLiteral("key"), QStringLiteral("name")}}));
    reply->send(HttpResponse::json(201, {{QStringLiteral("name"), name},
                                         {QStringLiteral("scope"), scope},
                                         {QStringLiteral("token"), token.value()}})
                    .withHeader("Cache-Control", "no-store"));
}

void ClientAccessController::revoke(const HttpRequest &request,
                                    const std::shared_ptr<HttpReply> &reply)
{
    const QString rest = request.path.mid(AdminApi::path(QStringLiteral("clients/")).size());
    if (!rest.endsWith(QLatin1String("/revoke")) || rest.count(u'/') != 1)
        return reply->send(
            AdminApi::error(404, QStringLiteral("no such path: %1").arg(request.path)));
    const QString name = rest.chopped(int(QStringLiteral("/revoke").size()));
    QString reason;
    if (!request.body.isEmpty()) {
        auto body = AdminApi::objectBody(request);
        if (auto *problem = std::get_if<HttpResponse>(&body))
            return reply->send(*problem);
        reason = std::get<QJsonObject>(body).value(QLatin1String("reason")).toString();
    }
    if (reason.isEmpty())
        reason = QStringLiteral("revoked by an administrator");
    const auto grant = m_parts.oauth->revoke(name, reason);
    if (grant.ok()) {
        if (m_parts.changed)
            m_parts.changed();
        return reply->send(
            HttpResponse::json(200, {{QStringLiteral("name"), name},
                                     {QStringLiteral("kind"), QStringLiteral("oauth")},
                                     {QStringLiteral("reason"), grant.value().revokeReason}}));
    }
    if (grant.error().code != ErrorCode::NotFound)
        return reply->send(AdminApi::error(statusOf(grant.error()), grant.error().message));
    const auto tokens = m_parts.tokens->list();
    const bool known =
        tokens.ok() && std::any_of(tokens.value().cbegin(), tokens.value().cend(),
                                   [&name](const ClientRecord &r) { return r.name == name; });
    if (!known)
        return reply->send(AdminApi::error(404, QStringLiteral("no client named %1").arg(name)));
    if (const auto revoked = m_parts.tokens->revoke(name); !revoked.ok())
        return reply->send(AdminApi::error(statusOf(revoked.error()), revoked.error().message));
    m_parts.events->publish(QLatin1String(EventType::ClientRevoked),
                            {{QStringLiteral("name"), name}, {QStringLiteral("reason"), reason}});
    reply->send(HttpResponse::json(200, {{QStringLiteral("name"), name},
                                         {QStringLiteral("kind"), QStringLiteral("token")},
                                         {QStringLiteral("reason"), reason}}));
}

void ClientAccessController::pending(const HttpRequest &, const std::shared_ptr<HttpReply> &reply)
{
    const auto state = m_parts.oauth->read();
    if (!state.ok())
        return reply->send(AdminApi::error(500, state.error().message));
    reply->send(HttpResponse::json(
        200, {{QStringLiteral("requests"),
               ClientList::pending(state.value().requests, m_parts.oauth->now())}}));
}

void ClientAccessController::decide(const HttpRequest &request,
                                    const std::shared_ptr<HttpReply> &reply)
{
    const QString rest =
        request.path.mid(AdminApi::path(QStringLiteral("clients/pending/")).size());
    const QStringList parts = rest.split(u'/');
    if (parts.size() != 2 ||
        (parts.at(1) != QLatin1String("approve") && parts.at(1) != QLatin1String("reject")))
        return reply->send(
            AdminApi::error(404, QStringLiteral("no such path: %1").arg(request.path)));
    const QString id = parts.at(0);
    QJsonObject object;
    if (!request.body.isEmpty() || parts.at(1) == QLatin1String("approve")) {
        auto body = AdminApi::objectBody(request);
        if (auto *problem = std::get_if<HttpResponse>(&body))
            return reply->send(*problem);
        object = std::get<QJsonObject>(body);
    }
    Result<AccessRequest> decided = Error::internal(QString());
    if (parts.at(1) == QLatin1String("approve")) {
        QString problem;
        const auto scope =
            OAuthScope::parse(object.value(QLatin1String("scope")).toString(), &problem);
        if (!scope)
            return reply->send(
                AdminApi::error(400, problem, {{QStringLiteral("key"), QStringLiteral("scope")}}));
        const auto expiry =
            days(object, OAuthStore::kMinExpiresDays, OAuthStore::kMaxExpiresDays, -1);
        if (const auto *answer = std::get_if<HttpResponse>(&expiry))
            return reply->send(*answer);
        if (std::get<int>(expiry) < 0)
            return reply->send(
                AdminApi::error(400, QStringLiteral("expiresDays (7 to 365) is required"),
                                {{QStringLiteral("key"), QStringLiteral("expiresDays")}}));
        decided = m_parts.oauth->approve(id, *scope, std::get<int>(expiry), adminName(request));
    } else {
        decided = m_parts.oauth->reject(id, adminName(request));
    }
    if (!decided.ok())
        return reply->send(AdminApi::error(statusOf(decided.error()), decided.error().message));
    if (m_parts.changed)
        m_parts.changed();
    QJsonObject answer = ClientList::request(decided.value());
    answer.insert(QStringLiteral("grant"), decided.value().grantName);
    reply->send(HttpResponse::json(200, answer));
}

} // namespace pmcp
