#include "server/mcp/JsonRpc.h"

#include <cmath>

namespace pmcp {

namespace {

bool isValidId(const QJsonValue &id)
{
    if (id.isString())
        return true;
    if (id.isDouble()) {
        const double d = id.toDouble();
        return std::isfinite(d) && d == std::floor(d);
    }
    return false;
}

JsonRpcMessage invalid(const QJsonValue &id, const QString &reason)
{
    JsonRpcMessage message;
    message.kind = JsonRpcMessage::Kind::Invalid;
    message.id = isValidId(id) ? id : QJsonValue();
    message.invalidReason = reason;
    return message;
}

} // namespace

JsonRpcMessage JsonRpcMessage::classify(const QJsonValue &value)
{
    if (!value.isObject())
        return invalid({}, QStringLiteral("a JSON-RPC message must be a JSON object"));
    const QJsonObject object = value.toObject();
    const QJsonValue id = object.value(QLatin1String("id"));
    if (object.value(QLatin1String("jsonrpc")).toString() != QLatin1String("2.0"))
        return invalid(id, QStringLiteral("\"jsonrpc\" must be \"2.0\""));

    JsonRpcMessage message;
    const bool hasId = object.contains(QLatin1String("id"));
    if (hasId && !isValidId(id))
        return invalid({}, QStringLiteral("\"id\" must be a string or an integer"));
    message.id = id;

    if (object.contains(QLatin1String("method"))) {
        const QJsonValue method = object.value(QLatin1String("method"));
        if (!method.isString() || method.toString().isEmpty())
            return invalid(id, QStringLiteral("\"method\" must be a non-empty string"));
        message.method = method.toString();
        const QJsonValue params = object.value(QLatin1String("params"));
        if (!params.isUndefined() && !params.isNull() && !params.isObject())
            return invalid(id, QStringLiteral("\"params\" must be an object"));
        message.params = params.toObject();
        message.kind = hasId ? Kind::Request : Kind::Notification;
        return message;
    }
    if (!hasId)
        return invalid({}, QStringLiteral("a message needs \"method\" or \"id\""));
    if (object.contains(QLatin1String("result"))) {
        message.kind = Kind::Response;
        message.result = object.value(QLatin1String("result"));
        return message;
    }
    if (object.value(QLatin1String("error")).isObject()) {
        message.kind = Kind::Error;
        message.error = object.value(QLatin1String("error")).toObject();
        return message;
    }
    return invalid(id, QStringLiteral("a response needs \"result\" or \"error\""));
}

QJsonObject JsonRpc::result(const QJsonValue &id, const QJsonObject &result)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id},
            {QStringLiteral("result"), result}};
}

QJsonObject JsonRpc::error(const QJsonValue &id, const RpcError &error)
{
    QJsonObject body{{QStringLiteral("code"), error.code},
                     {QStringLiteral("message"), error.message}};
    if (!error.data.isUndefined() && !error.data.isNull())
        body.insert(QStringLiteral("data"), error.data);
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id.isUndefined() ? QJsonValue() : id},
            {QStringLiteral("error"), body}};
}

QJsonObject JsonRpc::request(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id},
            {QStringLiteral("method"), method},
            {QStringLiteral("params"), params}};
}

QJsonObject JsonRpc::notification(const QString &method, const QJsonObject &params)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("method"), method},
            {QStringLiteral("params"), params}};
}

QString JsonRpc::idKey(const QJsonValue &id)
{
    if (id.isString())
        return QLatin1Char('s') + id.toString();
    return QLatin1Char('n') + QString::number(id.toInteger());
}

} // namespace pmcp
