#include "server/mcp/JsonSchemaText.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QStringList>

#include <cmath>

namespace pmcp {

namespace {

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
        out += JsonSchemaText::formatNumber(v.toDouble());
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

} // namespace

bool JsonSchemaText::isIntegral(double d)
{
    return std::isfinite(d) && std::floor(d) == d;
}

QString JsonSchemaText::formatNumber(double d)
{
    if (isIntegral(d) && std::abs(d) < 9007199254740992.0)
        return QString::number(qint64(d));
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

QString JsonSchemaText::typeName(const QJsonValue &v)
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

QString JsonSchemaText::shown(const QJsonValue &v)
{
    QString out;
    appendJson(out, v, kMaxShown, 0);
    return cut(out, kMaxShown);
}

QString JsonSchemaText::given(const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return typeName(v);
    return typeName(v) + u' ' + shown(v);
}

QString JsonSchemaText::cut(QString text, qsizetype limit)
{
    if (text.size() <= limit)
        return text;
    text.truncate(limit);
    if (text.back().isHighSurrogate())
        text.chop(1);
    return text + QStringLiteral("...");
}

QString JsonSchemaText::plural(qint64 n, const char *one, const char *many)
{
    return QString::number(n) + u' ' + QLatin1String(n == 1 ? one : many);
}

QString JsonSchemaText::describe(const QList<SchemaViolation> &violations)
{
    QStringList parts;
    parts.reserve(violations.size());
    for (const SchemaViolation &v : violations)
        parts.append(v.path.isEmpty() ? v.message : v.path + QStringLiteral(": ") + v.message);
    return parts.join(QStringLiteral("; "));
}

} // namespace pmcp
