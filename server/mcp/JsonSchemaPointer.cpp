#include "server/mcp/JsonSchemaPointer.h"

#include <QJsonArray>
#include <QStringList>
#include <QUrl>

namespace pmcp {

QString JsonSchemaPointer::escapeToken(QString token)
{
    return token.replace(u'~', QStringLiteral("~0")).replace(u'/', QStringLiteral("~1"));
}

std::optional<QJsonValue> JsonSchemaPointer::resolve(const QJsonObject &root, const QString &ref)
{
    if (!ref.startsWith(u'#'))
        return std::nullopt;
    const QString pointer = QUrl::fromPercentEncoding(ref.mid(1).toUtf8());
    if (pointer.isEmpty())
        return QJsonValue(root);
    if (!pointer.startsWith(u'/'))
        return std::nullopt; // plain-name anchors are not supported
    QJsonValue current = root;
    const QStringList tokens = pointer.mid(1).split(u'/');
    for (QString token : tokens) {
        token.replace(QStringLiteral("~1"), QStringLiteral("/"))
            .replace(QStringLiteral("~0"), QStringLiteral("~"));
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(token);
            if (it == object.constEnd())
                return std::nullopt;
            current = it.value();
        } else if (current.isArray()) {
            bool ok = false;
            const qint64 index = token.toLongLong(&ok);
            const QJsonArray array = current.toArray();
            if (!ok || index < 0 || index >= array.size())
                return std::nullopt;
            current = array.at(index);
        } else {
            return std::nullopt;
        }
    }
    return current;
}

} // namespace pmcp
