#pragma once

#include "server/ops/HealthReport.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace pmcp {

class EventBus;

// Runs the health probes now and then and publishes health.changed when the overall status or
// any check's status differs from the last look (not on every detail: a counter in a sentence
// is not a change worth a notification).
class HealthWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthWatcher)
public:
    // How often the daemon looks: a tray notices a change within this time.
    static constexpr int kDefaultIntervalMs = 10000;

    HealthWatcher(const HealthReport *health, EventBus *events, int intervalMs,
                  QObject *parent = nullptr);

    // Looks now; true when it published a change. The first look sets the baseline silently.
    bool check();
    void start() { m_timer.start(); }

private:
    const HealthReport *m_health;
    EventBus *m_events;
    QTimer m_timer;
    bool m_seen = false;
    QString m_overall;
    QHash<QString, QString> m_statuses;
};

} // namespace pmcp
