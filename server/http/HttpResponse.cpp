#include "server/http/HttpResponse.h"

#include <QJsonDocument>

namespace pmcp {

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    return {status,
            {{"Content-Type", "application/json"}},
            QJsonDocument(object).toJson(QJsonDocument::Compact)};
}

HttpResponse HttpResponse::text(int status, const QByteArray &body, const QByteArray &contentType)
{
    return {status, {{"Content-Type", contentType}}, body};
}

HttpResponse HttpResponse::empty(int status)
{
    return {status, {}, {}};
}

HttpResponse HttpResponse::problem(int status, const QString &message)
{
    return json(status,
                {{QStringLiteral("error"), QJsonObject{{QStringLiteral("status"), status},
                                                       {QStringLiteral("message"), message}}}});
}

HttpResponse &HttpResponse::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

} // namespace pmcp
