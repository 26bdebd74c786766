#include "server/admin/RotationController.h"

#include "server/admin/AdminApi.h"
#include "server/events/EventBus.h"

namespace pmcp {

namespace {

const QString kSshKey = QStringLiteral("ssh-key");
const QString kApiToken = QStringLiteral("api-token");

} // namespace

RotationController::RotationController(EventBus *events, Status status, Start start)
    : m_events(events)
    , m_status(std::move(status))
    , m_start(std::move(start))
{}

void RotationController::registerRoutes(HttpRouter &router)
{
    router.addRoute(
        AdminApi::path(QStringLiteral("rotation")), {"GET"}, RouteAccess::Admin,
        [this](const HttpRequest &, const std::shared_ptr<HttpReply> &reply) { status(reply); });
    for (const QString &kind : {kSshKey, kApiToken}) {
        router.addRoute(
            AdminApi::path(QStringLiteral("rotation/") + kind), {"POST"}, RouteAccess::Admin,
            [this, kind](const HttpRequest &request, const std::shared_ptr<HttpReply> &reply) {
                start(kind, request, reply);
            });
    }
}

QJsonObject RotationController::describe(const Running &running)
{
    return {{QStringLiteral("id"), running.id},
            {QStringLiteral("kind"), running.kind},
            {QStringLiteral("dryRun"), running.dryRun},
            {QStringLiteral("started"), running.started.toString(Qt::ISODateWithMs)},
            {QStringLiteral("steps"), running.steps}};
}

void RotationController::status(const std::shared_ptr<HttpReply> &reply) const
{
    QJsonObject body = m_status();
    body.insert(QStringLiteral("running"),
                m_running ? QJsonValue(describe(*m_running)) : QJsonValue(QJsonValue::Null));
    body.insert(QStringLiteral("last"),
                m_last.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m_last));
    reply->send(HttpResponse::json(200, body));
}

void RotationController::start(const QString &kind, const HttpRequest &request,
                               const std::shared_ptr<HttpReply> &reply)
{
    bool dryRun = false;
    if (!request.body.trimmed().isEmpty()) {
        auto body = AdminApi::objectBody(request);
        if (auto *answer = std::get_if<HttpResponse>(&body)) {
            reply->send(*answer);
            return;
        }
        const QJsonValue value = std::get<QJsonObject>(body).value(QStringLiteral("dryRun"));
        if (!value.isUndefined() && !value.isNull() && !value.isBool()) {
            reply->send(AdminApi::error(400, QStringLiteral("dryRun must be true or false."),
                                        {{QStringLiteral("key"), QStringLiteral("dryRun")}}));
            return;
        }
        dryRun = value.toBool(false);
    }
    if (m_running) {
        reply->send(AdminApi::error(
            409,
            QStringLiteral("A rotation of the %1 is running (%2); start another when it has "
                           "finished.")
                .arg(m_running->kind == kSshKey ? QStringLiteral("SSH key")
                                                : QStringLiteral("API token"),
                     m_running->id),
            {{QStringLiteral("running"), m_running->id}}));
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString id = QStringLiteral("%1-%2-%3")
                           .arg(kind, now.toString(QStringLiteral("yyyyMMddTHHmmsszzz")))
                           .arg(++m_started);
    m_running = Running{id, kind, dryRun, now, {}};
    Callbacks callbacks;
    callbacks.step = [this, id](const StepReport &step) { stepped(id, step); };
    callbacks.finished = [this, id](const Finish &finish) { finished(id, finish); };
    if (const auto started = m_start(kind, dryRun, std::move(callbacks)); !started.ok()) {
        m_running.reset();
        reply->send(AdminApi::error(409, started.error().message));
        return;
    }
    reply->send(HttpResponse::json(202, {{QStringLiteral("id"), id},
                                         {QStringLiteral("kind"), kind},
                                         {QStringLiteral("dryRun"), dryRun}}));
}

void RotationController::stepped(const QString &id, const StepReport &step)
{
    if (!m_running || m_running->id != id)
        return;
    const QJsonObject entry{{QStringLiteral("index"), step.index},
                            {QStringLiteral("name"), step.name},
                            {QStringLiteral("state"), step.state},
                            {QStringLiteral("message"), step.message}};
    // The latest report of each step, in the order the steps run.
    QJsonArray steps = m_running->steps;
    qsizetype at = 0;
    while (at < steps.size() && steps.at(at)[QLatin1String("index")].toInt() < step.index)
        ++at;
    if (at < steps.size() && steps.at(at)[QLatin1String("index")].toInt() == step.index)
        steps.replace(at, entry);
    else
        steps.insert(at, entry);
    m_running->steps = steps;
    QJsonObject event = entry;
    event.insert(QStringLiteral("id"), id);
    event.insert(QStringLiteral("kind"), m_running->kind);
    event.insert(QStringLiteral("total"), step.total);
    event.insert(QStringLiteral("dryRun"), m_running->dryRun);
    m_events->publish(QLatin1String(EventType::RotationStep), event);
}

void RotationController::finished(const QString &id, const Finish &finish)
{
    if (!m_running || m_running->id != id)
        return;
    QJsonObject event{{QStringLiteral("id"), id},
                      {QStringLiteral("kind"), m_running->kind},
                      {QStringLiteral("dryRun"), m_running->dryRun},
                      {QStringLiteral("ok"), finish.ok},
                      {QStringLiteral("message"), finish.message}};
    // A failed rotation undid its steps, so the credential in use is still the old one, unless
    // undoing one failed too: then a second step's latest state is failed.
    if (!finish.ok) {
        int failed = 0;
        for (const QJsonValue &step : m_running->steps)
            failed += step[QLatin1String("state")].toString() == QLatin1String("failed") ? 1 : 0;
        event.insert(QStringLiteral("oldCredentialWorks"), failed <= 1);
    }
    if (!finish.result.isEmpty())
        event.insert(QStringLiteral("result"), finish.result);
    m_last = event;
    m_last.insert(QStringLiteral("started"), m_running->started.toString(Qt::ISODateWithMs));
    m_last.insert(QStringLiteral("finished"),
                  QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    m_last.insert(QStringLiteral("steps"), m_running->steps);
    m_running.reset();
    m_events->publish(QLatin1String(EventType::RotationFinished), event);
}

} // namespace pmcp
