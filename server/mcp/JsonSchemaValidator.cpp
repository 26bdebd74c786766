#include "mcp/JsonSchemaValidator.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <optional>

namespace pmcp {

namespace {

constexpr int MaxSchemaDepth = 512;  // nested schema applications: bounds the C++ stack
constexpr qint64 MaxSteps = 500'000; // schema applications per validate(): bounds the time
constexpr int MaxCheckDepth = 128;   // nesting checkSchema() accepts
constexpr qsizetype MaxShown = 60;   // characters of a value quoted in a message
constexpr qsizetype MaxListed = 10;  // enum values or property names listed in a message
constexpr qsizetype MaxBranchText = 160;

QJsonValue keyword(const QJsonObject &schema, const char *name)
{
    return schema.value(QLatin1String(name));
}

bool isIntegral(double d)
{
    return std::isfinite(d) && std::floor(d) == d;
}

QString formatNumber(double d)
{
    if (isIntegral(d) && std::abs(d) < 9007199254740992.0)
        return QString::number(qint64(d));
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return isIntegral(v.toDouble()) ? QStringLiteral("integer") : QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

bool matchesType(QStringView type, const QJsonValue &v)
{
    if (type == u"integer")
        return v.isDouble() && isIntegral(v.toDouble());
    if (type == u"number")
        return v.isDouble();
    if (type == u"string")
        return v.isString();
    if (type == u"object")
        return v.isObject();
    if (type == u"array")
        return v.isArray();
    if (type == u"boolean")
        return v.isBool();
    if (type == u"null")
        return v.isNull();
    return false;
}

void appendString(QString &out, const QString &s, qsizetype limit)
{
    out += u'"';
    for (const QChar c : s) {
        if (out.size() > limit)
            break;
        if (c == u'"' || c == u'\\')
            out += u'\\';
        if (c == u'\n')
            out += QStringLiteral("\\n");
        else if (c.unicode() < 0x20)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QChar(u'0'));
        else
            out += c;
    }
    out += u'"';
}

// Compact JSON that stops growing once past limit, so a huge value costs no more than a small one.
void appendJson(QString &out, const QJsonValue &v, qsizetype limit, int depth)
{
    if (out.size() > limit)
        return;
    switch (v.type()) {
    case QJsonValue::Null:
        out += QStringLiteral("null");
        return;
    case QJsonValue::Bool:
        out += v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        return;
    case QJsonValue::Double:
        out += formatNumber(v.toDouble());
        return;
    case QJsonValue::String:
        appendString(out, v.toString(), limit);
        return;
    case QJsonValue::Undefined:
        return;
    case QJsonValue::Array: {
        out += u'[';
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size() && out.size() <= limit && depth < 8; ++i) {
            if (i > 0)
                out += u',';
            appendJson(out, a.at(i), limit, depth + 1);
        }
        out += u']';
        return;
    }
    case QJsonValue::Object: {
        out += u'{';
        const QJsonObject o = v.toObject();
        bool first = true;
        for (auto it = o.begin(); it != o.end() && out.size() <= limit && depth < 8; ++it) {
            if (!first)
                out += u',';
            first = false;
            appendString(out, it.key(), limit);
            out += u':';
            appendJson(out, it.value(), limit, depth + 1);
        }
        out += u'}';
        return;
    }
    }
}

QString cut(QString text, qsizetype limit)
{
    if (text.size() <= limit)
        return text;
    text.truncate(limit);
    if (text.back().isHighSurrogate())
        text.chop(1);
    return text + QStringLiteral("...");
}

QString shown(const QJsonValue &v)
{
    QString out;
    appendJson(out, v, MaxShown, 0);
    return cut(out, MaxShown);
}

// "string \"abc\"", "integer 5", "object {\"a\":1}".
QString given(const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return typeName(v);
    return typeName(v) + u' ' + shown(v);
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

// A count keyword ("minItems": 2) as a number, or -1 when absent or malformed.
qint64 countKeyword(const QJsonObject &schema, const char *name)
{
    const QJsonValue v = keyword(schema, name);
    if (!v.isDouble() || !isIntegral(v.toDouble()) || v.toDouble() < 0)
        return -1;
    return qint64(std::min(v.toDouble(), 9e15));
}

QString plural(qint64 n, const char *one, const char *many)
{
    return QString::number(n) + u' ' + QLatin1String(n == 1 ? one : many);
}

QString escapeToken(QString token)
{
    return token.replace(u'~', QStringLiteral("~0")).replace(u'/', QStringLiteral("~1"));
}

// A local $ref ("#", "#/$defs/x", any JSON Pointer fragment) resolved against the root schema.
std::optional<QJsonValue> resolveLocal(const QJsonObject &root, const QString &ref)
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

// Where in the instance a schema is being applied; a chain on the stack, formatted on demand.
struct Location final {
    const Location *parent = nullptr;
    QString key;
    qsizetype index = -1;
    int depth = 0;

    QString pointer() const
    {
        QStringList parts;
        for (const Location *l = this; l && l->parent; l = l->parent)
            parts.prepend(l->index >= 0 ? QString::number(l->index) : escapeToken(l->key));
        return parts.isEmpty() ? QString() : u'/' + parts.join(u'/');
    }
};

struct Context final {
    const Location *loc;
    int refDepth;    // $refs followed since the instance location last changed
    int schemaDepth; // nested schema applications in all
};

struct Sink final {
    qsizetype limit;
    QList<SchemaViolation> list;
    bool full() const { return list.size() >= limit; }
};

class Evaluator final {
public:
    explicit Evaluator(const QJsonObject &root)
        : m_root(root)
    {}

    QList<SchemaViolation> run(const QJsonValue &instance)
    {
        Sink sink{JsonSchemaValidator::MaxViolations, {}};
        const Location root;
        apply(QJsonValue(m_root), instance, Context{&root, 0, 0}, sink);
        QList<SchemaViolation> result = std::move(sink.list);
        if (!m_abort.isEmpty())
            result.append({QString(), m_abort});
        else if (result.size() >= JsonSchemaValidator::MaxViolations)
            result.append({QString(), QStringLiteral("validation stopped after %1 violations")
                                          .arg(JsonSchemaValidator::MaxViolations)});
        return result;
    }

private:
    bool stopped(const Sink &sink) const { return !m_abort.isEmpty() || sink.full(); }

    void add(Sink &sink, const Location *loc, const QString &message)
    {
        if (!sink.full())
            sink.list.append({loc->pointer(), message});
    }

    bool spend(qint64 steps)
    {
        m_steps += steps;
        if (m_steps > MaxSteps && m_abort.isEmpty())
            m_abort = QStringLiteral("validation stopped: the schema needs more than %1 steps "
                                     "for this value")
                          .arg(MaxSteps);
        return m_abort.isEmpty();
    }

    void apply(const QJsonValue &schema, const QJsonValue &instance, const Context &ctx, Sink &sink)
    {
        if (stopped(sink) || !spend(1))
            return;
        if (ctx.schemaDepth > MaxSchemaDepth)
            return add(sink, ctx.loc,
                       QStringLiteral("schema nested deeper than %1 levels").arg(MaxSchemaDepth));
        if (schema.isBool()) {
            if (!schema.toBool())
                add(sink, ctx.loc, QStringLiteral("no value is allowed here"));
            return;
        }
        if (!schema.isObject())
            return add(sink, ctx.loc,
                       QStringLiteral("invalid schema: expected an object or a boolean, got %1")
                           .arg(typeName(schema)));
        const QJsonObject s = schema.toObject();
        if (s.isEmpty() || !checkType(s, instance, ctx, sink))
            return;
        checkConstEnum(s, instance, ctx, sink);
        if (instance.isDouble())
            checkNumber(s, instance.toDouble(), ctx, sink);
        else if (instance.isString())
            checkString(s, instance.toString(), ctx, sink);
        else if (instance.isArray())
            checkArray(s, instance.toArray(), ctx, sink);
        else if (instance.isObject())
            checkObject(s, instance.toObject(), ctx, sink);
        checkCombinators(s, instance, ctx, sink);
        checkRef(s, instance, ctx, sink);
    }

    // The same instance location, one schema level down.
    static Context inner(const Context &ctx)
    {
        return {ctx.loc, ctx.refDepth, ctx.schemaDepth + 1};
    }

    // One instance level down: a member or an item.
    void applyAt(const QJsonValue &schema, const QJsonValue &value, const Location &loc,
                 const Context &ctx, Sink &sink)
    {
        if (loc.depth > JsonSchemaValidator::MaxInstanceDepth)
            return add(sink, &loc,
                       QStringLiteral("value nested deeper than %1 levels")
                           .arg(JsonSchemaValidator::MaxInstanceDepth));
        apply(schema, value, Context{&loc, 0, ctx.schemaDepth + 1}, sink);
    }

    bool checkType(const QJsonObject &s, const QJsonValue &instance, const Context &ctx, Sink &sink)
    {
        const QJsonValue type = keyword(s, "type");
        QString expected;
        if (type.isString()) {
            expected = type.toString();
            if (matchesType(expected, instance))
                return true;
        } else if (type.isArray() && !type.toArray().isEmpty()) {
            QStringList names;
            for (const QJsonValue &name : type.toArray()) {
                if (matchesType(name.toString(), instance))
                    return true;
                names.append(name.toString());
            }
            expected = names.join(QStringLiteral(" or "));
        } else {
            return true;
        }
        add(sink, ctx.loc, QStringLiteral("expected %1, got %2").arg(expected, given(instance)));
        return false;
    }

    void checkConstEnum(const QJsonObject &s, const QJsonValue &instance, const Context &ctx,
                        Sink &sink)
    {
        if (const auto it = s.constFind(QLatin1String("const")); it != s.constEnd()) {
            if (it.value() != instance)
                add(sink, ctx.loc,
                    QStringLiteral("expected %1, got %2").arg(shown(it.value()), given(instance)));
        }
        const QJsonValue values = keyword(s, "enum");
        if (!values.isArray())
            return;
        const QJsonArray options = values.toArray();
        if (!spend(options.size()))
            return;
        if (std::any_of(options.begin(), options.end(),
                        [&](const QJsonValue &v) { return v == instance; }))
            return;
        QStringList listed;
        for (qsizetype i = 0; i < options.size() && i < MaxListed; ++i)
            listed.append(shown(options.at(i)));
        if (options.size() > MaxListed)
            listed.append(QStringLiteral("... (%1 in all)").arg(options.size()));
        add(sink, ctx.loc,
            QStringLiteral("expected one of %1, got %2")
                .arg(listed.join(QStringLiteral(", ")), given(instance)));
    }

    void checkNumber(const QJsonObject &s, double x, const Context &ctx, Sink &sink)
    {
        const auto bound = [&](const char *name, const char *op, auto fails) {
            const QJsonValue limit = keyword(s, name);
            if (limit.isDouble() && fails(x, limit.toDouble()))
                add(sink, ctx.loc,
                    QStringLiteral("expected a number %1 %2, got %3")
                        .arg(QLatin1String(op), formatNumber(limit.toDouble()), formatNumber(x)));
        };
        bound("minimum", ">=", [](double v, double m) { return v < m; });
        bound("exclusiveMinimum", ">", [](double v, double m) { return v <= m; });
        bound("maximum", "<=", [](double v, double m) { return v > m; });
        bound("exclusiveMaximum", "<", [](double v, double m) { return v >= m; });
        const QJsonValue multipleOf = keyword(s, "multipleOf");
        if (multipleOf.isDouble() && multipleOf.toDouble() > 0) {
            const double q = x / multipleOf.toDouble();
            // Beyond 2^53 every double is an integer: treat such quotients as whole.
            if (std::isfinite(q) && std::abs(q) < 9007199254740992.0 &&
                std::abs(q - std::round(q)) > 1e-9 * std::max(1.0, std::abs(q)))
                add(sink, ctx.loc,
                    QStringLiteral("expected a multiple of %1, got %2")
                        .arg(formatNumber(multipleOf.toDouble()), formatNumber(x)));
        }
    }

    void checkString(const QJsonObject &s, const QString &str, const Context &ctx, Sink &sink)
    {
        const qint64 minLength = countKeyword(s, "minLength");
        const qint64 maxLength = countKeyword(s, "maxLength");
        if (minLength >= 0 || maxLength >= 0) {
            const qsizetype length = codePoints(str);
            if (minLength >= 0 && length < minLength)
                add(sink, ctx.loc,
                    QStringLiteral("expected at least %1, got %2")
                        .arg(plural(minLength, "character", "characters"))
                        .arg(length));
            if (maxLength >= 0 && length > maxLength)
                add(sink, ctx.loc,
                    QStringLiteral("expected at most %1, got %2")
                        .arg(plural(maxLength, "character", "characters"))
                        .arg(length));
        }
        const QJsonValue pattern = keyword(s, "pattern");
        if (pattern.isString()) {
            const QRegularExpression *re = regex(pattern.toString());
            if (!re)
                add(sink, ctx.loc,
                    QStringLiteral("invalid pattern in schema: %1").arg(shown(pattern)));
            else if (!re->match(str).hasMatch())
                add(sink, ctx.loc,
                    QStringLiteral("expected a string matching %1, got %2")
                        .arg(shown(pattern), shown(str)));
        }
    }

    void checkArray(const QJsonObject &s, const QJsonArray &a, const Context &ctx, Sink &sink)
    {
        const qint64 minItems = countKeyword(s, "minItems");
        const qint64 maxItems = countKeyword(s, "maxItems");
        if (minItems >= 0 && a.size() < minItems)
            add(sink, ctx.loc,
                QStringLiteral("expected at least %1, got %2")
                    .arg(plural(minItems, "item", "items"))
                    .arg(a.size()));
        if (maxItems >= 0 && a.size() > maxItems)
            add(sink, ctx.loc,
                QStringLiteral("expected at most %1, got %2")
                    .arg(plural(maxItems, "item", "items"))
                    .arg(a.size()));
        if (keyword(s, "uniqueItems").toBool() && spend(a.size()))
            checkUnique(a, ctx, sink);

        // Draft-07 tuples ("items": [...]) read as 2020-12 prefixItems.
        QJsonValue items = keyword(s, "items");
        QJsonArray prefix = keyword(s, "prefixItems").toArray();
        if (items.isArray()) {
            prefix = items.toArray();
            items = QJsonValue(QJsonValue::Undefined);
        }
        for (qsizetype i = 0; i < a.size() && !stopped(sink); ++i) {
            const QJsonValue schema = i < prefix.size() ? prefix.at(i) : items;
            if (schema.isUndefined())
                break;
            const Location loc{ctx.loc, QString(), i, ctx.loc->depth + 1};
            applyAt(schema, a.at(i), loc, ctx, sink);
        }
    }

    void checkUnique(const QJsonArray &a, const Context &ctx, Sink &sink)
    {
        QHash<QByteArray, qsizetype> seen;
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QByteArray canonical =
                QJsonDocument(QJsonArray{a.at(i)}).toJson(QJsonDocument::Compact);
            const auto it = seen.constFind(canonical);
            if (it != seen.constEnd())
                return add(sink, ctx.loc,
                           QStringLiteral("expected unique items, but items %1 and %2 are equal")
                               .arg(it.value())
                               .arg(i));
            seen.insert(canonical, i);
        }
    }

    void checkObject(const QJsonObject &s, const QJsonObject &o, const Context &c, Sink &sink)
    {
        for (const QJsonValue &name : keyword(s, "required").toArray()) {
            if (name.isString() && !o.contains(name.toString())) {
                const Location loc{c.loc, name.toString(), -1, c.loc->depth + 1};
                add(sink, &loc, QStringLiteral("missing required property"));
            }
        }
        const QJsonObject properties = keyword(s, "properties").toObject();
        const QJsonObject patterns = keyword(s, "patternProperties").toObject();
        const QJsonValue additional = keyword(s, "additionalProperties");
        if (!spend(qint64(o.size()) * (1 + patterns.size())))
            return;
        for (auto it = o.begin(); it != o.end() && !stopped(sink); ++it) {
            const Location loc{c.loc, it.key(), -1, c.loc->depth + 1};
            bool known = false;
            if (const auto p = properties.constFind(loc.key); p != properties.constEnd()) {
                known = true;
                applyAt(p.value(), it.value(), loc, c, sink);
            }
            for (auto p = patterns.begin(); p != patterns.end(); ++p) {
                const QRegularExpression *re = regex(p.key());
                if (re && re->match(loc.key).hasMatch()) {
                    known = true;
                    applyAt(p.value(), it.value(), loc, c, sink);
                }
            }
            if (known || additional.isUndefined())
                continue;
            if (additional.isBool() && !additional.toBool())
                add(sink, &loc, unknownProperty(properties, patterns));
            else
                applyAt(additional, it.value(), loc, c, sink);
        }
        const qint64 minProperties = countKeyword(s, "minProperties");
        const qint64 maxProperties = countKeyword(s, "maxProperties");
        if (minProperties >= 0 && o.size() < minProperties)
            add(sink, c.loc,
                QStringLiteral("expected at least %1, got %2")
                    .arg(plural(minProperties, "property", "properties"))
                    .arg(o.size()));
        if (maxProperties >= 0 && o.size() > maxProperties)
            add(sink, c.loc,
                QStringLiteral("expected at most %1, got %2")
                    .arg(plural(maxProperties, "property", "properties"))
                    .arg(o.size()));
    }

    static QString unknownProperty(const QJsonObject &properties, const QJsonObject &patterns)
    {
        QStringList allowed = properties.keys();
        if (allowed.size() > MaxListed * 2) {
            const qsizetype all = allowed.size();
            allowed = allowed.mid(0, MaxListed * 2);
            allowed.append(QStringLiteral("... (%1 in all)").arg(all));
        }
        for (const QString &pattern : patterns.keys())
            allowed.append(QStringLiteral("names matching %1").arg(shown(pattern)));
        if (allowed.isEmpty())
            return QStringLiteral("unknown property (no properties are allowed)");
        return QStringLiteral("unknown property (allowed: %1)")
            .arg(allowed.join(QStringLiteral(", ")));
    }

    // Whether schema accepts instance, without reporting; the first violation goes to why.
    bool accepts(const QJsonValue &schema, const QJsonValue &instance, const Context &ctx,
                 SchemaViolation *why = nullptr)
    {
        Sink probe{1, {}};
        apply(schema, instance, inner(ctx), probe);
        if (why && !probe.list.isEmpty())
            *why = probe.list.constFirst();
        return probe.list.isEmpty();
    }

    QString branchText(const QList<SchemaViolation> &why, const Location *here) const
    {
        QStringList parts;
        for (qsizetype i = 0; i < why.size() && i < 5; ++i) {
            const SchemaViolation &v = why.at(i);
            const QString text =
                v.path == here->pointer() ? v.message : v.path + QStringLiteral(": ") + v.message;
            parts.append(QStringLiteral("(%1) %2").arg(i + 1).arg(cut(text, MaxBranchText)));
        }
        if (why.size() > 5)
            parts.append(QStringLiteral("... (%1 alternatives in all)").arg(why.size()));
        return parts.join(QStringLiteral("; "));
    }

    void checkCombinators(const QJsonObject &s, const QJsonValue &instance, const Context &ctx,
                          Sink &sink)
    {
        for (const QJsonValue &sub : keyword(s, "allOf").toArray())
            apply(sub, instance, inner(ctx), sink);

        if (const QJsonValue anyOf = keyword(s, "anyOf");
            anyOf.isArray() && !anyOf.toArray().isEmpty()) {
            QList<SchemaViolation> why;
            bool matched = false;
            for (const QJsonValue &sub : anyOf.toArray()) {
                SchemaViolation reason;
                if ((matched = accepts(sub, instance, ctx, &reason)))
                    break;
                why.append(reason);
            }
            if (!matched)
                add(sink, ctx.loc,
                    QStringLiteral("expected a value matching at least one of the alternatives: %1")
                        .arg(branchText(why, ctx.loc)));
        }

        if (const QJsonValue oneOf = keyword(s, "oneOf");
            oneOf.isArray() && !oneOf.toArray().isEmpty()) {
            QList<SchemaViolation> why;
            QStringList matches;
            const QJsonArray subs = oneOf.toArray();
            for (qsizetype i = 0; i < subs.size(); ++i) {
                SchemaViolation reason;
                if (accepts(subs.at(i), instance, ctx, &reason))
                    matches.append(QString::number(i + 1));
                else
                    why.append(reason);
            }
            if (matches.isEmpty())
                add(sink, ctx.loc,
                    QStringLiteral("expected a value matching exactly one of the alternatives: %1")
                        .arg(branchText(why, ctx.loc)));
            else if (matches.size() > 1)
                add(sink, ctx.loc,
                    QStringLiteral("expected a value matching exactly one of the alternatives, "
                                   "but it matches alternatives %1")
                        .arg(matches.join(QStringLiteral(", "))));
        }

        if (const QJsonValue no = keyword(s, "not");
            !no.isUndefined() && accepts(no, instance, ctx))
            add(sink, ctx.loc,
                QStringLiteral("expected a value that does not match the \"not\" schema, got %1")
                    .arg(given(instance)));

        if (const QJsonValue condition = keyword(s, "if"); !condition.isUndefined()) {
            const QJsonValue branch =
                keyword(s, accepts(condition, instance, ctx) ? "then" : "else");
            if (!branch.isUndefined())
                apply(branch, instance, inner(ctx), sink);
        }
    }

    void checkRef(const QJsonObject &s, const QJsonValue &instance, const Context &ctx, Sink &sink)
    {
        const QJsonValue ref = keyword(s, "$ref");
        if (!ref.isString() || stopped(sink))
            return;
        const QString target = ref.toString();
        if (ctx.refDepth >= JsonSchemaValidator::MaxRefDepth)
            return add(sink, ctx.loc,
                       QStringLiteral("$ref recursion deeper than %1 levels at %2")
                           .arg(JsonSchemaValidator::MaxRefDepth)
                           .arg(shown(target)));
        auto cached = m_refs.constFind(target);
        if (cached == m_refs.constEnd())
            cached = m_refs.insert(target, resolveLocal(m_root, target));
        if (!cached.value()) {
            if (!target.startsWith(u'#'))
                return add(
                    sink, ctx.loc,
                    QStringLiteral(
                        "unsupported $ref %1: only local references (\"#/...\") are supported")
                        .arg(shown(target)));
            return add(sink, ctx.loc, QStringLiteral("unresolvable $ref %1").arg(shown(target)));
        }
        apply(*cached.value(), instance, Context{ctx.loc, ctx.refDepth + 1, ctx.schemaDepth + 1},
              sink);
    }

    // Compiled once per validation; nullptr for a pattern that does not compile.
    const QRegularExpression *regex(const QString &pattern)
    {
        auto it = m_patterns.find(pattern);
        if (it == m_patterns.end())
            it = m_patterns.insert(pattern, QRegularExpression(pattern));
        return it->isValid() ? &*it : nullptr;
    }

    const QJsonObject &m_root;
    QHash<QString, QRegularExpression> m_patterns;
    QHash<QString, std::optional<QJsonValue>> m_refs;
    qint64 m_steps = 0;
    QString m_abort;
};

// Walks a schema once, without following $refs, and names the first malformed keyword.
class SchemaChecker final {
public:
    explicit SchemaChecker(const QJsonObject &root)
        : m_root(root)
    {}

    QString check(const QJsonValue &schema, const QString &where, int depth) const
    {
        if (depth > MaxCheckDepth)
            return QStringLiteral("%1: schema nested deeper than %2 levels")
                .arg(where)
                .arg(MaxCheckDepth);
        if (schema.isBool())
            return {};
        if (!schema.isObject())
            return QStringLiteral("%1: a schema must be an object or a boolean, got %2")
                .arg(where, typeName(schema));
        const QJsonObject s = schema.toObject();
        for (auto it = s.begin(); it != s.end(); ++it) {
            const QString at = where + u'/' + escapeToken(it.key());
            if (QString problem = checkKeyword(it.key(), it.value(), at, depth); !problem.isEmpty())
                return problem;
        }
        return {};
    }

private:
    // Keywords whose values are schemas: walked further.
    QString checkKeyword(const QString &name, const QJsonValue &v, const QString &at,
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
            QStringLiteral("properties"), QStringLiteral("patternProperties"),
            QStringLiteral("$defs"), QStringLiteral("definitions"),
            QStringLiteral("dependentSchemas")};
        static const QSet<QString> schemaLists{QStringLiteral("allOf"), QStringLiteral("anyOf"),
                                               QStringLiteral("oneOf"),
                                               QStringLiteral("prefixItems")};
        if (name == u"items")
            return v.isArray() ? checkList(v, at, depth, false) : check(v, at, depth + 1);
        if (schemaValued.contains(name))
            return check(v, at, depth + 1);
        if (schemaLists.contains(name))
            return checkList(v, at, depth, name != u"prefixItems");
        if (schemaMaps.contains(name))
            return checkMap(name == u"patternProperties", v, at, depth);
        const QString problem = valueProblem(name, v);
        return problem.isEmpty() ? QString() : at + QStringLiteral(": ") + problem;
    }

    // Keywords whose values are plain data.
    QString valueProblem(const QString &name, const QJsonValue &v) const
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
        if (counts.contains(name) &&
            (!v.isDouble() || !isIntegral(v.toDouble()) || v.toDouble() < 0))
            return QStringLiteral("expected a non-negative integer, got %1").arg(given(v));
        if (numbers.contains(name) && !v.isDouble())
            return QStringLiteral("expected a number, got %1").arg(given(v));
        if (name == u"multipleOf" && !(v.isDouble() && v.toDouble() > 0))
            return QStringLiteral("expected a number > 0, got %1").arg(given(v));
        if (name == u"type") {
            const QJsonArray list = v.isArray() ? v.toArray() : QJsonArray{v};
            if (list.isEmpty())
                return QStringLiteral("expected at least one type");
            for (const QJsonValue &t : list) {
                if (!t.isString() || !types.contains(t.toString()))
                    return QStringLiteral("unknown type %1").arg(shown(t));
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
            return QStringLiteral("expected a boolean, got %1").arg(given(v));
        if (name == u"pattern" && (!v.isString() || !QRegularExpression(v.toString()).isValid()))
            return QStringLiteral("invalid regular expression %1").arg(shown(v));
        if (name == u"$ref" && (!v.isString() || !resolveLocal(m_root, v.toString())))
            return QStringLiteral("unresolvable $ref %1 (only local references are supported)")
                .arg(shown(v));
        return {};
    }

    QString checkMap(bool keysArePatterns, const QJsonValue &v, const QString &at, int depth) const
    {
        if (!v.isObject())
            return at + QStringLiteral(": expected an object of schemas, got %1").arg(typeName(v));
        const QJsonObject map = v.toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (keysArePatterns && !QRegularExpression(it.key()).isValid())
                return at + QStringLiteral(": invalid regular expression %1").arg(shown(it.key()));
            if (QString p = check(it.value(), at + u'/' + escapeToken(it.key()), depth + 1);
                !p.isEmpty())
                return p;
        }
        return {};
    }

    QString checkList(const QJsonValue &v, const QString &at, int depth, bool nonEmpty) const
    {
        if (!v.isArray() || (nonEmpty && v.toArray().isEmpty()))
            return at + QStringLiteral(": expected a%1 array of schemas")
                            .arg(nonEmpty ? QStringLiteral(" non-empty") : QString());
        const QJsonArray list = v.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (QString p = check(list.at(i), at + u'/' + QString::number(i), depth + 1);
                !p.isEmpty())
                return p;
        }
        return {};
    }

    const QJsonObject &m_root;
};

} // namespace

JsonSchemaValidator::JsonSchemaValidator(QJsonObject schema)
    : m_root(std::move(schema))
{}

QList<SchemaViolation> JsonSchemaValidator::validate(const QJsonValue &instance) const
{
    return Evaluator(m_root).run(instance);
}

QString JsonSchemaValidator::describe(const QList<SchemaViolation> &violations)
{
    QStringList parts;
    parts.reserve(violations.size());
    for (const SchemaViolation &v : violations)
        parts.append(v.path.isEmpty() ? v.message : v.path + QStringLiteral(": ") + v.message);
    return parts.join(QStringLiteral("; "));
}

QString JsonSchemaValidator::checkSchema(const QJsonObject &schema)
{
    if (schema.value(QLatin1String("type")) != QJsonValue(QStringLiteral("object")))
        return QStringLiteral("the root schema must have \"type\": \"object\"");
    return SchemaChecker(schema).check(QJsonValue(schema), QString(), 0);
}

} // namespace pmcp
