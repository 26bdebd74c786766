#include "server/events/EventBus.h"

#include <algorithm>

namespace pmcp {

QJsonObject AdminEvent::toJson() const
{
    return {{QStringLiteral("id"), QString::number(id)},
            {QStringLiteral("type"), type},
            {QStringLiteral("time"), time.toString(Qt::ISODateWithMs)},
            {QStringLiteral("data"), data}};
}

EventBus::EventBus(int capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(std::max(1, capacity))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_firstIdOfRun(QDateTime::currentMSecsSinceEpoch() * 1000)
    , m_nextId(m_firstIdOfRun)
{}

void EventBus::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

qint64 EventBus::publish(const QString &type, const QJsonObject &data)
{
    AdminEvent event{m_nextId++, type, m_clock().toUTC(), data};
    m_events.push_back(event);
    while (int(m_events.size()) > m_capacity)
        m_events.pop_front();
    emit published(event);
    return event.id;
}

QList<AdminEvent> EventBus::since(qint64 lastId, bool *complete) const
{
    QList<AdminEvent> result;
    for (const AdminEvent &event : m_events) {
        if (event.id > lastId)
            result.append(event);
    }
    if (complete) {
        // Complete when the next event after lastId is the first one kept (or none was made).
        const qint64 firstKept = m_events.empty() ? m_nextId : m_events.front().id;
        *complete = lastId + 1 >= firstKept || (lastId == 0 && firstKept == m_firstIdOfRun);
    }
    return result;
}

} // namespace pmcp
