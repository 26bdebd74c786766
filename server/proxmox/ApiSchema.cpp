#include "server/proxmox/ApiSchema.h"

#include "server/proxmox/ApiFormats.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace pmcp {

namespace {

bool isPlaceholder(const QString &segment)
{
    return segment.startsWith(u'{') && segment.endsWith(u'}');
}

QStringList splitPath(const QString &path)
{
    QStringList segments;
    for (const QString &raw : path.split(u'/', Qt::SkipEmptyParts))
        segments.append(QUrl::fromPercentEncoding(raw.toUtf8()));
    return segments;
}

double characterDistance(const QString &a, const QString &b)
{
    QList<int> previous(b.size() + 1);
    QList<int> row(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, substitution});
        }
        std::swap(previous, row);
    }
    const int longest = std::max<int>({1, static_cast<int>(a.size()), static_cast<int>(b.size())});
    return static_cast<double>(previous[b.size()]) / longest;
}

// Edit distance over segments: a placeholder matches any segment for free, a different literal
// costs between 0.5 (a typo) and 1, a missing or extra segment 1.
double segmentDistance(const QStringList &given, const QStringList &candidate)
{
    QList<double> previous(candidate.size() + 1);
    QList<double> row(candidate.size() + 1);
    for (int j = 0; j <= candidate.size(); ++j)
        previous[j] = j;
    for (int i = 1; i <= given.size(); ++i) {
        row[0] = i;
        for (int j = 1; j <= candidate.size(); ++j) {
            const QString &want = candidate[j - 1];
            const double cost = isPlaceholder(want) || want == given[i - 1]
                                    ? 0.0
                                    : 0.5 + 0.5 * characterDistance(given[i - 1], want);
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
        }
        std::swap(previous, row);
    }
    return previous[candidate.size()];
}

ApiParam parseParam(const QString &name, const QJsonObject &spec)
{
    ApiParam param;
    param.name = name;
    param.type = spec.value(QLatin1String("type")).toString(QStringLiteral("string"));
    param.optional = spec.value(QLatin1String("optional")).toBool();
    for (const QJsonValue &value : spec.value(QLatin1String("enum")).toArray())
        param.enumValues.append(value.toString());
    if (spec.contains(QLatin1String("minimum")))
        param.minimum = spec.value(QLatin1String("minimum")).toDouble();
    if (spec.contains(QLatin1String("maximum")))
        param.maximum = spec.value(QLatin1String("maximum")).toDouble();
    param.maxLength = spec.value(QLatin1String("maxLength")).toInt();
    param.pattern = spec.value(QLatin1String("pattern")).toString();
    param.format = spec.value(QLatin1String("format")).toString();
    return param;
}

QString scalarText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    if (value.isDouble()) {
        const double number = value.toDouble();
        return std::floor(number) == number && std::fabs(number) < 9.0e15
                   ? QString::number(static_cast<qint64>(number))
                   : QString::number(number, 'g', 17);
    }
    return {};
}

bool isBooleanText(const QString &text)
{
    static const QRegularExpression spelling(QStringLiteral("^(1|0|true|false|yes|no|on|off)$"),
                                             QRegularExpression::CaseInsensitiveOption);
    return spelling.match(text).hasMatch();
}

QString rangeProblem(const ApiParam &param, const QString &name, double number)
{
    if (param.minimum && number < *param.minimum)
        return QStringLiteral("parameter %1 must be at least %2").arg(name).arg(*param.minimum);
    if (param.maximum && number > *param.maximum)
        return QStringLiteral("parameter %1 must be at most %2").arg(name).arg(*param.maximum);
    return {};
}

} // namespace

bool ApiParam::matches(const QString &given) const
{
    if (!name.endsWith(QLatin1String("[n]")))
        return given == name;
    const QString stem = name.left(name.size() - 3);
    if (!given.startsWith(stem) || given.size() == stem.size())
        return false;
    for (const QChar c : QStringView(given).mid(stem.size())) {
        if (!c.isDigit())
            return false;
    }
    return true;
}

const ApiSchema &ApiSchema::instance()
{
    static const ApiSchema schema = [] {
        QFile file(QStringLiteral(":/proxmox/pve-api-compact.json"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("the embedded Proxmox API schema is missing from the resources");
        Result<ApiSchema> parsed = fromJson(file.readAll());
        if (!parsed)
            qFatal("the embedded Proxmox API schema does not parse");
        return std::move(parsed).value();
    }();
    return schema;
}

Result<ApiSchema> ApiSchema::fromJson(const QByteArray &compactJson)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(compactJson, &error);
    if (!document.isObject())
        return Error::invalid(
            QStringLiteral("the API schema is not a JSON object: %1").arg(error.errorString()));
    ApiSchema schema;
    for (const QJsonValue &pathValue : document.object().value(QLatin1String("paths")).toArray()) {
        const QJsonObject pathObject = pathValue.toObject();
        Entry entry;
        entry.path = pathObject.value(QLatin1String("path")).toString();
        entry.segments = entry.path.split(u'/', Qt::SkipEmptyParts);
        const QJsonObject methods = pathObject.value(QLatin1String("methods")).toObject();
        for (auto it = methods.constBegin(); it != methods.constEnd(); ++it) {
            const QJsonObject spec = it.value().toObject();
            ApiMethod method;
            method.method = it.key();
            method.allowToken = spec.value(QLatin1String("allowtoken")).toBool();
            method.isProtected = spec.value(QLatin1String("protected")).toBool();
            const QJsonObject params = spec.value(QLatin1String("params")).toObject();
            for (auto p = params.constBegin(); p != params.constEnd(); ++p)
                method.params.append(parseParam(p.key(), p.value().toObject()));
            entry.methods.insert(method.method, method);
        }
        schema.m_paths.append(entry);
    }
    if (schema.m_paths.isEmpty())
        return Error::invalid(QStringLiteral("the API schema lists no paths"));
    return schema;
}

const ApiSchema::Entry *ApiSchema::match(const QStringList &segments) const
{
    const Entry *best = nullptr;
    int bestLiterals = -1;
    for (const Entry &entry : m_paths) {
        if (entry.segments.size() != segments.size())
            continue;
        int literals = 0;
        bool matches = true;
        for (int i = 0; i < segments.size() && matches; ++i) {
            if (isPlaceholder(entry.segments[i]))
                matches = !segments[i].isEmpty();
            else if (entry.segments[i] == segments[i])
                ++literals;
            else
                matches = false;
        }
        if (matches && literals > bestLiterals) {
            best = &entry;
            bestLiterals = literals;
        }
    }
    return best;
}

QStringList ApiSchema::closestPaths(const QString &path, int count) const
{
    const QStringList given = splitPath(path);
    QList<std::pair<double, QString>> ranked;
    ranked.reserve(m_paths.size());
    for (const Entry &entry : m_paths) {
        if (!entry.methods.isEmpty())
            ranked.append({segmentDistance(given, entry.segments), entry.path});
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList result;
    for (int i = 0; i < ranked.size() && i < count; ++i)
        result.append(ranked[i].second);
    return result;
}

QStringList ApiSchema::paths() const
{
    QStringList all;
    for (const Entry &entry : m_paths)
        all.append(entry.path);
    return all;
}

const ApiMethod *ApiSchema::find(const QString &templatePath, const QString &method) const
{
    for (const Entry &entry : m_paths) {
        if (entry.path == templatePath) {
            const auto it = entry.methods.constFind(method.toUpper());
            return it == entry.methods.constEnd() ? nullptr : &it.value();
        }
    }
    return nullptr;
}

Result<ResolvedPath> ApiSchema::resolve(const QString &method, const QString &path) const
{
    const QStringList segments = splitPath(path);
    const Entry *entry = match(segments);
    if (!entry) {
        return Error::invalid(QStringLiteral("%1 is not a Proxmox API path; the closest are: %2")
                                  .arg(path, closestPaths(path).join(QStringLiteral(", "))));
    }
    ResolvedPath resolved;
    resolved.templatePath = entry->path;
    resolved.method = method.toUpper();
    resolved.allowedMethods = entry->methods.keys();
    for (int i = 0; i < segments.size(); ++i) {
        const QString &segment = entry->segments[i];
        if (isPlaceholder(segment))
            resolved.pathParams.insert(segment.mid(1, segment.size() - 2), segments[i]);
    }
    const auto it = entry->methods.constFind(resolved.method);
    if (it == entry->methods.constEnd()) {
        return Error::invalid(
            QStringLiteral("%1 %2 is not in the Proxmox API (path %3); allowed methods: %4")
                .arg(resolved.method, path, entry->path,
                     resolved.allowedMethods.isEmpty()
                         ? QStringLiteral("none (a directory of other paths)")
                         : resolved.allowedMethods.join(QStringLiteral(", "))));
    }
    resolved.allowToken = it->allowToken;
    resolved.isProtected = it->isProtected;
    return resolved;
}

Result<QString> ApiSchema::checkPath(const QString &method, const QString &given) const
{
    const auto refuse = [&given](const QString &why) {
        return Error::invalid(
            QStringLiteral("the path \"%1\" %2; nothing was sent.").arg(given.left(200), why));
    };
    QString path = given.trimmed();
    if (path.startsWith(QLatin1String("/api2/json/")) || path == QLatin1String("/api2/json"))
        path = path.mid(10);
    if (!path.startsWith(u'/'))
        path.prepend(u'/');
    if (path.contains(u'?'))
        return refuse(QStringLiteral("has a query (\"?...\"): give parameters in data"));
    if (path.contains(u'#'))
        return refuse(QStringLiteral("has a fragment (\"#...\")"));
    for (const QChar c : path) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return refuse(QStringLiteral("contains a space or control character"));
    }
    while (path.size() > 1 && path.endsWith(u'/'))
        path.chop(1);
    if (path.contains(QLatin1String("//")))
        return refuse(QStringLiteral("contains an empty segment (\"//\")"));
    const QStringList raw = path.split(u'/', Qt::SkipEmptyParts);
    QStringList decoded;
    for (const QString &segment : raw) {
        const QString text = QUrl::fromPercentEncoding(segment.toUtf8());
        if (text == QLatin1String(".") || text == QLatin1String(".."))
            return refuse(
                QStringLiteral("contains a \"%1\" segment: give the path itself").arg(text));
        if (text.contains(u'%') && QUrl::fromPercentEncoding(text.toUtf8()) != text)
            return refuse(QStringLiteral("is percent-encoded twice"));
        for (const QChar c : text) {
            if (c.isSpace() || c.category() == QChar::Other_Control)
                return refuse(QStringLiteral("contains an encoded space or control character"));
        }
        decoded.append(text);
    }
    const Entry *entry = match(decoded);
    if (!entry)
        return resolve(method, path).error();
    const auto methodIt = entry->methods.constFind(method.toUpper());
    QStringList canonical;
    for (int i = 0; i < decoded.size(); ++i) {
        const QString &want = entry->segments[i];
        if (!isPlaceholder(want)) {
            canonical.append(decoded[i]);
            continue;
        }
        const QString name = want.mid(1, want.size() - 2);
        if (decoded[i].contains(u'/') && name != QLatin1String("volume"))
            return refuse(QStringLiteral("has an encoded \"/\" in its %1 segment").arg(name));
        QString format;
        QString pattern;
        if (methodIt != entry->methods.constEnd()) {
            for (const ApiParam &param : methodIt->params) {
                if (param.name == name) {
                    format = param.format;
                    pattern = param.pattern;
                    if (param.type == QLatin1String("integer") && format.isEmpty())
                        pattern = QStringLiteral("\\d+");
                }
            }
        }
        if (name == QLatin1String("volume"))
            format = QStringLiteral("pve-volume-id");
        else if (name == QLatin1String("upid"))
            format = QStringLiteral("pve-upid");
        if (ApiFormats::isKnown(format)) {
            const Result<void> valid = ApiFormats::check(format, name, decoded[i]);
            if (!valid.ok())
                return refuse(
                    QStringLiteral("does not fit %1: %2").arg(entry->path, valid.error().message));
        } else if (!pattern.isEmpty() && !pattern.startsWith(QLatin1String("(?^"))) {
            const QRegularExpression anchored(QStringLiteral("^(?:%1)$").arg(pattern));
            if (anchored.isValid() && !anchored.match(decoded[i]).hasMatch())
                return refuse(QStringLiteral("does not fit %1: %2 must match %3")
                                  .arg(entry->path, name, pattern));
        }
        canonical.append(ApiFormats::segment(decoded[i]));
    }
    return u'/' + canonical.join(u'/');
}

QStringList ApiSchema::checkValue(const ApiParam &param, const QString &name,
                                  const QJsonValue &value)
{
    if (param.type == QLatin1String("array"))
        return value.isArray() || value.isString()
                   ? QStringList()
                   : QStringList{QStringLiteral("parameter %1 must be a list").arg(name)};
    if (value.isArray() || value.isObject())
        return {
            QStringLiteral("parameter %1 must be a single value, not a list or object").arg(name)};
    const QString text = scalarText(value);
    if (param.type == QLatin1String("boolean")) {
        if (!value.isBool() && !isBooleanText(text))
            return {QStringLiteral("parameter %1 must be a boolean (0 or 1)").arg(name)};
        return {};
    }
    if (param.type == QLatin1String("integer") || param.type == QLatin1String("number")) {
        bool ok = false;
        const double number = text.toDouble(&ok);
        const bool integer = param.type == QLatin1String("integer");
        if (!ok || (integer && std::floor(number) != number))
            return {QStringLiteral("parameter %1 must be %2")
                        .arg(name,
                             integer ? QStringLiteral("an integer") : QStringLiteral("a number"))};
        const QString range = rangeProblem(param, name, number);
        return range.isEmpty() ? QStringList() : QStringList{range};
    }
    if (!param.enumValues.isEmpty() && !param.enumValues.contains(text))
        return {QStringLiteral("parameter %1 must be one of %2")
                    .arg(name, param.enumValues.join(QStringLiteral(", ")))};
    if (param.maxLength > 0 && text.size() > param.maxLength)
        return {QStringLiteral("parameter %1 is longer than %2 characters")
                    .arg(name)
                    .arg(param.maxLength)};
    if (!param.pattern.isEmpty()) {
        const QRegularExpression pattern(QStringLiteral("^(?:%1)$").arg(param.pattern));
        if (pattern.isValid() && !pattern.match(text).hasMatch())
            return {QStringLiteral("parameter %1 does not match the pattern %2")
                        .arg(name, param.pattern)};
    }
    return {};
}

Result<void> ApiSchema::validateParams(const QString &method, const QString &path,
                                       const QJsonObject &params) const
{
    const Result<ResolvedPath> resolved = resolve(method, path);
    if (!resolved)
        return resolved.error();
    const ApiMethod *spec = find(resolved.value().templatePath, resolved.value().method);
    const QMap<QString, QString> &inPath = resolved.value().pathParams;
    QStringList problems, unknown, missing, allowed;
    for (const ApiParam &param : spec->params) {
        if (inPath.contains(param.name))
            continue;
        allowed.append(param.name);
        if (!param.optional && !params.contains(param.name))
            missing.append(param.name);
    }
    for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
        const auto param = std::find_if(spec->params.cbegin(), spec->params.cend(),
                                        [&it](const ApiParam &p) { return p.matches(it.key()); });
        if (param == spec->params.cend())
            unknown.append(it.key());
        else if (inPath.contains(it.key()) && scalarText(it.value()) != inPath.value(it.key()))
            problems.append(QStringLiteral("parameter %1 conflicts with the path (%2)")
                                .arg(it.key(), inPath.value(it.key())));
        else
            problems += checkValue(*param, it.key(), it.value());
    }
    if (!unknown.isEmpty())
        problems.prepend(QStringLiteral("unknown parameter(s) %1 (allowed: %2)")
                             .arg(unknown.join(QStringLiteral(", ")),
                                  allowed.isEmpty() ? QStringLiteral("none")
                                                    : allowed.join(QStringLiteral(", "))));
    if (!missing.isEmpty())
        problems.append(QStringLiteral("missing required parameter(s) %1")
                            .arg(missing.join(QStringLiteral(", "))));
    if (problems.isEmpty())
        return {};
    return Error::invalid(QStringLiteral("%1 %2: %3")
                              .arg(resolved.value().method, resolved.value().templatePath,
                                   problems.join(QStringLiteral("; "))));
}

} // namespace pmcp
