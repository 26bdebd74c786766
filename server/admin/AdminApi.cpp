#include "server/admin/AdminApi.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace pmcp::AdminApi {

QString path(const QString &relative)
{
    return QLatin1String(kPrefix) + relative;
}

HttpResponse error(int status, const QString &message, const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("status"), status);
    body.insert(QStringLiteral("message"), message);
    return HttpResponse::json(status, {{QStringLiteral("error"), body}});
}

std::variant<QJsonObject, HttpResponse> objectBody(const HttpRequest &request)
{
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (type != "application/json")
        return error(400, QStringLiteral("the body must be JSON (Content-Type: application/json)"));
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return error(400, QStringLiteral("the body is not valid JSON: %1 at offset %2")
                              .arg(parseError.errorString())
                              .arg(parseError.offset));
    if (!document.isObject())
        return error(400, QStringLiteral("the body must be a JSON object"));
    return document.object();
}

} // namespace pmcp::AdminApi
