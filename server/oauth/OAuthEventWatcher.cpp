#include "server/oauth/OAuthEventWatcher.h"

#include "server/events/EventBus.h"

#include <QJsonObject>

namespace pmcp {

OAuthEventWatcher::OAuthEventWatcher(OAuthStore *store, EventBus *events)
    : m_store(store)
    , m_events(events)
{
    remember(m_store->state(), false);
}

void OAuthEventWatcher::check()
{
    remember(m_store->state(), true);
}

void OAuthEventWatcher::remember(const OAuthState &state, bool announce)
{
    const QDateTime now = m_store->now();
    QHash<QString, const OAuthGrant *> grants;
    for (const OAuthGrant &grant : state.grants)
        grants.insert(grant.name, &grant);
    using Status = AccessRequest::Status;
    for (const AccessRequest &request : state.requests) {
        const Status status = request.statusAt(now);
        const auto known = m_requests.constFind(request.id);
        const bool isNew = known == m_requests.constEnd();
        const Status before = isNew ? status : known.value();
        m_requests.insert(request.id, status);
        if (!announce || (!isNew && before == status))
            continue;
        if (status == Status::Pending) {
            m_events->publish(QLatin1String(EventType::ClientRequested),
                              {{QStringLiteral("id"), request.id},
                               {QStringLiteral("clientName"), request.clientName},
                               {QStringLiteral("redirectHost"), request.redirectHost()},
                               {QStringLiteral("code"), request.id},
                               {QStringLiteral("scope"), request.requestedScope}});
        } else if (status == Status::Approved || (status == Status::Used && isNew)) {
            const OAuthGrant *grant = grants.value(request.grantName);
            m_events->publish(QLatin1String(EventType::ClientApproved),
                              {{QStringLiteral("id"), request.id},
                               {QStringLiteral("clientName"), request.clientName},
                               {QStringLiteral("name"), request.grantName},
                               {QStringLiteral("scope"), grant ? grant->scope : QString()},
                               {QStringLiteral("expires"),
                                grant ? grant->expires.toString(Qt::ISODateWithMs) : QString()},
                               {QStringLiteral("by"), request.decidedBy}});
        } else if (status == Status::Rejected) {
            m_events->publish(QLatin1String(EventType::ClientRejected),
                              {{QStringLiteral("id"), request.id},
                               {QStringLiteral("clientName"), request.clientName},
                               {QStringLiteral("by"), request.decidedBy}});
        } else if (status == Status::Expired) {
            m_events->publish(QLatin1String(EventType::ClientExpired),
                              {{QStringLiteral("id"), request.id},
                               {QStringLiteral("name"), request.clientName},
                               {QStringLiteral("reason"),
                                QStringLiteral("no administrator answered the request in time")}});
        }
    }
    for (const OAuthGrant &grant : state.grants) {
        const GrantState current = grant.revoked.isValid() ? GrantState::Revoked
                                   : grant.isActive(now)   ? GrantState::Active
                                                           : GrantState::Expired;
        const auto known = m_grants.constFind(grant.name);
        const GrantState before = known == m_grants.constEnd() ? GrantState::Active : known.value();
        m_grants.insert(grant.name, current);
        if (!announce || before == current || before != GrantState::Active)
            continue;
        if (current == GrantState::Revoked)
            m_events->publish(QLatin1String(EventType::ClientRevoked),
                              {{QStringLiteral("name"), grant.name},
                               {QStringLiteral("reason"), grant.revokeReason}});
        else
            m_events->publish(QLatin1String(EventType::ClientExpired),
                              {{QStringLiteral("name"), grant.name},
                               {QStringLiteral("reason"), QStringLiteral("the grant expired")}});
    }
}

} // namespace pmcp
