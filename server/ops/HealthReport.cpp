#include "server/ops/HealthReport.h"

#include "shared/core/Version.h"

namespace pmcp {

void HealthReport::addProbe(Probe probe)
{
    m_probes.append(std::move(probe));
}

QList<HealthCheck> HealthReport::run() const
{
    QList<HealthCheck> checks;
    for (const auto &probe : m_probes)
        checks.append(probe());
    return checks;
}

QString HealthReport::overall(const QList<HealthCheck> &checks)
{
    bool degraded = false;
    for (const auto &check : checks) {
        if (check.status == QLatin1String("fail"))
            return QStringLiteral("unhealthy");
        degraded = degraded || check.status == QLatin1String("warn");
    }
    return degraded ? QStringLiteral("degraded") : QStringLiteral("healthy");
}

QJsonObject HealthReport::build(bool detailed, qint64 uptimeSeconds) const
{
    const auto checks = run();
    QJsonObject checksJson;
    for (const auto &check : checks) {
        QJsonObject entry{{QStringLiteral("status"), check.status}};
        if (detailed && !check.detail.isEmpty())
            entry.insert(QStringLiteral("detail"), check.detail);
        checksJson.insert(check.name, entry);
    }
    return {{QStringLiteral("status"), overall(checks)},
            {QStringLiteral("version"), productVersion()},
            {QStringLiteral("uptime_s"), uptimeSeconds},
            {QStringLiteral("checks"), checksJson}};
}

} // namespace pmcp
