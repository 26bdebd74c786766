#include "server/oauth/ClientList.h"

namespace pmcp::ClientList {

namespace {

QJsonValue date(const QDateTime &value)
{
    return value.isValid() ? QJsonValue(value.toUTC().toString(Qt::ISODateWithMs))
                           : QJsonValue(QJsonValue::Null);
}

void addUsage(QJsonObject &entry, const QHash<QString, ClientUsage::Entry> &usage,
              const QString &name)
{
    const ClientUsage::Entry used = usage.value(name);
    entry.insert(QStringLiteral("lastUsed"), date(used.lastUsed));
    entry.insert(QStringLiteral("calls"), used.calls);
}

} // namespace

QJsonArray clients(const QList<ClientRecord> &tokens, const QList<OAuthGrant> &grants,
                   const QHash<QString, ClientUsage::Entry> &usage, const QDateTime &now)
{
    QJsonArray list;
    for (const ClientRecord &token : tokens) {
        QJsonObject entry{
            {QStringLiteral("name"), token.name},
            {QStringLiteral("kind"), QStringLiteral("token")},
            {QStringLiteral("scope"),
             token.readOnly ? QStringLiteral("read-only") : QStringLiteral("full")},
            {QStringLiteral("state"), token.revoked.isValid() ? QStringLiteral("revoked")
                                      : token.isActive(now)   ? QStringLiteral("active")
                                                              : QStringLiteral("expired")},
            {QStringLiteral("created"), date(token.created)},
            {QStringLiteral("expires"), date(token.expires)},
            {QStringLiteral("revoked"), date(token.revoked)}};
        addUsage(entry, usage, token.name);
        list.append(entry);
    }
    for (const OAuthGrant &grant : grants) {
        QJsonObject entry{
            {QStringLiteral("name"), grant.name},
            {QStringLiteral("kind"), QStringLiteral("oauth")},
            {QStringLiteral("scope"), grant.scope},
            {QStringLiteral("state"), grant.revoked.isValid() ? QStringLiteral("revoked")
                                      : grant.isActive(now)   ? QStringLiteral("active")
                                                              : QStringLiteral("expired")},
            {QStringLiteral("created"), date(grant.created)},
            {QStringLiteral("expires"), date(grant.expires)},
            {QStringLiteral("revoked"), date(grant.revoked)},
            {QStringLiteral("revokeReason"), grant.revokeReason},
            {QStringLiteral("clientName"), grant.clientName},
            {QStringLiteral("clientId"), grant.clientId},
            {QStringLiteral("approvedBy"), grant.approvedBy}};
        addUsage(entry, usage, grant.name);
        list.append(entry);
    }
    return list;
}

QJsonObject request(const AccessRequest &request)
{
    return {{QStringLiteral("id"), request.id},
            {QStringLiteral("clientName"), request.clientName},
            {QStringLiteral("clientId"), request.clientId},
            {QStringLiteral("redirectUri"), request.redirectUri},
            {QStringLiteral("redirectHost"), request.redirectHost()},
            {QStringLiteral("requestedScope"), request.requestedScope},
            {QStringLiteral("status"), AccessRequest::statusName(request.status)},
            {QStringLiteral("created"), date(request.created)},
            {QStringLiteral("expires"), date(request.expires)}};
}

QJsonArray pending(const QList<AccessRequest> &requests, const QDateTime &now)
{
    QJsonArray list;
    for (const AccessRequest &r : requests) {
        if (r.statusAt(now) == AccessRequest::Status::Pending)
            list.append(request(r));
    }
    return list;
}

} // namespace pmcp::ClientList
