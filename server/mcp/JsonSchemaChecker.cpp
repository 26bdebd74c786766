#include "server/mcp/JsonSchemaChecker.h"

#include "server/mcp/JsonSchemaPointer.h"
#include "server/mcp/JsonSchemaText.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace pmcp {

QString JsonSchemaChecker::check(const QJsonObject &schema)
{
    if (schema.value(QLatin1String("type")) != QJsonValue(QStringLiteral("object")))
        return QStringLiteral("the root schema must have \"type\": \"object\"");
    return JsonSchemaChecker(schema).checkSchema(QJsonValue(schema), QString(), 0);
}

JsonSchemaChecker::JsonSchemaChecker(const QJsonObject &root)
    : m_root(root)
{}

QString JsonSchemaChecker::checkSchema(const QJsonValue &schema, const QString &where,
                                       int depth) const
{
    if (depth > kMaxDepth)
        return QStringLiteral("%1: schema nested deeper than %2 levels").arg(where).arg(kMaxDepth);
    if (schema.isBool())
        return {};
    if (!schema.isObject())
        return QStringLiteral("%1: a schema must be an object or a boolean, got %2")
            .arg(where, JsonSchemaText::typeName(schema));
    const QJsonObject s = schema.toObject();
    for (auto it = s.begin(); it != s.end(); ++it) {
        const QString at = where + u'/' + JsonSchemaPointer::escapeToken(it.key());
        if (QString problem = checkKeyword(it.key(), it.value(), at, depth); !problem.isEmpty())
            return problem;
    }
    return {};
}

// Keywords whose values are schemas: walked further.
QString JsonSchemaChecker::checkKeyword(const QString &name, const QJsonValue &v, const QString &at,
                                        int depth) const
{
    static const QSet<QString> schemaValued{QStringLiteral("additionalProperties"),
                                            QStringLiteral("not"),
                                            QStringLiteral("if"),
                                            QStringLiteral("then"),
                                            QStringLiteral("else"),
                                            QStringLiteral("propertyNames"),
                                            QStringLiteral("contains"),
                                            QStringLiteral("unevaluatedProperties"),
                                            QStringLiteral("unevaluatedItems")};
    static const QSet<QString> schemaMaps{
        QStringLiteral("properties"), QStringLiteral("patternProperties"), QStringLiteral("$defs"),
        QStringLiteral("definitions"), QStringLiteral("dependentSchemas")};
    static const QSet<QString> schemaLists{QStringLiteral("allOf"), QStringLiteral("anyOf"),
                                           QStringLiteral("oneOf"), QStringLiteral("prefixItems")};
    if (name == u"items")
        return v.isArray() ? checkList(v, at, depth, false) : checkSchema(v, at, depth + 1);
    if (schemaValued.contains(name))
        return checkSchema(v, at, depth + 1);
    if (schemaLists.contains(name))
        return checkList(v, at, depth, name != u"prefixItems");
    if (schemaMaps.contains(name))
        return checkMap(name == u"patternProperties", v, at, depth);
    const QString problem = valueProblem(name, v);
    return problem.isEmpty() ? QString() : at + QStringLiteral(": ") + problem;
}

// Keywords whose values are plain data.
QString JsonSchemaChecker::valueProblem(const QString &name, const QJsonValue &v) const
{
    static const QSet<QString> counts{
        QStringLiteral("minLength"),     QStringLiteral("maxLength"),
        QStringLiteral("minItems"),      QStringLiteral("maxItems"),
        QStringLiteral("minProperties"), QStringLiteral("maxProperties")};
    static const QSet<QString> numbers{QStringLiteral("minimum"), QStringLiteral("maximum"),
                                       QStringLiteral("exclusiveMinimum"),
                                       QStringLiteral("exclusiveMaximum")};
    static const QSet<QString> types{QStringLiteral("null"),    QStringLiteral("boolean"),
                                     QStringLiteral("integer"), QStringLiteral("number"),
                                     QStringLiteral("string"),  QStringLiteral("array"),
                                     QStringLiteral("object")};
    using Text = JsonSchemaText;
    if (counts.contains(name) &&
        (!v.isDouble() || !Text::isIntegral(v.toDouble()) || v.toDouble() < 0))
        return QStringLiteral("expected a non-negative integer, got %1").arg(Text::given(v));
    if (numbers.contains(name) && !v.isDouble())
        return QStringLiteral("expected a number, got %1").arg(Text::given(v));
    if (name == u"multipleOf" && !(v.isDouble() && v.toDouble() > 0))
        return QStringLiteral("expected a number > 0, got %1").arg(Text::given(v));
    if (name == u"type") {
        const QJsonArray list = v.isArray() ? v.toArray() : QJsonArray{v};
        if (list.isEmpty())
            return QStringLiteral("expected at least one type");
        for (const QJsonValue &t : list) {
            if (!t.isString() || !types.contains(t.toString()))
                return QStringLiteral("unknown type %1").arg(Text::shown(t));
        }
    }
    if (name == u"required") {
        const QJsonArray names = v.toArray();
        if (!v.isArray() || !std::all_of(names.begin(), names.end(),
                                         [](const QJsonValue &n) { return n.isString(); }))
            return QStringLiteral("expected an array of property names");
    }
    if (name == u"enum" && !(v.isArray() && !v.toArray().isEmpty()))
        return QStringLiteral("expected a non-empty array of values");
    if (name == u"uniqueItems" && !v.isBool())
        return QStringLiteral("expected a boolean, got %1").arg(Text::given(v));
    if (name == u"pattern" && (!v.isString() || !QRegularExpression(v.toString()).isValid()))
        return QStringLiteral("invalid regular expression %1").arg(Text::shown(v));
    if (name == u"$ref" && (!v.isString() || !JsonSchemaPointer::resolve(m_root, v.toString())))
        return QStringLiteral("unresolvable $ref %1 (only local references are supported)")
            .arg(Text::shown(v));
    return {};
}

QString JsonSchemaChecker::checkMap(bool keysArePatterns, const QJsonValue &v, const QString &at,
                                    int depth) const
{
    if (!v.isObject())
        return at + QStringLiteral(": expected an object of schemas, got %1")
                        .arg(JsonSchemaText::typeName(v));
    const QJsonObject map = v.toObject();
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (keysArePatterns && !QRegularExpression(it.key()).isValid())
            return at + QStringLiteral(": invalid regular expression %1")
                            .arg(JsonSchemaText::shown(it.key()));
        const QString where = at + u'/' + JsonSchemaPointer::escapeToken(it.key());
        if (QString p = checkSchema(it.value(), where, depth + 1); !p.isEmpty())
            return p;
    }
    return {};
}

QString JsonSchemaChecker::checkList(const QJsonValue &v, const QString &at, int depth,
                                     bool nonEmpty) const
{
    if (!v.isArray() || (nonEmpty && v.toArray().isEmpty()))
        return at + QStringLiteral(": expected a%1 array of schemas")
                        .arg(nonEmpty ? QStringLiteral(" non-empty") : QString());
    const QJsonArray list = v.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (QString p = checkSchema(list.at(i), at + u'/' + QString::number(i), depth + 1);
            !p.isEmpty())
            return p;
    }
    return {};
}

} // namespace pmcp
