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
    SessionManager(McpServer *server, int idleSeconds, int maxSessions = 1000,
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
