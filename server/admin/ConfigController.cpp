#include "server/admin/ConfigController.h"

#include "server/admin/AdminApi.h"

#include <QJsonArray>

#include <variant>

namespace pmcp {

namespace {

QJsonArray problemsJson(const QList<ConfigProblem> &problems)
{
    QJsonArray array;
    for (const ConfigProblem &problem : problems) {
        QJsonObject item{
            {QStringLiteral("severity"), problem.severity == ConfigProblem::Severity::Error
                                             ? QStringLiteral("error")
                                             : QStringLiteral("warning")},
            {QStringLiteral("key"), problem.key},
            {QStringLiteral("message"), problem.reason}};
        if (problem.line > 0)
            item.insert(QStringLiteral("line"), problem.line);
        array.append(item);
    }
    return array;
}

// The first key an error names: what a form puts its cursor on.
QString firstErrorKey(const QList<ConfigProblem> &problems)
{
    for (const ConfigProblem &problem : problems) {
        if (problem.severity == ConfigProblem::Severity::Error)
            return problem.key;
    }
    return {};
}

// {"changes": {"KEY": "value", …}}: values are strings (an empty one removes the key).
std::variant<ConfigChanges, HttpResponse> changesOf(const QJsonObject &body)
{
    const QJsonValue changes = body.value(QStringLiteral("changes"));
    if (!changes.isObject() || changes.toObject().isEmpty())
        return AdminApi::error(400, QStringLiteral("changes must be an object of settings, "
                                                   "{\"KEY\": \"value\"}, with at least one"));
    ConfigChanges result;
    const QJsonObject object = changes.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            return AdminApi::error(
                400,
                QStringLiteral("changes.%1 must be a string (\"\" removes the key)").arg(it.key()),
                {{QStringLiteral("key"), it.key()}});
        result.append({it.key(), it.value().toString()});
    }
    return result;
}

// A version named in a body or a query: a string (ids are strings here) or a whole number.
std::optional<int> versionOf(const QJsonValue &value)
{
    bool ok = false;
    const int number =
        value.isString() ? value.toString().toInt(&ok) : (ok = value.isDouble(), value.toInt());
    return ok && number > 0 ? std::optional<int>(number) : std::nullopt;
}

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

QString actor(const HttpRequest &request)
{
    return request.client ? QStringLiteral("admin:") + request.client->name
                          : QStringLiteral("admin");
}

} // namespace

ConfigController::ConfigController(Options options)
    : m_options(std::move(options))
{}

void ConfigController::registerRoutes(HttpRouter &router)
{
    const auto route = [this, &router](const QString &relative, const QByteArray &method,
                                       std::function<HttpResponse(const HttpRequest &)> answer) {
        router.addRoute(
            AdminApi::path(relative), {method}, RouteAccess::Admin,
            [this, answer](const HttpRequest &request, const std::shared_ptr<HttpReply> &reply) {
                if (!editor()) {
                    reply->send(
                        AdminApi::error(409, QStringLiteral("this daemon was not started from a "
                                                            "configuration file")));
                    return;
                }
                reply->send(answer(request));
            });
    };
    route(QStringLiteral("config"), "GET", [this](const HttpRequest &) { return show(); });
    route(QStringLiteral("config/validate"), "POST",
          [this](const HttpRequest &request) { return validate(request); });
    route(QStringLiteral("config/apply"), "POST",
          [this](const HttpRequest &request) { return apply(request); });
    route(QStringLiteral("config/history"), "GET",
          [this](const HttpRequest &) { return history(); });
    route(QStringLiteral("config/diff"), "GET",
          [this](const HttpRequest &request) { return diff(request); });
    route(QStringLiteral("config/rollback"), "POST",
          [this](const HttpRequest &request) { return rollback(request); });
}

std::optional<ConfigEditor> ConfigController::editor() const
{
    const QString path = m_options.configPath ? m_options.configPath() : QString();
    if (path.isEmpty())
        return std::nullopt;
    ConfigEditor editor(path, m_options.stateDir, m_options.environment());
    // Answer 503 (try again) rather than hold the event loop while the CLI writes.
    editor.setLockWaitMs(kLockWaitMs);
    return editor;
}

HttpResponse ConfigController::show() const
{
    const ConfigEditor files = *editor();
    const Config config = Config::load(files.configPath(), m_options.environment());
    QJsonArray settings;
    for (const ConfigSetting &setting : ConfigSchema::instance().keys()) {
        QJsonObject item{{QStringLiteral("key"), setting.name},
                         {QStringLiteral("group"), setting.group},
                         {QStringLiteral("type"), ConfigSchema::typeName(setting.type)},
                         {QStringLiteral("default"), setting.defaultValue},
                         {QStringLiteral("secret"), setting.secret},
                         {QStringLiteral("live"), setting.live},
                         {QStringLiteral("set"), config.isSet(setting.key)},
                         {QStringLiteral("source"), config.sourceOf(setting.key)}};
        if (!setting.secret)
            item.insert(QStringLiteral("value"), config.string(setting.key));
        settings.append(item);
    }
    const int current = files.currentVersion();
    return HttpResponse::json(
        200,
        {{QStringLiteral("path"), files.configPath()},
         {QStringLiteral("version"),
          current > 0 ? QJsonValue(QString::number(current)) : QJsonValue()},
         {QStringLiteral("settings"), settings},
         {QStringLiteral("problems"), problemsJson(config.problems())},
         {QStringLiteral("restartNeeded"), QJsonArray::fromStringList(m_options.restartNeeded())}});
}

HttpResponse ConfigController::validate(const HttpRequest &request) const
{
    const auto body = AdminApi::objectBody(request);
    if (const auto *refused = std::get_if<HttpResponse>(&body))
        return *refused;
    const auto changes = changesOf(std::get<QJsonObject>(body));
    if (const auto *refused = std::get_if<HttpResponse>(&changes))
        return *refused;
    const QList<ConfigProblem> problems = editor()->validate(std::get<ConfigChanges>(changes));
    QStringList keys;
    for (const auto &change : std::get<ConfigChanges>(changes))
        keys.append(change.first);
    QStringList live;
    QStringList restartNeeded;
    ConfigEditor::splitByLiveness(keys, &live, &restartNeeded);
    return HttpResponse::json(
        200, {{QStringLiteral("valid"), !ConfigEditor::hasError(problems)},
              {QStringLiteral("problems"), problemsJson(problems)},
              {QStringLiteral("live"), QJsonArray::fromStringList(live)},
              {QStringLiteral("restartNeeded"), QJsonArray::fromStringList(restartNeeded)}});
}

HttpResponse ConfigController::apply(const HttpRequest &request)
{
    const auto body = AdminApi::objectBody(request);
    if (const auto *refused = std::get_if<HttpResponse>(&body))
        return *refused;
    const auto changes = changesOf(std::get<QJsonObject>(body));
    if (const auto *refused = std::get_if<HttpResponse>(&changes))
        return *refused;
    QList<ConfigProblem> problems;
    ConfigEditor files = *editor();
    const auto outcome = files.apply(std::get<ConfigChanges>(changes), actor(request), &problems);
    if (!outcome)
        return AdminApi::error(statusOf(outcome.error()), outcome.error().message,
                               {{QStringLiteral("key"), firstErrorKey(problems)},
                                {QStringLiteral("problems"), problemsJson(problems)}});
    return outcomeAnswer(outcome.value());
}

HttpResponse ConfigController::rollback(const HttpRequest &request)
{
    const auto body = AdminApi::objectBody(request);
    if (const auto *refused = std::get_if<HttpResponse>(&body))
        return *refused;
    const QJsonObject object = std::get<QJsonObject>(body);
    int number = 0; // without "version": undo the last change
    if (object.contains(QStringLiteral("version"))) {
        const auto version = versionOf(object.value(QStringLiteral("version")));
        if (!version)
            return AdminApi::error(
                400, QStringLiteral("version must be the number of a kept version, e.g. \"3\""));
        number = *version;
    }
    QList<ConfigProblem> problems;
    ConfigEditor files = *editor();
    const auto outcome = files.rollback(number, actor(request), &problems);
    if (!outcome)
        return AdminApi::error(statusOf(outcome.error()), outcome.error().message,
                               {{QStringLiteral("key"), firstErrorKey(problems)},
                                {QStringLiteral("problems"), problemsJson(problems)}});
    return outcomeAnswer(outcome.value());
}

HttpResponse ConfigController::outcomeAnswer(const ConfigOutcome &outcome)
{
    QJsonObject answer{
        {QStringLiteral("version"), outcome.version.number > 0
                                        ? QJsonValue(QString::number(outcome.version.number))
                                        : QJsonValue()},
        {QStringLiteral("changed"), !outcome.diff.isEmpty()},
        {QStringLiteral("keys"), QJsonArray::fromStringList(outcome.diff.keys())},
        {QStringLiteral("diff"), outcome.diff.toJson()}};
    // The file is written; the reload says what the running daemon made of it.
    const auto reloaded = m_options.reload();
    if (reloaded) {
        answer.insert(QStringLiteral("applied"),
                      QJsonArray::fromStringList(reloaded.value().applied));
        answer.insert(QStringLiteral("restartNeeded"),
                      QJsonArray::fromStringList(reloaded.value().restartNeeded));
    } else {
        answer.insert(QStringLiteral("applied"), QJsonArray());
        answer.insert(QStringLiteral("restartNeeded"),
                      QJsonArray::fromStringList(outcome.diff.keys()));
        answer.insert(QStringLiteral("reloadError"), reloaded.error().message);
    }
    return HttpResponse::json(200, answer);
}

HttpResponse ConfigController::history() const
{
    const ConfigEditor files = *editor();
    const int current = files.currentVersion();
    QJsonArray versions;
    for (const ConfigVersion &version : files.versions().list()) {
        QJsonObject item = version.toJson();
        item.insert(QStringLiteral("current"), version.number == current);
        versions.append(item);
    }
    return HttpResponse::json(
        200, {{QStringLiteral("versions"), versions},
              {QStringLiteral("current"),
               current > 0 ? QJsonValue(QString::number(current)) : QJsonValue()}});
}

HttpResponse ConfigController::diff(const HttpRequest &request) const
{
    const ConfigEditor files = *editor();
    const auto parse = [&request](const QString &name, int *into) {
        if (!request.query.hasQueryItem(name))
            return true;
        const QString text = request.query.queryItemValue(name);
        if (text == QLatin1String("current")) {
            *into = 0;
            return true;
        }
        const auto version = versionOf(QJsonValue(text));
        *into = version.value_or(0);
        return version.has_value();
    };
    int from = 0;
    int to = 0;
    if (!parse(QStringLiteral("from"), &from) || !parse(QStringLiteral("to"), &to))
        return AdminApi::error(400, QStringLiteral("from and to must be numbers of kept versions "
                                                   "or \"current\""));
    if (from == 0)
        from = files.previousVersion();
    const auto diff = files.diff(from, to);
    if (!diff)
        return AdminApi::error(statusOf(diff.error()), diff.error().message);
    QJsonObject answer = diff.value().toJson();
    answer.insert(QStringLiteral("from"),
                  from > 0 ? QJsonValue(QString::number(from)) : QJsonValue());
    answer.insert(QStringLiteral("to"), to > 0 ? QString::number(to) : QStringLiteral("current"));
    return HttpResponse::json(200, answer);
}

} // namespace pmcp
