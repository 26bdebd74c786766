#include "server/mcp/JsonSchemaAssertions.h"

#include "server/mcp/JsonSchemaText.h"

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace pmcp {

namespace {

using Text = JsonSchemaText;

QJsonValue keyword(const QJsonObject &schema, const char *name)
{
    return schema.value(QLatin1String(name));
}

qsizetype codePoints(const QString &s)
{
    qsizetype n = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (!(s.at(i).isLowSurrogate() && i > 0 && s.at(i - 1).isHighSurrogate()))
            ++n;
    }
    return n;
}

// "expected at least 2 items, got 1", "expected at most 1 property, got 2".
QStringList counted(const QJsonObject &schema, qint64 count, const char *minName,
                    const char *maxName, const char *one, const char *many)
{
    QStringList out;
    const qint64 min = JsonSchemaAssertions::countKeyword(schema, minName);
    const qint64 max = JsonSchemaAssertions::countKeyword(schema, maxName);
    if (min >= 0 && count < min)
        out.append(QStringLiteral("expected at least %1, got %2")
                       .arg(Text::plural(min, one, many))
                       .arg(count));
    if (max >= 0 && count > max)
        out.append(QStringLiteral("expected at most %1, got %2")
                       .arg(Text::plural(max, one, many))
                       .arg(count));
    return out;
}

} // namespace

QString JsonSchemaAssertions::type(const QJsonObject &schema, const QJsonValue &instance)
{
    const QJsonValue type = keyword(schema, "type");
    QString expected;
    if (type.isString()) {
        expected = type.toString();
        if (matchesType(expected, instance))
            return {};
    } else if (type.isArray() && !type.toArray().isEmpty()) {
        QStringList names;
        for (const QJsonValue &name : type.toArray()) {
            if (matchesType(name.toString(), instance))
                return {};
            names.append(name.toString());
        }
        expected = names.join(QStringLiteral(" or "));
    } else {
        return {};
    }
    return QStringLiteral("expected %1, got %2").arg(expected, Text::given(instance));
}

bool JsonSchemaAssertions::matchesType(QStringView type, const QJsonValue &instance)
{
    if (type == u"integer")
        return instance.isDouble() && Text::isIntegral(instance.toDouble());
    if (type == u"number")
        return instance.isDouble();
    if (type == u"string")
        return instance.isString();
    if (type == u"object")
        return instance.isObject();
    if (type == u"array")
        return instance.isArray();
    if (type == u"boolean")
        return instance.isBool();
    if (type == u"null")
        return instance.isNull();
    return false;
}

QString JsonSchemaAssertions::constant(const QJsonObject &schema, const QJsonValue &instance)
{
    const auto it = schema.constFind(QLatin1String("const"));
    if (it == schema.constEnd() || it.value() == instance)
        return {};
    return QStringLiteral("expected %1, got %2")
        .arg(Text::shown(it.value()), Text::given(instance));
}

QString JsonSchemaAssertions::enumeration(const QJsonArray &options, const QJsonValue &instance)
{
    if (std::any_of(options.begin(), options.end(),
                    [&](const QJsonValue &v) { return v == instance; }))
        return {};
    QStringList listed;
    for (qsizetype i = 0; i < options.size() && i < kMaxListed; ++i)
        listed.append(Text::shown(options.at(i)));
    if (options.size() > kMaxListed)
        listed.append(QStringLiteral("... (%1 in all)").arg(options.size()));
    return QStringLiteral("expected one of %1, got %2")
        .arg(listed.join(QStringLiteral(", ")), Text::given(instance));
}

QStringList JsonSchemaAssertions::number(const QJsonObject &schema, double x)
{
    QStringList out;
    const auto bound = [&](const char *name, const char *op, auto fails) {
        const QJsonValue limit = keyword(schema, name);
        if (limit.isDouble() && fails(x, limit.toDouble()))
            out.append(QStringLiteral("expected a number %1 %2, got %3")
                           .arg(QLatin1String(op), Text::formatNumber(limit.toDouble()),
                                Text::formatNumber(x)));
    };
    bound("minimum", ">=", [](double v, double m) { return v < m; });
    bound("exclusiveMinimum", ">", [](double v, double m) { return v <= m; });
    bound("maximum", "<=", [](double v, double m) { return v > m; });
    bound("exclusiveMaximum", "<", [](double v, double m) { return v >= m; });
    const QJsonValue multipleOf = keyword(schema, "multipleOf");
    if (multipleOf.isDouble() && multipleOf.toDouble() > 0) {
        const double q = x / multipleOf.toDouble();
        // Beyond 2^53 every double is an integer: treat such quotients as whole.
        if (std::isfinite(q) && std::abs(q) < 9007199254740992.0 &&
            std::abs(q - std::round(q)) > 1e-9 * std::max(1.0, std::abs(q)))
            out.append(QStringLiteral("expected a multiple of %1, got %2")
                           .arg(Text::formatNumber(multipleOf.toDouble()), Text::formatNumber(x)));
    }
    return out;
}

QStringList JsonSchemaAssertions::stringLength(const QJsonObject &schema, const QString &s)
{
    if (countKeyword(schema, "minLength") < 0 && countKeyword(schema, "maxLength") < 0)
        return {}; // spares counting the code points of a long string
    return counted(schema, codePoints(s), "minLength", "maxLength", "character", "characters");
}

QStringList JsonSchemaAssertions::itemCount(const QJsonObject &schema, qsizetype count)
{
    return counted(schema, count, "minItems", "maxItems", "item", "items");
}

QString JsonSchemaAssertions::uniqueItems(const QJsonArray &items)
{
    QHash<QByteArray, qsizetype> seen;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QByteArray canonical =
            QJsonDocument(QJsonArray{items.at(i)}).toJson(QJsonDocument::Compact);
        const auto it = seen.constFind(canonical);
        if (it != seen.constEnd())
            return QStringLiteral("expected unique items, but items %1 and %2 are equal")
                .arg(it.value())
                .arg(i);
        seen.insert(canonical, i);
    }
    return {};
}

QStringList JsonSchemaAssertions::propertyCount(const QJsonObject &schema, qsizetype count)
{
    return counted(schema, count, "minProperties", "maxProperties", "property", "properties");
}

QString JsonSchemaAssertions::unknownProperty(const QJsonObject &properties,
                                              const QJsonObject &patterns)
{
    QStringList allowed = properties.keys();
    if (allowed.size() > kMaxListed * 2) {
        const qsizetype all = allowed.size();
        allowed = allowed.mid(0, kMaxListed * 2);
        allowed.append(QStringLiteral("... (%1 in all)").arg(all));
    }
    for (const QString &pattern : patterns.keys())
        allowed.append(QStringLiteral("names matching %1").arg(Text::shown(pattern)));
    if (allowed.isEmpty())
        return QStringLiteral("unknown property (no properties are allowed)");
    return QStringLiteral("unknown property (allowed: %1)").arg(allowed.join(QStringLiteral(", ")));
}

qint64 JsonSchemaAssertions::countKeyword(const QJsonObject &schema, const char *name)
{
    const QJsonValue v = keyword(schema, name);
    if (!v.isDouble() || !Text::isIntegral(v.toDouble()) || v.toDouble() < 0)
        return -1;
    return qint64(std::min(v.toDouble(), 9e15));
}

} // namespace pmcp
