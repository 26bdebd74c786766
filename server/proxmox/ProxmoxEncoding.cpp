#include "server/proxmox/ProxmoxEncoding.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

#include <cmath>

namespace pmcp {

namespace {

// RFC 3986 pchar minus what could confuse a router: keep sub-delims Proxmox ids use.
const QByteArray kPathSafe = QByteArrayLiteral(":@!$'()*,;=");

QString numberText(double number)
{
    if (std::isfinite(number) && std::floor(number) == number && std::fabs(number) < 9.0e15)
        return QString::number(static_cast<qint64>(number));
    return QString::number(number, 'g', 17);
}

} // namespace

QByteArray ProxmoxEncoding::encodePath(const QString &path)
{
    const QStringList segments = path.split(u'/');
    QByteArrayList encoded;
    encoded.reserve(segments.size());
    for (const QString &segment : segments) {
        const QString decoded = QUrl::fromPercentEncoding(segment.toUtf8());
        encoded.append(QUrl::toPercentEncoding(decoded, kPathSafe));
    }
    QByteArray result = encoded.join('/');
    if (!result.startsWith('/'))
        result.prepend('/');
    return result;
}

QString ProxmoxEncoding::paramValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    case QJsonValue::Double:
        return numberText(value.toDouble());
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items.append(paramValue(item));
        return items.join(u',');
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QByteArray ProxmoxEncoding::encodeParams(const QJsonObject &params, const QSet<QString> &arrayKeys)
{
    QByteArrayList pairs;
    for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
        if (it.value().isNull() || it.value().isUndefined())
            continue;
        // Parameters the schema types as arrays (e.g. the guest agent's "command") go as
        // repeated keys, which Proxmox collects into a list; list-like strings ("delete",
        // "ids") are joined with commas.
        if (it.value().isArray() && arrayKeys.contains(it.key())) {
            for (const QJsonValue &item : it.value().toArray())
                pairs.append(QUrl::toPercentEncoding(it.key()) + '=' +
                             QUrl::toPercentEncoding(paramValue(item)));
            continue;
        }
        pairs.append(QUrl::toPercentEncoding(it.key()) + '=' +
                     QUrl::toPercentEncoding(paramValue(it.value())));
    }
    return pairs.join('&');
}

QByteArray ProxmoxEncoding::parseFingerprint(const QString &text)
{
    const QString trimmed = text.trimmed();
    const QString prefix = QStringLiteral("SHA256:");
    if (trimmed.startsWith(prefix, Qt::CaseInsensitive)) {
        const auto decoded = QByteArray::fromBase64Encoding(
            trimmed.mid(prefix.size()).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        return decoded && decoded.decoded.size() == 32 ? decoded.decoded : QByteArray();
    }
    static const QRegularExpression colons(QStringLiteral("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$"));
    static const QRegularExpression plain(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (!colons.match(trimmed).hasMatch() && !plain.match(trimmed).hasMatch())
        return {};
    QString hex = trimmed;
    hex.remove(u':');
    return QByteArray::fromHex(hex.toLatin1());
}

QString ProxmoxEncoding::formatFingerprint(const QByteArray &digest)
{
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

} // namespace pmcp
