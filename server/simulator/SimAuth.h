#pragma once

#include "shared/core/Result.h"
#include "server/http/HttpRequest.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace pmcp {

class SimState;

// Proxmox's two ways in: API tokens (Authorization: PVEAPIToken=user@realm!id=secret) and
// tickets from POST /access/ticket (PVEAuthCookie cookie or header, plus CSRFPreventionToken on
// every non-GET call).
class SimAuth final {
public:
    struct Identity {
        QString authId; // root@pam or root@pam!mcp
        bool token = false;
    };

    explicit SimAuth(SimState &state);

    // The caller, or Error::Unauthenticated with Proxmox's 401 message.
    Result<Identity> authenticate(const HttpRequest &request) const;
    // POST /access/ticket: ticket, CSRFPreventionToken, username, clustername, cap.
    Result<QJsonObject> login(const QString &username, const QString &password);

private:
    static QString ticketFrom(const HttpRequest &request);
    Result<Identity> checkToken(const QString &value) const;

    SimState &m_state;
    QHash<QString, QString> m_tickets; // ticket -> user
    QHash<QString, QString> m_csrf;    // user -> CSRF token
};

} // namespace pmcp
