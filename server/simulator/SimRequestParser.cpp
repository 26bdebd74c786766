#include "server/simulator/SimRequestParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace pmcp {

namespace {

QString scalar(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    if (value.isDouble()) {
        const double d = value.toDouble();
        return d == static_cast<double>(static_cast<qint64>(d))
                   ? QString::number(static_cast<qint64>(d))
                   : QString::number(d);
    }
    return value.toString();
}

void addValue(QHash<QString, QString> &params, const QString &key, const QString &value)
{
    const auto it = params.find(key);
    if (it == params.end())
        params.insert(key, value);
    else
        *it += QChar(0) + value;
}

} // namespace

Result<QHash<QString, QString>> SimRequestParser::formBody(const QByteArray &body)
{
    QByteArray plusDecoded = body;
    plusDecoded.replace('+', "%20");
    QHash<QString, QString> params;
    const QUrlQuery query(QString::fromUtf8(plusDecoded));
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        addValue(params, key, value);
    return params;
}

Result<QHash<QString, QString>> SimRequestParser::jsonBody(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error::invalid(QStringLiteral("JSON decode failed: %1").arg(error.errorString()));
    QHash<QString, QString> params;
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isNull())
            continue;
        if (!it.value().isArray()) {
            params.insert(it.key(), scalar(it.value()));
            continue;
        }
        for (const QJsonValue &item : it.value().toArray())
            addValue(params, it.key(), scalar(item));
    }
    return params;
}

Result<QHash<QString, QString>> SimRequestParser::parameters(const HttpRequest &request)
{
    QHash<QString, QString> params;
    if (!request.body.trimmed().isEmpty()) {
        const QByteArray type = request.header("content-type").toLower();
        Result<QHash<QString, QString>> body =
            type.startsWith("application/json") ? jsonBody(request.body)
            : type.isEmpty() || type.startsWith("application/x-www-form-urlencoded")
                ? formBody(request.body)
                : Result<QHash<QString, QString>>(
                      Error{ErrorCode::Unsupported,
                            QStringLiteral("upload 'Content-Type '%1'' not implemented")
                                .arg(QString::fromLatin1(type))});
        if (!body)
            return body;
        params = body.value();
    }
    for (const auto &[key, value] : request.query.queryItems(QUrl::FullyDecoded))
        params.insert(key, value);
    return params;
}

} // namespace pmcp
