#pragma once

#include "server/auth/ClientIdentity.h"
#include "server/mcp/AuditFacts.h"
#include "server/mcp/JsonRpc.h"
#include "server/mcp/LogLevel.h"
#include "server/mcp/PromptRegistry.h"
#include "server/mcp/ResourceRegistry.h"
#include "server/mcp/ToolRegistry.h"

#include <QObject>

#include <algorithm>
#include <functional>
#include <memory>

namespace pmcp {

class McpChannel;
class McpSession;
class RequestContext;
struct EraDecision;

// Who the server says it is in the initialize result.
struct ServerIdentity final {
    QString name;
    QString title;
    QString version;
    QString instructions;
};

// The MCP engine, independent of any transport: negotiates, dispatches requests to the
// registries, validates tool arguments, and routes client answers to pending server requests.
class McpServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpServer)
public:
    // method, label (tool name or ""), outcome (ok, error, tool_error, cancelled), seconds
    using CallObserver =
        std::function<void(const QString &, const QString &, const QString &, double)>;

    explicit McpServer(ServerIdentity identity, QObject *parent = nullptr);
    ~McpServer() override;

    ToolRegistry &tools() { return m_tools; }
    ResourceRegistry &resources() { return m_resources; }
    PromptRegistry &prompts() { return m_prompts; }
    const ServerIdentity &identity() const { return m_identity; }
    // At least 1: a page of 0 would hand out the same cursor forever.
    void setPageSize(int size) { m_pageSize = std::max(1, size); }
    void setCallObserver(CallObserver observer) { m_observer = std::move(observer); }
    // Told of every finished tools/call (for the audit log).
    struct ToolCallRecord {
        QString client;
        QString tool;
        QJsonObject arguments;
        QString outcome; // ok, error, tool_error, cancelled
        qint64 durationMs = 0;
        QJsonObject response; // the JSON-RPC response (result or error); empty when cancelled
        AuditFacts facts;     // what the tool said about the call
    };
    using ToolAuditor = std::function<void(const ToolCallRecord &)>;
    void setToolAuditor(ToolAuditor auditor) { m_auditor = std::move(auditor); }

    static const QStringList &supportedVersions();
    static QString latestVersion();
    static bool isSupportedVersion(const QString &version);

    // Handles one classified message from a client. Requests are answered on the channel
    // (possibly later); notifications and responses need no channel.
    void handle(McpSession *session, const JsonRpcMessage &message,
                const std::shared_ptr<McpChannel> &channel);
    // Handles one 2026-07-28 message (ProtocolEra said Modern): no session, no handshake; the
    // same dispatch as a session's request, with the request's own capabilities and log level
    // and the 2026 envelope on its result. onEnd runs once the request is answered. Returns
    // what cancels the request (the client closed its stream); empty for a notification.
    std::function<void()> handleStateless(const EraDecision &decision, const ClientIdentity &client,
                                          const JsonRpcMessage &message,
                                          const std::shared_ptr<McpChannel> &channel,
                                          std::function<void()> onEnd = {});

    // Ends every 2026-07-28 request still open, before what their handlers use goes away (the
    // daemon's shutdown): subscriptions/listen streams get their closing result, other requests
    // are cancelled. Also run by the destructor.
    void endStatelessRequests();

    // Announces a change of a subscribed resource to the transports.
    void notifyResourceUpdated(const QString &uri) { emit resourceUpdated(uri); }

    // completion/complete: what the client asks to complete. ref is "ref/prompt" with the
    // prompt's name or "ref/resource" with a template's uriTemplate; context holds the
    // arguments already given.
    struct CompletionRequest {
        QString refType;
        QString refName;
        QString argument;
        QString value;
        QJsonObject context;
    };
    // Candidates for an argument (the engine filters them by the typed prefix and keeps 100).
    using Completer =
        std::function<void(const CompletionRequest &, std::function<void(QStringList)>)>;
    void setCompleter(Completer completer) { m_completer = std::move(completer); }
    // At most this many completion values in one answer (the MCP specification's limit).
    static constexpr int kMaxCompletionValues = 100;

    // A notifications/message for every initialized session whose logging/setLevel lets it
    // through (things not tied to one request: a Proxmox failover, say).
    void logToSessions(LogLevel level, const QString &logger, const QJsonValue &data);

signals:
    // A notification for every initialized session (e.g. notifications/tools/list_changed).
    void broadcast(const QJsonObject &notification);
    void resourceUpdated(const QString &uri);
    // notification: a notifications/message at level; transports send it to sessions whose
    // level is at or below it.
    void sessionLog(pmcp::LogLevel level, const QJsonObject &notification);

private:
    void dispatch(const std::shared_ptr<RequestContext> &context);
    void handleInitialize(const std::shared_ptr<RequestContext> &context);
    void handleToolsList(const std::shared_ptr<RequestContext> &context);
    void handleToolsCall(const std::shared_ptr<RequestContext> &context);
    void handleResourcesList(const std::shared_ptr<RequestContext> &context);
    void handleResourceTemplatesList(const std::shared_ptr<RequestContext> &context);
    void handleResourcesRead(const std::shared_ptr<RequestContext> &context);
    void handleSubscribe(const std::shared_ptr<RequestContext> &context, bool subscribe);
    void handlePromptsList(const std::shared_ptr<RequestContext> &context);
    void handlePromptsGet(const std::shared_ptr<RequestContext> &context);
    void handleSetLevel(const std::shared_ptr<RequestContext> &context);
    void handleComplete(const std::shared_ptr<RequestContext> &context);
    void handleDiscover(const std::shared_ptr<RequestContext> &context);
    void handleListen(const std::shared_ptr<RequestContext> &context);
    void handleNotification(McpSession *session, const JsonRpcMessage &message);
    QJsonObject capabilities() const;
    QJsonObject statelessCapabilities() const;
    QJsonObject serverInfo() const;

    ServerIdentity m_identity;
    ToolRegistry m_tools;
    ResourceRegistry m_resources;
    PromptRegistry m_prompts;
    int m_pageSize = 100;
    CallObserver m_observer;
    ToolAuditor m_auditor;
    Completer m_completer;
    // The open subscriptions/listen requests, answered when the server ends them.
    QList<std::weak_ptr<RequestContext>> m_listens;
};

} // namespace pmcp
