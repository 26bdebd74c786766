#pragma once

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

    SessionManager(McpServer *server, int idleSeconds, int maxSessions = kDefaultMaxSessions,
                   QObject *parent = nullptr);
    ~SessionManager() override;

    // nullptr when the session limit is reached.
    McpSession *create();
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
    QHash<QString, McpSession *> m_sessions;
    QTimer m_expiryTimer;
    QTimer m_pingTimer;
};

} // namespace pmcp
