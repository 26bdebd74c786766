#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace pmcp {

// One component's health: ok, warn (degraded), fail (unhealthy) or disabled.
struct HealthCheck final {
    QString name;
    QString status;
    QString detail;
};

// Runs the daemon's health probes and sums them up for GET /health.
class HealthReport final {
public:
    using Probe = std::function<HealthCheck()>;

    void addProbe(Probe probe);
    QList<HealthCheck> run() const;
    // {"status","version","uptime_s","checks":{name:{"status"[,"detail"]}}}. Details (paths,
    // host names, reasons) only for authenticated callers.
    QJsonObject build(bool detailed, qint64 uptimeSeconds) const;
    static QString overall(const QList<HealthCheck> &checks);

private:
    QList<Probe> m_probes;
};

} // namespace pmcp
