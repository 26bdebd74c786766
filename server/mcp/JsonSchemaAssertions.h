#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace pmcp {

// The assertions of one schema object that look at a value alone, never into subschemas. Each
// returns the messages for the value's own location ("" or an empty list when it holds), in the
// order the validator reports them; malformed keywords are ignored.
class JsonSchemaAssertions final {
public:
    JsonSchemaAssertions() = delete;

    // "type": one name or a list of names; "" also when the schema names no type.
    static QString type(const QJsonObject &schema, const QJsonValue &instance);
    static bool matchesType(QStringView type, const QJsonValue &instance);

    static QString constant(const QJsonObject &schema, const QJsonValue &instance);
    // options: the "enum" array, listed in the message up to kMaxListed values.
    static QString enumeration(const QJsonArray &options, const QJsonValue &instance);

    // minimum, exclusiveMinimum, maximum, exclusiveMaximum, multipleOf.
    static QStringList number(const QJsonObject &schema, double x);
    // minLength, maxLength, counted in code points.
    static QStringList stringLength(const QJsonObject &schema, const QString &s);
    static QStringList itemCount(const QJsonObject &schema, qsizetype count);
    // "uniqueItems": names the first pair of equal items.
    static QString uniqueItems(const QJsonArray &items);
    static QStringList propertyCount(const QJsonObject &schema, qsizetype count);

    // For a property "additionalProperties": false forbids: the names and patterns allowed.
    static QString unknownProperty(const QJsonObject &properties, const QJsonObject &patterns);

    // A count keyword ("minItems": 2) as a number, or -1 when absent or malformed.
    static qint64 countKeyword(const QJsonObject &schema, const char *name);

    static constexpr qsizetype kMaxListed = 10; // enum values or property names in a message
};

} // namespace pmcp
