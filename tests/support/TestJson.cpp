#include "tests/support/TestJson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pmcp::testjson {

QJsonValue parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]", &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        qFatal("bad test JSON: %s (%s)", json.constData(), qPrintable(error.errorString()));
    return doc.array().at(0);
}

QJsonObject parseObject(const QByteArray &json)
{
    const QJsonValue value = parse(json);
    if (!value.isObject())
        qFatal("test JSON is not an object: %s", json.constData());
    return value.toObject();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace pmcp::testjson
