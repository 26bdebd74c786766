#pragma once

#include "shared/core/Result.h"
#include "server/auth/ClientIdentity.h"
#include "server/mcp/LogLevel.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

namespace pmcp {

class McpChannel;
class RequestContext;

// One MCP client session: what was negotiated, who the client is, and what is in flight.
class McpSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpSession)
public:
    using ReplyCallback = std::function<void(Result<QJsonObject>)>;

    explicit McpSession(QString id, QObject *parent = nullptr);
    ~McpSession() override;

    QString id() const { return m_id; }
    QString protocolVersion() const { return m_protocolVersion; }
    void setProtocolVersion(const QString &version) { m_protocolVersion = version; }
    bool isInitialized() const { return m_initialized; }
    void setInitialized(bool initialized) { m_initialized = initialized; }
    QJsonObject clientInfo() const { return m_clientInfo; }
    QJsonObject clientCapabilities() const { return m_clientCapabilities; }
    void setClient(const QJsonObject &info, const QJsonObject &capabilities);
    bool clientSupports(const QString &capability) const;

    LogLevel logLevel() const { return m_logLevel; }
    void setLogLevel(LogLevel level)
    {
        m_logLevel = level;
        m_logsWanted = true;
    }
    // A 2026-07-28 request without _meta logLevel gets no notifications/message at all.
    bool wantsLogs() const { return m_logsWanted; }
    void silenceLogs() { m_logsWanted = false; }

    // A stand-in for one 2026-07-28 request (no handshake, nothing kept between requests):
    // the request's own version, capabilities and log level, gone when the request ends.
    bool isStateless() const { return m_stateless; }
    void setStateless(bool stateless) { m_stateless = stateless; }

    // The authenticated MCP client this session belongs to (empty when auth is off).
    const ClientIdentity &identity() const { return m_identity; }
    QString clientName() const { return m_identity.name; }
    bool isReadOnlyClient() const { return m_identity.readOnly; }
    void setIdentity(const ClientIdentity &identity) { m_identity = identity; }

    void touch() { m_idle.restart(); }
    qint64 idleMs() const { return m_idle.elapsed(); }

    // Server-to-client requests: the id to send and the callback for the client's answer.
    QJsonValue registerOutgoing(ReplyCallback callback, int timeoutMs);
    bool resolveOutgoing(const QJsonValue &id, Result<QJsonObject> answer);

    // Client requests being worked on, for cancellation and idle accounting.
    void addInFlight(const std::shared_ptr<RequestContext> &context);
    void removeInFlight(const QJsonValue &id);
    std::shared_ptr<RequestContext> inFlight(const QJsonValue &id) const;
    int inFlightCount() const { return int(m_inFlight.size()); }

    // Streams for messages not tied to a request (the GET SSE streams, or stdout).
    void addStandaloneChannel(const std::shared_ptr<McpChannel> &channel);
    bool sendUnsolicited(const QJsonObject &message);
    // Sends a ping request on a standalone stream; false when there is none to send it on.
    bool pingClient(ReplyCallback callback, int timeoutMs);
    int openStandaloneChannels() const;

    QSet<QString> &subscriptions() { return m_subscriptions; }

    // Ends everything: pending server requests fail, in-flight requests are cancelled.
    void close();

private:
    QString m_id;
    QString m_protocolVersion;
    bool m_initialized = false;
    QJsonObject m_clientInfo;
    QJsonObject m_clientCapabilities;
    LogLevel m_logLevel = LogLevel::Info;
    bool m_logsWanted = true;
    bool m_stateless = false;
    ClientIdentity m_identity;
    QElapsedTimer m_idle;
    qint64 m_nextOutgoingId = 1;
    struct Outgoing {
        ReplyCallback callback;
        QObject *timer = nullptr;
    };
    QHash<QString, Outgoing> m_outgoing;
    QHash<QString, std::shared_ptr<RequestContext>> m_inFlight;
    QList<std::shared_ptr<McpChannel>> m_standalone;
    QSet<QString> m_subscriptions;
};

} // namespace pmcp
