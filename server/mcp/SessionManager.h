#pragma once

#include "server/auth/ClientIdentity.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace pmcp {

class McpServer;
class McpSession;

// The MCP sessions of a transport: random ids, lookup, idle expiry, and delivery of the
// engine's broadcasts (list_changed, resource updates) to each session.
class SessionManager final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionManager)
public:
    // Open sessions at once: each holds state and maybe an event stream; a bound keeps a client
    // that opens sessions in a loop from exhausting memory, far above what real clients open.
    static constexpr int kDefaultMaxSessions = 1000;
    // Open sessions of one client identity: one token holder cannot take the whole table from
    // the others; a real client opens one or a few (config MCP_MAX_SESSIONS_PER_CLIENT).
    static constexpr int kDefaultMaxSessionsPerClient = 32;

    // Which bound refused a new session.
    enum class Limit { None, Total, PerClient };

    SessionManager(McpServer *server, int idleSeconds, int maxSessions = kDefaultMaxSessions,
                   int maxSessionsPerClient = kDefaultMaxSessionsPerClient,
                   QObject *parent = nullptr);
    ~SessionManager() override;

    // A session owned by identity; nullptr when a limit is reached (idle sessions are expired
    // first to make room), and then *refusedBy (when given) says which limit.
    McpSession *create(const ClientIdentity &identity = {}, Limit *refusedBy = nullptr);
    int maxSessions() const { return m_maxSessions; }
    int maxSessionsPerClient() const { return m_maxSessionsPerClient; }
    // Configuration reloads (MCP_SESSION_IDLE_S, MCP_MAX_SESSIONS_PER_CLIENT): open sessions
    // stay; a lower per-client limit only refuses new sessions.
    void setIdleSeconds(int idleSeconds);
    void setMaxSessionsPerClient(int maxSessionsPerClient);
    int countFor(const QString &clientName) const;
    McpSession *find(const QString &id) const;
    bool remove(const QString &id);
    int count() const { return int(m_sessions.size()); }
    // Removes sessions idle longer than the limit with nothing in flight; returns how many.
    int expireIdle();

    static QString newSessionId();
    // Pings every client that holds an event stream open (MCP ping, server to client).
    void pingClients();
    // Often enough that proxies and clients see traffic on a held stream, rarely enough to cost
    // nothing; a client that does not answer is only logged (at debug), never dropped.
    static constexpr int kPingIntervalMs = 60000;

signals:
    void countChanged(int count);

private:
    McpServer *m_server;
    qint64 m_idleMs;
    int m_maxSessions;
    int m_maxSessionsPerClient;
    QHash<QString, McpSession *> m_sessions;
    QTimer m_expiryTimer;
    QTimer m_pingTimer;
};

} // namespace pmcp
