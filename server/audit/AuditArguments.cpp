#include "server/audit/AuditArguments.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace pmcp {

QJsonObject AuditArguments::cap(const QJsonObject &arguments)
{
    const QJsonObject capped = capObject(arguments);
    const QByteArray compact = QJsonDocument(capped).toJson(QJsonDocument::Compact);
    if (compact.size() <= kMaxArgumentsBytes)
        return capped;
    return digest(compact);
}

QJsonObject AuditArguments::digest(const QByteArray &bytes)
{
    return QJsonObject{
        {QStringLiteral("truncated"), true},
        {QStringLiteral("bytes"), qint64(bytes.size())},
        {QStringLiteral("sha256"),
         QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())}};
}

bool AuditArguments::isDigest(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    return value.isObject() && object.size() == 3 &&
           object.value(QLatin1String("truncated")).toBool() &&
           object.value(QLatin1String("bytes")).isDouble() &&
           object.value(QLatin1String("sha256")).toString().size() == 64;
}

QJsonValue AuditArguments::capValue(const QJsonValue &value)
{
    if (value.isString()) {
        const QString text = value.toString();
        // UTF-8 takes at most 3 bytes per UTF-16 unit: most strings are decided without encoding.
        if (text.size() * 3 <= kMaxValueBytes)
            return value;
        const QByteArray utf8 = text.toUtf8();
        return utf8.size() <= kMaxValueBytes ? value : QJsonValue(digest(utf8));
    }
    if (value.isArray())
        return capArray(value.toArray());
    if (value.isObject())
        return capObject(value.toObject());
    return value;
}

QJsonArray AuditArguments::capArray(const QJsonArray &array)
{
    QJsonArray out;
    for (const QJsonValue &item : array)
        out.append(capValue(item));
    return out;
}

QJsonObject AuditArguments::capObject(const QJsonObject &object)
{
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it)
        out.insert(it.key(), capValue(it.value()));
    return out;
}

} // namespace pmcp
