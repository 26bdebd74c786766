#include "server/mcp/JsonSchemaValidator.h"

#include "server/mcp/JsonSchemaAssertions.h"
#include "server/mcp/JsonSchemaChecker.h"
#include "server/mcp/JsonSchemaPointer.h"
#include "server/mcp/JsonSchemaText.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QStringList>

#include <optional>

namespace pmcp {

namespace {

constexpr int kMaxSchemaDepth = 512;  // nested schema applications: bounds the C++ stack
constexpr qint64 kMaxSteps = 500'000; // schema applications per validate(): bounds the time
constexpr qsizetype kMaxBranchText = 160;

using Assert = JsonSchemaAssertions;
using Text = JsonSchemaText;

QJsonValue keyword(const QJsonObject &schema, const char *name)
{
    return schema.value(QLatin1String(name));
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
            parts.prepend(l->index >= 0 ? QString::number(l->index)
                                        : JsonSchemaPointer::escapeToken(l->key));
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
        Sink sink{JsonSchemaValidator::kMaxViolations, {}};
        const Location root;
        apply(QJsonValue(m_root), instance, Context{&root, 0, 0}, sink);
        QList<SchemaViolation> result = std::move(sink.list);
        if (!m_abort.isEmpty())
            result.append({QString(), m_abort});
        else if (result.size() >= JsonSchemaValidator::kMaxViolations)
            result.append({QString(), QStringLiteral("validation stopped after %1 violations")
                                          .arg(JsonSchemaValidator::kMaxViolations)});
        return result;
    }

private:
    bool stopped(const Sink &sink) const { return !m_abort.isEmpty() || sink.full(); }

    void add(Sink &sink, const Location *loc, const QString &message)
    {
        if (!sink.full())
            sink.list.append({loc->pointer(), message});
    }

    void add(Sink &sink, const Location *loc, const QStringList &messages)
    {
        for (const QString &message : messages)
            add(sink, loc, message);
    }

    bool spend(qint64 steps)
    {
        m_steps += steps;
        if (m_steps > kMaxSteps && m_abort.isEmpty())
            m_abort = QStringLiteral("validation stopped: the schema needs more than %1 steps "
                                     "for this value")
                          .arg(kMaxSteps);
        return m_abort.isEmpty();
    }

    void apply(const QJsonValue &schema, const QJsonValue &instance, const Context &ctx, Sink &sink)
    {
        if (stopped(sink) || !spend(1))
            return;
        if (ctx.schemaDepth > kMaxSchemaDepth)
            return add(sink, ctx.loc,
                       QStringLiteral("schema nested deeper than %1 levels").arg(kMaxSchemaDepth));
        if (schema.isBool()) {
            if (!schema.toBool())
                add(sink, ctx.loc, QStringLiteral("no value is allowed here"));
            return;
        }
        if (!schema.isObject())
            return add(sink, ctx.loc,
                       QStringLiteral("invalid schema: expected an object or a boolean, got %1")
                           .arg(Text::typeName(schema)));
        const QJsonObject s = schema.toObject();
        if (s.isEmpty())
            return;
        // When "type" fails, the other assertions would only repeat the same complaint.
        if (const QString wrongType = Assert::type(s, instance); !wrongType.isEmpty())
            return add(sink, ctx.loc, wrongType);
        checkConstEnum(s, instance, ctx, sink);
        if (instance.isDouble())
            add(sink, ctx.loc, Assert::number(s, instance.toDouble()));
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
        if (loc.depth > JsonSchemaValidator::kMaxInstanceDepth)
            return add(sink, &loc,
                       QStringLiteral("value nested deeper than %1 levels")
                           .arg(JsonSchemaValidator::kMaxInstanceDepth));
        apply(schema, value, Context{&loc, 0, ctx.schemaDepth + 1}, sink);
    }

    void checkConstEnum(const QJsonObject &s, const QJsonValue &instance, const Context &ctx,
                        Sink &sink)
    {
        if (const QString wrong = Assert::constant(s, instance); !wrong.isEmpty())
            add(sink, ctx.loc, wrong);
        const QJsonValue values = keyword(s, "enum");
        if (!values.isArray())
            return;
        const QJsonArray options = values.toArray();
        if (!spend(options.size()))
            return;
        if (const QString wrong = Assert::enumeration(options, instance); !wrong.isEmpty())
            add(sink, ctx.loc, wrong);
    }

    void checkString(const QJsonObject &s, const QString &str, const Context &ctx, Sink &sink)
    {
        add(sink, ctx.loc, Assert::stringLength(s, str));
        const QJsonValue pattern = keyword(s, "pattern");
        if (pattern.isString()) {
            const QRegularExpression *re = regex(pattern.toString());
            if (!re)
                add(sink, ctx.loc,
                    QStringLiteral("invalid pattern in schema: %1").arg(Text::shown(pattern)));
            else if (!re->match(str).hasMatch())
                add(sink, ctx.loc,
                    QStringLiteral("expected a string matching %1, got %2")
                        .arg(Text::shown(pattern), Text::shown(str)));
        }
    }

    void checkArray(const QJsonObject &s, const QJsonArray &a, const Context &ctx, Sink &sink)
    {
        add(sink, ctx.loc, Assert::itemCount(s, a.size()));
        if (keyword(s, "uniqueItems").toBool() && spend(a.size())) {
            if (const QString equal = Assert::uniqueItems(a); !equal.isEmpty())
                add(sink, ctx.loc, equal);
        }

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
                add(sink, &loc, Assert::unknownProperty(properties, patterns));
            else
                applyAt(additional, it.value(), loc, c, sink);
        }
        add(sink, c.loc, Assert::propertyCount(s, o.size()));
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
            parts.append(QStringLiteral("(%1) %2").arg(i + 1).arg(Text::cut(text, kMaxBranchText)));
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
                    .arg(Text::given(instance)));

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
        if (ctx.refDepth >= JsonSchemaValidator::kMaxRefDepth)
            return add(sink, ctx.loc,
                       QStringLiteral("$ref recursion deeper than %1 levels at %2")
                           .arg(JsonSchemaValidator::kMaxRefDepth)
                           .arg(Text::shown(target)));
        auto cached = m_refs.constFind(target);
        if (cached == m_refs.constEnd())
            cached = m_refs.insert(target, JsonSchemaPointer::resolve(m_root, target));
        if (!cached.value()) {
            if (!target.startsWith(u'#'))
                return add(
                    sink, ctx.loc,
                    QStringLiteral(
                        "unsupported $ref %1: only local references (\"#/...\") are supported")
                        .arg(Text::shown(target)));
            return add(sink, ctx.loc,
                       QStringLiteral("unresolvable $ref %1").arg(Text::shown(target)));
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
    return JsonSchemaText::describe(violations);
}

QString JsonSchemaValidator::checkSchema(const QJsonObject &schema)
{
    return JsonSchemaChecker::check(schema);
}

} // namespace pmcp
