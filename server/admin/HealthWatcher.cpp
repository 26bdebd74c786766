#include "server/admin/HealthWatcher.h"

#include "server/events/EventBus.h"

#include <QJsonArray>

namespace pmcp {

HealthWatcher::HealthWatcher(const HealthReport *health, EventBus *events, int intervalMs,
                             QObject *parent)
    : QObject(parent)
    , m_health(health)
    , m_events(events)
{
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { check(); });
}

bool HealthWatcher::check()
{
    const QList<HealthCheck> checks = m_health->run();
    const QString overall = HealthReport::overall(checks);
    QHash<QString, QString> statuses;
    QJsonArray list;
    QJsonArray changed;
    for (const HealthCheck &check : checks) {
        statuses.insert(check.name, check.status);
        list.append(QJsonObject{{QStringLiteral("name"), check.name},
                                {QStringLiteral("status"), check.status},
                                {QStringLiteral("detail"), check.detail}});
        if (m_seen && m_statuses.value(check.name) != check.status)
            changed.append(check.name);
    }
    const bool differs = m_seen && (overall != m_overall || statuses != m_statuses);
    const QString previous = m_overall;
    m_seen = true;
    m_overall = overall;
    m_statuses = statuses;
    if (!differs)
        return false;
    m_events->publish(QLatin1String(EventType::HealthChanged),
                      {{QStringLiteral("status"), overall},
                       {QStringLiteral("previous"), previous},
                       {QStringLiteral("changed"), changed},
                       {QStringLiteral("checks"), list}});
    return true;
}

} // namespace pmcp
