#include "server/mcp/Pagination.h"

#include <QByteArray>

namespace pmcp {

std::optional<int> Pagination::decode(const QJsonObject &params)
{
    const QJsonValue cursor = params.value(QLatin1String("cursor"));
    if (cursor.isUndefined() || cursor.isNull())
        return 0;
    if (!cursor.isString())
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toString().toLatin1(),
        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith("offset:"))
        return std::nullopt;
    bool ok = false;
    const int offset = decoded.decoded.mid(7).toInt(&ok);
    if (!ok || offset < 0)
        return std::nullopt;
    return offset;
}

QString Pagination::encode(int offset)
{
    return QString::fromLatin1((QByteArrayLiteral("offset:") + QByteArray::number(offset))
                                   .toBase64(QByteArray::Base64UrlEncoding));
}

} // namespace pmcp
