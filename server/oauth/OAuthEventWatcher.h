#pragma once

#include "server/oauth/OAuthStore.h"

#include <QHash>
#include <QString>

namespace pmcp {

class EventBus;

// Turns changes of the OAuth store into admin events, whoever made them (this daemon, the CLI in
// another process, the admin API): client.requested, client.approved, client.rejected,
// client.expired (a request nobody answered, or a grant past its expiry), client.revoked.
// The daemon calls check() after its own changes and every second for the others'.
class OAuthEventWatcher final {
public:
    // What the store holds now is the starting point: it is not announced.
    OAuthEventWatcher(OAuthStore *store, EventBus *events);

    void check();

private:
    enum class GrantState { Active, Revoked, Expired };
    void remember(const OAuthState &state, bool announce);

    OAuthStore *m_store;
    EventBus *m_events;
    QHash<QString, AccessRequest::Status> m_requests;
    QHash<QString, GrantState> m_grants;
};

} // namespace pmcp
