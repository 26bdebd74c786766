#include "server/mcp/SessionManager.h"

#include "server/mcp/JsonRpc.h"
#include "server/mcp/McpLogCategory.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"

#include <QRandomGenerator>

namespace pmcp {

namespace {

// Idle expiry runs kExpiryChecksPerIdle times per idle limit, so a session outlives its limit
// by at most a quarter of it; never more often than every kExpiryCheckMinMs (a tiny limit in
// tests would spin) nor less often than every kExpiryCheckMaxMs (a full table frees late).
constexpr qint64 kExpiryChecksPerIdle = 4;
constexpr qint64 kExpiryCheckMinMs = 1000;
constexpr qint64 kExpiryCheckMaxMs = 30000;
// An answer to a ping must come before the next ping is due.
constexpr int kPingTimeoutMs = SessionManager::kPingIntervalMs / 2;
// 128 random bits: a session id cannot be guessed (MCP: "cryptographically secure").
constexpr int kSessionIdWords = 4;
// Enough of a session id to tell sessions apart in the log without writing out the whole id.
constexpr qsizetype kLoggedIdChars = 8;

} // namespace

SessionManager::SessionManager(McpServer *server, int idleSeconds, int maxSessions,
                               int maxSessionsPerClient, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_idleMs(qint64(idleSeconds) * 1000)
    , m_maxSessions(maxSessions)
    , m_maxSessionsPerClient(maxSessionsPerClient)
{
    setIdleSeconds(idleSeconds);
    connect(&m_expiryTimer, &QTimer::timeout, this, &SessionManager::expireIdle);
    m_expiryTimer.start();
    m_pingTimer.setInterval(kPingIntervalMs);
    connect(&m_pingTimer, &QTimer::timeout, this, &SessionManager::pingClients);
    m_pingTimer.start();
    connect(server, &McpServer::broadcast, this, [this](const QJsonObject &notification) {
        for (McpSession *session : std::as_const(m_sessions)) {
            if (session->isInitialized())
                session->sendUnsolicited(notification);
        }
    });
    connect(server, &McpServer::sessionLog, this,
            [this](LogLevel level, const QJsonObject &notification) {
                for (McpSession *session : std::as_const(m_sessions)) {
                    if (session->isInitialized() && level >= session->logLevel())
                        session->sendUnsolicited(notification);
                }
            });
    connect(server, &McpServer::resourceUpdated, this, [this](const QString &uri) {
        const auto notification = JsonRpc::notification(
            QStringLiteral("notifications/resources/updated"), {{QStringLiteral("uri"), uri}});
        for (McpSession *session : std::as_const(m_sessions)) {
            if (session->subscriptions().contains(uri))
                session->sendUnsolicited(notification);
        }
    });
}

void SessionManager::setIdleSeconds(int idleSeconds)
{
    m_idleMs = qint64(idleSeconds) * 1000;
    m_expiryTimer.setInterval(
        int(qBound(kExpiryCheckMinMs, m_idleMs / kExpiryChecksPerIdle, kExpiryCheckMaxMs)));
}

void SessionManager::setMaxSessionsPerClient(int maxSessionsPerClient)
{
    m_maxSessionsPerClient = maxSessionsPerClient;
}

SessionManager::~SessionManager()
{
    qDeleteAll(m_sessions);
}

QString SessionManager::newSessionId()
{
    // QRandomGenerator::system() is the operating system's CSPRNG.
    quint32 words[kSessionIdWords];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex());
}

void SessionManager::pingClients()
{
    for (McpSession *session : std::as_const(m_sessions)) {
        if (!session->isInitialized())
            continue;
        session->pingClient(
            [id = session->id()](Result<QJsonObject> answer) {
                if (!answer.ok())
                    qCDebug(lcMcp, "session %s: no answer to ping: %s",
                            qPrintable(id.left(kLoggedIdChars)),
                            qPrintable(answer.error().message));
            },
            kPingTimeoutMs);
    }
}

int SessionManager::countFor(const QString &clientName) const
{
    int count = 0;
    for (const McpSession *session : m_sessions) {
        if (session->clientName() == clientName)
            ++count;
    }
    return count;
}

McpSession *SessionManager::create(const ClientIdentity &identity, Limit *refusedBy)
{
    const auto refuse = [refusedBy](Limit limit) -> McpSession * {
        if (refusedBy)
            *refusedBy = limit;
        return nullptr;
    };
    // Expiry runs at most once: it frees room under both limits alike.
    bool expired = false;
    if (countFor(identity.name) >= m_maxSessionsPerClient) {
        expireIdle();
        expired = true;
        if (countFor(identity.name) >= m_maxSessionsPerClient)
            return refuse(Limit::PerClient);
    }
    if (m_sessions.size() >= m_maxSessions && !expired)
        expireIdle();
    if (m_sessions.size() >= m_maxSessions)
        return refuse(Limit::Total);
    if (refusedBy)
        *refusedBy = Limit::None;
    auto *session = new McpSession(newSessionId());
    session->setIdentity(identity);
    m_sessions.insert(session->id(), session);
    emit countChanged(count());
    return session;
}

McpSession *SessionManager::find(const QString &id) const
{
    return m_sessions.value(id, nullptr);
}

bool SessionManager::remove(const QString &id)
{
    McpSession *session = m_sessions.take(id);
    if (!session)
        return false;
    session->close();
    session->deleteLater();
    emit countChanged(count());
    return true;
}

int SessionManager::expireIdle()
{
    QStringList expired;
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        const McpSession *session = it.value();
        if (session->idleMs() > m_idleMs && session->inFlightCount() == 0 &&
            session->openStandaloneChannels() == 0)
            expired.append(it.key());
    }
    for (const QString &id : std::as_const(expired))
        remove(id);
    return int(expired.size());
}

} // namespace pmcp
