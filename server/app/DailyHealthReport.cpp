#include "server/app/DailyHealthReport.h"

#include <QJsonArray>

namespace pmcp {

QString DailyCheck::statusName(Status status)
{
    switch (status) {
    case Status::Ok:
        return QStringLiteral("ok");
    case Status::Warning:
        return QStringLiteral("warning");
    case Status::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

DailyCheck::Status DailyHealthReport::worst() const
{
    DailyCheck::Status worst = DailyCheck::Status::Ok;
    for (const DailyCheck &check : m_checks)
        worst = qMax(worst, check.status);
    return worst;
}

QString DailyHealthReport::text() const
{
    QString text;
    int counts[3] = {0, 0, 0};
    for (const DailyCheck &check : m_checks) {
        ++counts[int(check.status)];
        text += QStringLiteral("%1 %2 %3\n")
                    .arg(DailyCheck::statusName(check.status), -8)
                    .arg(check.name, -12)
                    .arg(check.sentence);
    }
    text += QStringLiteral("%1: %2 ok, %3 warning, %4 failed\n")
                .arg(DailyCheck::statusName(worst()).toUpper())
                .arg(counts[0])
                .arg(counts[1])
                .arg(counts[2]);
    return text;
}

QJsonObject DailyHealthReport::json() const
{
    QJsonArray checks;
    for (const DailyCheck &check : m_checks)
        checks.append(QJsonObject{{QStringLiteral("name"), check.name},
                                  {QStringLiteral("status"), DailyCheck::statusName(check.status)},
                                  {QStringLiteral("sentence"), check.sentence}});
    return {{QStringLiteral("status"), DailyCheck::statusName(worst())},
            {QStringLiteral("checks"), checks}};
}

} // namespace pmcp
