#pragma once

#include "server/auth/ClientStore.h"
#include "server/oauth/ClientUsage.h"
#include "server/oauth/OAuthStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace pmcp::ClientList {

// Every client in one list, as the admin API and `clients list` show it: the static tokens
// ("kind": "token") and the OAuth grants ("kind": "oauth"), each with name, scope, state
// (active, revoked, expired), created, expires, lastUsed, calls (and revoked, revokeReason,
// clientName, approvedBy for grants).
QJsonArray clients(const QList<ClientRecord> &tokens, const QList<OAuthGrant> &grants,
                   const QHash<QString, ClientUsage::Entry> &usage, const QDateTime &now);
// The requests still waiting for a decision: id (the code), clientName, clientId, redirectUri,
// redirectHost, requestedScope, created, expires.
QJsonArray pending(const QList<AccessRequest> &requests, const QDateTime &now);
QJsonObject request(const AccessRequest &request);

} // namespace pmcp::ClientList
