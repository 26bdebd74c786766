#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

// JSON from text for the tests' data tables; bad JSON ends the test program (qFatal).
namespace pmcp::testjson {

// Any JSON value; QJsonDocument only takes objects and arrays at the top level.
QJsonValue parse(const QByteArray &json);
QJsonObject parseObject(const QByteArray &json);
// The object as one line of JSON, as it goes over the wire.
QByteArray compact(const QJsonObject &object);

} // namespace pmcp::testjson
