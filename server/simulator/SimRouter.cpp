#include "server/simulator/SimRouter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace pmcp {

namespace {

bool isParam(const QString &segment)
{
    return segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

double numberOf(const QJsonValue &value)
{
    return value.isString() ? value.toString().toDouble() : value.toDouble();
}

QString numberText(const QJsonValue &value)
{
    return value.isString() ? value.toString() : QString::number(value.toInteger());
}

} // namespace

SimRouter::SimRouter()
{
    QFile file(QStringLiteral(":/simulator/SimSchema.json"));
    if (file.open(QIODevice::ReadOnly))
        m_schema = QJsonDocument::fromJson(file.readAll())
                       .object()
                       .value(QStringLiteral("operations"))
                       .toObject();
}

void SimRouter::add(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.append(
        {method, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), pattern, std::move(handler)});
}

std::optional<SimRouter::Match> SimRouter::match(const QByteArray &method,
                                                 const QString &path) const
{
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const Route *best = nullptr;
    QHash<QString, QString> bestParams;
    int bestLiterals = -1;
    for (const Route &route : m_routes) {
        if (route.method != method || route.segments.size() > parts.size())
            continue;
        QHash<QString, QString> params;
        int literals = 0;
        bool ok = true;
        for (qsizetype i = 0; ok && i < route.segments.size(); ++i) {
            const QString &segment = route.segments.at(i);
            const bool last = i == route.segments.size() - 1;
            if (isParam(segment)) {
                // A trailing {volume} takes the rest: volume ids contain '/'.
                const bool rest = last && segment == QLatin1String("{volume}");
                const QString value = rest ? parts.mid(i).join(QLatin1Char('/')) : parts.at(i);
                ok = rest || !last || parts.size() == route.segments.size();
                params.insert(segment.mid(1, segment.size() - 2), value);
                ok = ok && !value.isEmpty();
            } else {
                ok = segment == parts.at(i) && (!last || parts.size() == route.segments.size());
                ++literals;
            }
        }
        if (ok && literals > bestLiterals) {
            best = &route;
            bestParams = params;
            bestLiterals = literals;
        }
    }
    if (!best)
        return std::nullopt;
    return Match{QString::fromLatin1(method) + QLatin1Char(' ') + best->pattern, bestParams,
                 &best->handler};
}

QString SimRouter::checkValue(const QJsonObject &spec, const QString &value)
{
    const QString type = spec.value(QStringLiteral("t")).toString();
    static const QRegularExpression integerRe(QStringLiteral("^[+-]?\\d+$"));
    static const QRegularExpression booleanRe(QStringLiteral("^(1|0|true|false|yes|no|on|off)$"),
                                              QRegularExpression::CaseInsensitiveOption);
    bool numberOk = true;
    if (type == QLatin1String("integer"))
        numberOk = integerRe.match(value).hasMatch();
    else if (type == QLatin1String("number"))
        value.toDouble(&numberOk);
    else if (type == QLatin1String("boolean") && !booleanRe.match(value).hasMatch())
        return QStringLiteral("type check ('boolean') failed - got '%1'").arg(value);
    if (!numberOk)
        return QStringLiteral("type check ('%1') failed - got '%2'").arg(type, value);
    if (type == QLatin1String("integer") || type == QLatin1String("number")) {
        const double number = value.toDouble();
        if (spec.contains(QStringLiteral("min")) && number < numberOf(spec[QStringLiteral("min")]))
            return QStringLiteral("value must have a minimum value of %1")
                .arg(numberText(spec[QStringLiteral("min")]));
        if (spec.contains(QStringLiteral("max")) && number > numberOf(spec[QStringLiteral("max")]))
            return QStringLiteral("value must have a maximum value of %1")
                .arg(numberText(spec[QStringLiteral("max")]));
    }
    const QJsonArray values = spec.value(QStringLiteral("e")).toArray();
    if (!values.isEmpty() && !values.contains(value)) {
        QStringList names;
        for (const QJsonValue &v : values)
            names.append(v.toString());
        return QStringLiteral("value '%1' does not have a value in the enumeration '%2'")
            .arg(value, names.join(QStringLiteral(", ")));
    }
    return {};
}

QJsonObject SimRouter::validate(const QString &key, const QHash<QString, QString> &params) const
{
    const QJsonObject properties =
        m_schema.value(key).toObject().value(QStringLiteral("p")).toObject();
    static const QRegularExpression indexed(QStringLiteral("^(.*\\D)\\d+$"));
    QJsonObject errors;
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (it.key() == QLatin1String("_dc"))
            continue;
        QJsonValue spec = properties.value(it.key());
        const auto m = indexed.match(it.key());
        if (spec.isUndefined() && m.hasMatch())
            spec = properties.value(m.captured(1) + QStringLiteral("[n]"));
        if (spec.isUndefined()) {
            errors.insert(it.key(), QStringLiteral("property is not defined in schema and the "
                                                   "schema does not allow additional properties"));
            continue;
        }
        const QString problem = checkValue(spec.toObject(), it.value());
        if (!problem.isEmpty())
            errors.insert(it.key(), problem);
    }
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const bool optional = it.value().toObject().value(QStringLiteral("o")).toInt() == 1;
        if (!optional && !it.key().endsWith(QLatin1String("[n]")) && !params.contains(it.key()))
            errors.insert(it.key(), QStringLiteral("property is missing and it is not optional"));
    }
    return errors;
}

std::optional<std::pair<QString, QString>>
SimRouter::permission(const QString &key, const QHash<QString, QString> &params) const
{
    const QJsonArray perm = m_schema.value(key).toObject().value(QStringLiteral("perm")).toArray();
    if (perm.size() != 2)
        return std::nullopt;
    QString path = perm.at(0).toString();
    static const QRegularExpression placeholder(QStringLiteral("\\{([^}]+)\\}"));
    for (auto m = placeholder.globalMatch(perm.at(0).toString()); m.hasNext();) {
        const auto match = m.next();
        path.replace(match.captured(0), params.value(match.captured(1)));
    }
    return std::make_pair(path, perm.at(1).toString());
}

bool SimRouter::allowsToken(const QString &key) const
{
    return m_schema.value(key).toObject().value(QStringLiteral("notoken")).toInt() != 1;
}

} // namespace pmcp
