#pragma once

#include "server/ops/HealthReport.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace pmcp {

class ProxmoxTargets;

// Keeps the health of each Proxmox target fresh without blocking /health: asks GET /version
// now and then in the background and reports the last answer.
class ProxmoxHealthProbe final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxmoxHealthProbe)
public:
    ProxmoxHealthProbe(const ProxmoxTargets *targets, int intervalMs, QObject *parent = nullptr);

    void refresh();
    // ok (reachable, TLS verified), warn (reachable but TLS verification off, or not asked yet),
    // fail (unreachable or refused).
    HealthCheck check() const;
    // Each target on its own: [{"name", "status", "detail"}] (GET /api/admin/status).
    QJsonArray targets() const;

private:
    const ProxmoxTargets *m_targets;
    QTimer m_timer;
    QHash<QString, QString> m_status;
    QHash<QString, QString> m_detail;
    QHash<QString, QStringList> m_offlineNodes; // per target, from GET /nodes
};

} // namespace pmcp
