#include "server/alerts/Alert.h"

#include <QRandomGenerator>

namespace pmcp {

namespace {

constexpr const char *kKinds[] = {"raised", "cleared", "notice", "report", "test"};
constexpr const char *kSeverities[] = {"info", "warning", "critical"};

} // namespace

QString Alert::kindName(Kind kind)
{
    return QString::fromLatin1(kKinds[int(kind)]);
}

QString Alert::severityName(Severity level)
{
    return QString::fromLatin1(kSeverities[int(level)]);
}

std::optional<Alert::Kind> Alert::kindFromName(const QString &name)
{
    for (int i = 0; i < int(std::size(kKinds)); ++i) {
        if (name == QLatin1String(kKinds[i]))
            return Kind(i);
    }
    return std::nullopt;
}

std::optional<Alert::Severity> Alert::severityFromName(const QString &name)
{
    for (int i = 0; i < int(std::size(kSeverities)); ++i) {
        if (name == QLatin1String(kSeverities[i]))
            return Severity(i);
    }
    return std::nullopt;
}

QString Alert::newId()
{
    return QStringLiteral("a-%1").arg(QRandomGenerator::system()->generate64(), 16, 16,
                                      QLatin1Char('0'));
}

QJsonObject Alert::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("key"), key},
            {QStringLiteral("kind"), kindName(kind)},
            {QStringLiteral("severity"), severityName(severity)},
            {QStringLiteral("title"), title},
            {QStringLiteral("message"), message},
            {QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)}};
}

std::optional<Alert> Alert::fromJson(const QJsonObject &json)
{
    const auto kind = kindFromName(json.value(QLatin1String("kind")).toString());
    const auto severity = severityFromName(json.value(QLatin1String("severity")).toString());
    Alert alert;
    alert.id = json.value(QLatin1String("id")).toString();
    alert.key = json.value(QLatin1String("key")).toString();
    alert.title = json.value(QLatin1String("title")).toString();
    alert.message = json.value(QLatin1String("message")).toString();
    alert.time =
        QDateTime::fromString(json.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
    if (!kind || !severity || alert.id.isEmpty() || !alert.time.isValid())
        return std::nullopt;
    alert.kind = *kind;
    alert.severity = *severity;
    return alert;
}

} // namespace pmcp
