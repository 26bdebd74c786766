#include "server/proxmox/ProxmoxTypes.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace pmcp {

namespace {

// "Permission check failed (/vms/101, VM.PowerMgmt)" names the ACL path and the privilege.
void parsePermission(ProxmoxError &error)
{
    static const QRegularExpression check(
        QStringLiteral("Permission check failed \\(([^,()]+),\\s*([^()]+)\\)"));
    const QRegularExpressionMatch match = check.match(error.message);
    if (!match.hasMatch())
        return;
    error.permissionPath = match.captured(1).trimmed();
    error.privilege = match.captured(2).trimmed();
}

QString errorsText(const QJsonObject &errors)
{
    QStringList parts;
    for (auto it = errors.constBegin(); it != errors.constEnd(); ++it) {
        const QString text =
            it.value().isString()
                ? it.value().toString().trimmed()
                : QString::fromUtf8(
                      QJsonDocument(it.value().toObject()).toJson(QJsonDocument::Compact));
        parts.append(QStringLiteral("%1: %2").arg(it.key(), text));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace

ErrorCode ProxmoxError::codeForStatus(int status, const QString &message)
{
    if (status == 0)
        return ErrorCode::Unavailable;
    if (status == 400)
        return ErrorCode::InvalidArgument;
    if (status == 401)
        return ErrorCode::Unauthenticated;
    if (status == 403)
        return ErrorCode::PermissionDenied;
    if (status == 404)
        return ErrorCode::NotFound;
    if (status == 501)
        return ErrorCode::Unsupported;
    if (status == 500) {
        if (message.contains(QLatin1String("does not exist"), Qt::CaseInsensitive) ||
            message.contains(QLatin1String("no such"), Qt::CaseInsensitive))
            return ErrorCode::NotFound;
        if (message.contains(QLatin1String("locked"), Qt::CaseInsensitive) ||
            message.contains(QLatin1String("can't lock"), Qt::CaseInsensitive) ||
            message.contains(QLatin1String("already running"), Qt::CaseInsensitive))
            return ErrorCode::Conflict;
        return ErrorCode::Internal;
    }
    if (status == 502 || status == 503 || status == 504 || (status >= 595 && status <= 599))
        return ErrorCode::Unavailable;
    if (status >= 400 && status < 500)
        return ErrorCode::InvalidArgument;
    return ErrorCode::Internal;
}

ProxmoxError ProxmoxError::fromHttp(int status, const QByteArray &body, const QString &reasonPhrase,
                                    const QString &path)
{
    ProxmoxError error;
    error.status = status;
    error.path = path;
    const QJsonObject envelope = QJsonDocument::fromJson(body).object();
    error.message = envelope.value(QLatin1String("message")).toString().trimmed();
    if (error.message.isEmpty())
        error.message = reasonPhrase.trimmed();
    if (error.message.isEmpty())
        error.message = QStringLiteral("HTTP %1").arg(status);
    error.errors = envelope.value(QLatin1String("errors")).toObject();
    parsePermission(error);
    error.code = codeForStatus(status, error.message);
    return error;
}

QString ProxmoxError::describe() const
{
    QString text =
        status > 0 ? QStringLiteral("Proxmox API %1 (HTTP %2)").arg(path, QString::number(status))
                   : QStringLiteral("Proxmox API %1").arg(path);
    text += QStringLiteral(": ") + message;
    if (!errors.isEmpty())
        text += QStringLiteral(" (") + errorsText(errors) + u')';
    if (!privilege.isEmpty())
        text +=
            QStringLiteral(" - the token or user lacks %1 on %2").arg(privilege, permissionPath);
    return text;
}

Error ProxmoxError::toError() const
{
    return Error{code, describe()};
}

} // namespace pmcp
