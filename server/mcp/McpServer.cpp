#include "server/mcp/McpServer.h"

#include "server/mcp/JsonSchemaValidator.h"
#include "server/mcp/McpChannel.h"
#include "server/mcp/McpLogCategory.h"
#include "server/mcp/McpSession.h"
#include "server/mcp/Pagination.h"
#include "server/mcp/ProtocolEra.h"
#include "server/mcp/RequestContext.h"
#include "server/mcp/StatelessEnvelope.h"
#include "server/mcp/ToolCall.h"

#include <QJsonArray>
#include <QPointer>
#include <QSet>

#include <exception>
#include <utility>

namespace pmcp {

namespace {

RpcError invalidParams(const QString &message)
{
    return {rpc::kInvalidParams, message, {}};
}

RpcError toRpcError(const Error &error)
{
    switch (error.code) {
    case ErrorCode::NotFound:
        return {rpc::kResourceNotFound, error.message, {}};
    case ErrorCode::InvalidArgument:
        return {rpc::kInvalidParams, error.message, {}};
    default:
        return {rpc::kInternalError, error.message, {}};
    }
}

// Slices a list into one page; nullopt when the cursor is not one of ours.
template <typename List, typename ToJson>
std::optional<QJsonObject> page(const QJsonObject &params, const List &items, int pageSize,
                                const QString &key, ToJson toJson)
{
    const auto offset = Pagination::decode(params);
    if (!offset || *offset > items.size())
        return std::nullopt;
    QJsonArray array;
    const int end = std::min<int>(int(items.size()), *offset + pageSize);
    for (int i = *offset; i < end; ++i)
        array.append(toJson(items[i]));
    QJsonObject result{{key, array}};
    if (end < items.size())
        result.insert(QStringLiteral("nextCursor"), Pagination::encode(end));
    return result;
}

} // namespace

McpServer::McpServer(ServerIdentity identity, QObject *parent)
    : QObject(parent)
    , m_identity(std::move(identity))
{
    connect(&m_tools, &ToolRegistry::changed, this, [this] {
        emit broadcast(
            JsonRpc::notification(QStringLiteral("notifications/tools/list_changed"), {}));
    });
}

McpServer::~McpServer()
{
    endStatelessRequests();
}

void McpServer::endStatelessRequests()
{
    for (const auto &weak : std::exchange(m_listens, {})) {
        if (const auto listen = weak.lock())
            listen->respond({{QStringLiteral("_meta"),
                              QJsonObject{{QStringLiteral("io.modelcontextprotocol/subscriptionId"),
                                           listen->id()}}}});
    }
    const auto sessions = findChildren<McpSession *>(Qt::FindDirectChildrenOnly);
    for (McpSession *session : sessions) {
        if (session->isStateless())
            delete session; // its destructor cancels what is still in flight
    }
}

const QStringList &McpServer::supportedVersions()
{
    static const QStringList versions{QStringLiteral("2025-11-25"), QStringLiteral("2025-06-18"),
                                      QStringLiteral("2025-03-26")};
    return versions;
}

QString McpServer::latestVersion()
{
    return supportedVersions().constFirst();
}

bool McpServer::isSupportedVersion(const QString &version)
{
    return supportedVersions().contains(version);
}

QJsonObject McpServer::capabilities() const
{
    QJsonObject caps{{QStringLiteral("tools"), QJsonObject{{QStringLiteral("listChanged"), true}}},
                     {QStringLiteral("logging"), QJsonObject{}},
                     {QStringLiteral("completions"), QJsonObject{}}};
    // Resources and prompts are registered once at start and never change while the server
    // runs, so no list_changed notification ever comes for them: listChanged is not claimed.
    // Tools announce their changes (ToolRegistry::changed).
    if (!m_resources.isEmpty())
        caps.insert(QStringLiteral("resources"), QJsonObject{{QStringLiteral("subscribe"), true}});
    if (!m_prompts.isEmpty())
        caps.insert(QStringLiteral("prompts"), QJsonObject{});
    return caps;
}

QJsonObject McpServer::statelessCapabilities() const
{
    // What works without a session: changes arrive on a subscriptions/listen stream (tools
    // change; resources and prompts are fixed while the server runs, so only subscriptions to
    // a resource's updates are offered); no logging (logging/setLevel is gone, logLevel is
    // per request).
    QJsonObject caps{{QStringLiteral("tools"), QJsonObject{{QStringLiteral("listChanged"), true}}},
                     {QStringLiteral("completions"), QJsonObject{}}};
    if (!m_resources.isEmpty())
        caps.insert(QStringLiteral("resources"), QJsonObject{{QStringLiteral("subscribe"), true}});
    if (!m_prompts.isEmpty())
        caps.insert(QStringLiteral("prompts"), QJsonObject{});
    return caps;
}

QJsonObject McpServer::serverInfo() const
{
    QJsonObject info{{QStringLiteral("name"), m_identity.name},
                     {QStringLiteral("version"), m_identity.version}};
    if (!m_identity.title.isEmpty())
        info.insert(QStringLiteral("title"), m_identity.title);
    return info;
}

namespace {

// The path to the client of one 2026-07-28 request; it ends the request's stand-in session
// once the answer is out.
class StatelessChannel final : public McpChannel {
public:
    StatelessChannel(std::shared_ptr<McpChannel> inner, McpSession *session,
                     std::function<void()> onEnd)
        : m_inner(std::move(inner))
        , m_session(session)
        , m_onEnd(std::move(onEnd))
    {}
    ~StatelessChannel() override { end(); }
    void send(const QJsonObject &message) override { m_inner->send(message); }
    void finish(const QJsonObject &response) override
    {
        m_inner->finish(response);
        end();
    }
    void abandon() override
    {
        m_inner->abandon();
        end();
    }
    bool isOpen() const override { return m_inner->isOpen(); }

private:
    void end()
    {
        if (m_session)
            m_session->deleteLater();
        m_session.clear();
        if (auto onEnd = std::exchange(m_onEnd, nullptr))
            onEnd();
    }

    std::shared_ptr<McpChannel> m_inner;
    QPointer<McpSession> m_session;
    std::function<void()> m_onEnd;
};

} // namespace

std::function<void()> McpServer::handleStateless(const EraDecision &decision,
                                                 const ClientIdentity &client,
                                                 const JsonRpcMessage &message,
                                                 const std::shared_ptr<McpChannel> &channel,
                                                 std::function<void()> onEnd)
{
    auto *session = new McpSession(QString(), this);
    session->setStateless(true);
    session->setIdentity(client);
    session->setProtocolVersion(decision.protocolVersion);
    const QJsonObject meta = message.params.value(QLatin1String("_meta")).toObject();
    session->setClient(meta.value(QLatin1String("io.modelcontextprotocol/clientInfo")).toObject(),
                       decision.clientCapabilities);
    session->setInitialized(true);
    // Logs only for a request that asks for them, at the level it names.
    const auto level =
        parseLogLevel(meta.value(QLatin1String("io.modelcontextprotocol/logLevel")).toString());
    if (level)
        session->setLogLevel(*level);
    else
        session->silenceLogs();
    if (!message.isRequest()) {
        // Notifications need no answer; cancellation is the client closing its stream.
        session->deleteLater();
        if (onEnd)
            onEnd();
        return {};
    }
    const QPointer<McpSession> guard(session);
    handle(session, message,
           std::make_shared<StatelessChannel>(channel, session, std::move(onEnd)));
    return [guard] {
        if (guard)
            guard->close(); // cancels the request, which ends the stand-in session
    };
}

void McpServer::handle(McpSession *session, const JsonRpcMessage &message,
                       const std::shared_ptr<McpChannel> &channel)
{
    session->touch();
    switch (message.kind) {
    case JsonRpcMessage::Kind::Request: {
        auto context = std::make_shared<RequestContext>(session, message, channel);
        if (session->isStateless()) {
            context->setResultEnvelope(
                [method = message.method, info = serverInfo(),
                 privateScope = !session->identity().kind.isEmpty()](const QJsonObject &result) {
                    return StatelessEnvelope::decorateResult(method, result, info, privateScope);
                });
        }
        if (m_observer || m_auditor) {
            context->onDone([observer = m_observer, auditor = m_auditor,
                             client = session->clientName()](const RequestContext &done,
                                                             const QString &outcome) {
                if (observer)
                    observer(done.method(), done.label(), outcome,
                             double(done.elapsedMs()) / 1000.0);
                // Every call of a known tool is audited, refused or not.
                if (auditor && done.method() == QLatin1String("tools/call") &&
                    !done.label().isEmpty())
                    auditor({client, done.label(),
                             done.params().value(QLatin1String("arguments")).toObject(), outcome,
                             done.elapsedMs(), done.finalMessage(), done.auditFacts()});
            });
        }
        session->addInFlight(context);
        try {
            dispatch(context);
        } catch (const std::exception &e) {
            qCWarning(lcMcp, "internal error in %s: %s", qPrintable(message.method), e.what());
            context->fail({rpc::kInternalError, QStringLiteral("internal error"), {}});
        } catch (...) {
            context->fail({rpc::kInternalError, QStringLiteral("internal error"), {}});
        }
        return;
    }
    case JsonRpcMessage::Kind::Notification:
        handleNotification(session, message);
        return;
    case JsonRpcMessage::Kind::Response:
        session->resolveOutgoing(message.id, message.result.toObject());
        return;
    case JsonRpcMessage::Kind::Error:
        session->resolveOutgoing(
            message.id, Error{ErrorCode::Unavailable,
                              QStringLiteral("the client answered with an error: %1")
                                  .arg(message.error.value(QLatin1String("message")).toString())});
        return;
    case JsonRpcMessage::Kind::Invalid:
        return; // transports answer invalid messages themselves
    }
}

void McpServer::dispatch(const std::shared_ptr<RequestContext> &context)
{
    const QString &method = context->method();
    if (context->session()->isStateless()) {
        if (method == QLatin1String("server/discover"))
            return handleDiscover(context);
        if (method == QLatin1String("subscriptions/listen"))
            return handleListen(context);
    }
    if (method == QLatin1String("initialize"))
        return handleInitialize(context);
    if (method == QLatin1String("ping"))
        return context->respond({});
    if (!context->session()->isInitialized() && context->session()->protocolVersion().isEmpty())
        return context->fail(
            {rpc::kInvalidRequest,
             QStringLiteral("the session is not initialized: send initialize first"),
             {}});
    if (method == QLatin1String("tools/list"))
        return handleToolsList(context);
    if (method == QLatin1String("tools/call"))
        return handleToolsCall(context);
    if (method == QLatin1String("logging/setLevel"))
        return handleSetLevel(context);
    if (method == QLatin1String("completion/complete"))
        return handleComplete(context);
    if (!m_resources.isEmpty()) {
        if (method == QLatin1String("resources/list"))
            return handleResourcesList(context);
        if (method == QLatin1String("resources/templates/list"))
            return handleResourceTemplatesList(context);
        if (method == QLatin1String("resources/read"))
            return handleResourcesRead(context);
        if (method == QLatin1String("resources/subscribe"))
            return handleSubscribe(context, true);
        if (method == QLatin1String("resources/unsubscribe"))
            return handleSubscribe(context, false);
    }
    if (!m_prompts.isEmpty()) {
        if (method == QLatin1String("prompts/list"))
            return handlePromptsList(context);
        if (method == QLatin1String("prompts/get"))
            return handlePromptsGet(context);
    }
    context->fail({rpc::kMethodNotFound, QStringLiteral("method not found: %1").arg(method), {}});
}

void McpServer::handleInitialize(const std::shared_ptr<RequestContext> &context)
{
    const QJsonObject &params = context->params();
    const QJsonValue requested = params.value(QLatin1String("protocolVersion"));
    if (!requested.isString())
        return context->fail(
            invalidParams(QStringLiteral("initialize needs a protocolVersion string")));
    const QString version =
        isSupportedVersion(requested.toString()) ? requested.toString() : latestVersion();
    McpSession *session = context->session();
    session->setProtocolVersion(version);
    session->setClient(params.value(QLatin1String("clientInfo")).toObject(),
                       params.value(QLatin1String("capabilities")).toObject());
    QJsonObject result{{QStringLiteral("protocolVersion"), version},
                       {QStringLiteral("capabilities"), capabilities()},
                       {QStringLiteral("serverInfo"), serverInfo()}};
    if (!m_identity.instructions.isEmpty())
        result.insert(QStringLiteral("instructions"), m_identity.instructions);
    context->respond(result);
}

void McpServer::handleDiscover(const std::shared_ptr<RequestContext> &context)
{
    QJsonObject result{{QStringLiteral("supportedVersions"),
                        QJsonArray::fromStringList(ProtocolEra::modernVersions())},
                       {QStringLiteral("capabilities"), statelessCapabilities()}};
    if (!m_identity.instructions.isEmpty())
        result.insert(QStringLiteral("instructions"), m_identity.instructions);
    context->respond(result);
}

void McpServer::handleListen(const std::shared_ptr<RequestContext> &context)
{
    const QJsonObject wanted = context->params().value(QLatin1String("notifications")).toObject();
    // Honoured: what this server can deliver of what was asked; nothing else is ever sent.
    QJsonObject honoured;
    const bool tools = wanted.value(QLatin1String("toolsListChanged")).toBool();
    if (tools)
        honoured.insert(QStringLiteral("toolsListChanged"), true);
    QSet<QString> uris;
    if (!m_resources.isEmpty()) {
        const QJsonArray asked = wanted.value(QLatin1String("resourceSubscriptions")).toArray();
        for (const QJsonValue &uri : asked) {
            if (uri.isString())
                uris.insert(uri.toString());
        }
        if (!uris.isEmpty())
            honoured.insert(QStringLiteral("resourceSubscriptions"),
                            QJsonArray::fromStringList(QStringList(uris.begin(), uris.end())));
    }
    const QJsonObject tag{
        {QStringLiteral("io.modelcontextprotocol/subscriptionId"), context->id()}};
    const auto tagged = [tag](QJsonObject params) {
        params.insert(QStringLiteral("_meta"), tag);
        return params;
    };
    context->notify(QStringLiteral("notifications/subscriptions/acknowledged"),
                    tagged({{QStringLiteral("notifications"), honoured}}));
    m_listens.removeIf(
        [](const std::weak_ptr<RequestContext> &listen) { return listen.expired(); });
    m_listens.append(context);
    // The stream lives as long as the request's stand-in session: until the client closes it.
    McpSession *session = context->session();
    const std::weak_ptr<RequestContext> weak = context;
    if (tools) {
        connect(this, &McpServer::broadcast, session, [weak, tagged](const QJsonObject &message) {
            const auto listening = weak.lock();
            if (listening && message.value(QLatin1String("method")) ==
                                 QLatin1String("notifications/tools/list_changed"))
                listening->notify(QStringLiteral("notifications/tools/list_changed"),
                                  tagged(message.value(QLatin1String("params")).toObject()));
        });
    }
    if (!uris.isEmpty()) {
        connect(this, &McpServer::resourceUpdated, session,
                [weak, tagged, uris](const QString &uri) {
                    const auto listening = weak.lock();
                    if (listening && uris.contains(uri))
                        listening->notify(QStringLiteral("notifications/resources/updated"),
                                          tagged({{QStringLiteral("uri"), uri}}));
                });
    }
}

void McpServer::handleToolsList(const std::shared_ptr<RequestContext> &context)
{
    auto tools = m_tools.offered(context->session()->isReadOnlyClient());
    // A grant of scope tools:NAME,… sees those tools only.
    const ClientIdentity &identity = context->session()->identity();
    tools.removeIf(
        [&identity](const ToolDefinition *tool) { return !identity.allowsTool(tool->name); });
    // Tools of 2025-03-26 have no title of their own; their annotations carry it.
    const bool oldTitles = context->session()->protocolVersion() == QLatin1String("2025-03-26");
    const auto result =
        page(context->params(), tools, m_pageSize, QStringLiteral("tools"),
             [oldTitles](const ToolDefinition *tool) { return tool->descriptor(oldTitles); });
    if (!result)
        return context->fail(invalidParams(QStringLiteral("invalid cursor")));
    context->respond(*result);
}

void McpServer::handleToolsCall(const std::shared_ptr<RequestContext> &context)
{
    const QJsonObject &params = context->params();
    const QJsonValue name = params.value(QLatin1String("name"));
    if (!name.isString())
        return context->fail(invalidParams(QStringLiteral("tools/call needs a tool name")));
    const ToolDefinition *tool = m_tools.find(name.toString());
    McpSession *session = context->session();
    if (!tool || !m_tools.isOffered(*tool, false))
        return context->fail(
            invalidParams(QStringLiteral("unknown tool: %1").arg(name.toString())));
    context->setLabel(tool->name);
    if (!m_tools.isOffered(*tool, session->isReadOnlyClient()))
        return context->fail(
            invalidParams(QStringLiteral("tool %1 changes state and client %2 is read-only")
                              .arg(tool->name, session->clientName())));
    if (!session->identity().allowsTool(tool->name))
        return context->fail(invalidParams(
            QStringLiteral("client %1 may call only the tools %2, not %3")
                .arg(session->clientName(), session->identity().tools.join(QStringLiteral(", ")),
                     tool->name)));
    const QJsonValue arguments = params.value(QLatin1String("arguments"));
    if (!arguments.isUndefined() && !arguments.isNull() && !arguments.isObject())
        return context->fail(invalidParams(QStringLiteral("\"arguments\" must be an object")));
    // Old argument names (of the original tools) still work.
    const QJsonObject args = tool->withCurrentNames(arguments.toObject());
    // Since 2025-11-25, argument validation failures are tool results the model can read.
    const auto violations = JsonSchemaValidator(tool->inputSchema).validate(args);
    if (!violations.isEmpty()) {
        context->markToolError();
        return context->respond(
            ToolResult::error(QStringLiteral("invalid arguments for %1: %2")
                                  .arg(tool->name, JsonSchemaValidator::describe(violations)))
                .toJson());
    }
    tool->handler(std::make_shared<ToolCall>(context, *tool, args));
}

void McpServer::handleResourcesList(const std::shared_ptr<RequestContext> &context)
{
    const auto result =
        page(context->params(), m_resources.resources(), m_pageSize, QStringLiteral("resources"),
             [](const ResourceDefinition &r) { return r.descriptor(); });
    if (!result)
        return context->fail(invalidParams(QStringLiteral("invalid cursor")));
    context->respond(*result);
}

void McpServer::handleResourceTemplatesList(const std::shared_ptr<RequestContext> &context)
{
    const auto result = page(context->params(), m_resources.templates(), m_pageSize,
                             QStringLiteral("resourceTemplates"),
                             [](const ResourceTemplateDefinition &t) { return t.descriptor(); });
    if (!result)
        return context->fail(invalidParams(QStringLiteral("invalid cursor")));
    context->respond(*result);
}

void McpServer::handleResourcesRead(const std::shared_ptr<RequestContext> &context)
{
    const QJsonValue uri = context->params().value(QLatin1String("uri"));
    if (!uri.isString())
        return context->fail(invalidParams(QStringLiteral("resources/read needs a uri")));
    m_resources.read(uri.toString(), [context, uri](const Result<QJsonArray> &contents) {
        // 2026-07-28 (SEP-2164): an unknown resource is invalid params, naming the uri.
        if (!contents.ok() && contents.error().code == ErrorCode::NotFound && context->session() &&
            context->session()->isStateless())
            return context->fail({rpc::kInvalidParams, contents.error().message,
                                  QJsonObject{{QStringLiteral("uri"), uri}}});
        if (!contents.ok())
            return context->fail(toRpcError(contents.error()));
        context->respond({{QStringLiteral("contents"), contents.value()}});
    });
}

void McpServer::handleSubscribe(const std::shared_ptr<RequestContext> &context, bool subscribe)
{
    const QJsonValue uri = context->params().value(QLatin1String("uri"));
    if (!uri.isString())
        return context->fail(invalidParams(QStringLiteral("a uri is needed")));
    if (subscribe)
        context->session()->subscriptions().insert(uri.toString());
    else
        context->session()->subscriptions().remove(uri.toString());
    context->respond({});
}

void McpServer::handlePromptsList(const std::shared_ptr<RequestContext> &context)
{
    const auto result =
        page(context->params(), m_prompts.prompts(), m_pageSize, QStringLiteral("prompts"),
             [](const PromptDefinition &p) { return p.descriptor(); });
    if (!result)
        return context->fail(invalidParams(QStringLiteral("invalid cursor")));
    context->respond(*result);
}

void McpServer::handlePromptsGet(const std::shared_ptr<RequestContext> &context)
{
    const QString name = context->params().value(QLatin1String("name")).toString();
    const PromptDefinition *prompt = m_prompts.find(name);
    if (!prompt)
        return context->fail(invalidParams(QStringLiteral("unknown prompt: %1").arg(name)));
    const QJsonObject arguments = context->params().value(QLatin1String("arguments")).toObject();
    for (const auto &argument : prompt->arguments) {
        if (argument.required && !arguments.value(argument.name).isString())
            return context->fail(invalidParams(
                QStringLiteral("prompt %1 needs the argument %2").arg(name, argument.name)));
    }
    const auto result = prompt->get(arguments);
    if (!result.ok())
        return context->fail(toRpcError(result.error()));
    context->respond(result.value());
}

void McpServer::handleSetLevel(const std::shared_ptr<RequestContext> &context)
{
    const QString name = context->params().value(QLatin1String("level")).toString();
    const auto level = parseLogLevel(name);
    if (!level)
        return context->fail(invalidParams(QStringLiteral("unknown log level \"%1\"").arg(name)));
    context->session()->setLogLevel(*level);
    context->respond({});
}

void McpServer::handleComplete(const std::shared_ptr<RequestContext> &context)
{
    const QJsonObject ref = context->params().value(QLatin1String("ref")).toObject();
    const QJsonObject argument = context->params().value(QLatin1String("argument")).toObject();
    CompletionRequest request;
    request.refType = ref.value(QLatin1String("type")).toString();
    request.refName = request.refType == QLatin1String("ref/resource")
                          ? ref.value(QLatin1String("uri")).toString()
                          : ref.value(QLatin1String("name")).toString();
    request.argument = argument.value(QLatin1String("name")).toString();
    request.value = argument.value(QLatin1String("value")).toString();
    request.context = context->params()
                          .value(QLatin1String("context"))
                          .toObject()
                          .value(QLatin1String("arguments"))
                          .toObject();
    if (request.argument.isEmpty())
        return context->fail(
            invalidParams(QStringLiteral("completion/complete needs argument.name")));
    if (request.refType == QLatin1String("ref/prompt")) {
        const PromptDefinition *prompt = m_prompts.find(request.refName);
        if (!prompt)
            return context->fail(
                invalidParams(QStringLiteral("unknown prompt: %1").arg(request.refName)));
        const bool known =
            std::any_of(prompt->arguments.begin(), prompt->arguments.end(),
                        [&](const PromptArgument &a) { return a.name == request.argument; });
        if (!known)
            return context->fail(invalidParams(QStringLiteral("prompt %1 has no argument %2")
                                                   .arg(request.refName, request.argument)));
    } else if (request.refType == QLatin1String("ref/resource")) {
        const auto *resourceTemplate = m_resources.findTemplate(request.refName);
        if (!resourceTemplate)
            return context->fail(invalidParams(
                QStringLiteral("unknown resource template: %1").arg(request.refName)));
        if (!resourceTemplate->uriTemplate.contains(u'{' + request.argument + u'}'))
            return context->fail(invalidParams(QStringLiteral("template %1 has no variable %2")
                                                   .arg(request.refName, request.argument)));
    } else {
        return context->fail(
            invalidParams(QStringLiteral("ref.type must be ref/prompt or ref/resource, not \"%1\"")
                              .arg(request.refType)));
    }
    const auto answer = [context, prefix = request.value](const QStringList &candidates) {
        QStringList values;
        for (const QString &candidate : candidates) {
            if (candidate.startsWith(prefix) && !values.contains(candidate))
                values.append(candidate);
        }
        const qsizetype total = values.size();
        values = values.mid(0, kMaxCompletionValues);
        context->respond(
            {{QStringLiteral("completion"),
              QJsonObject{{QStringLiteral("values"), QJsonArray::fromStringList(values)},
                          {QStringLiteral("total"), qint64(total)},
                          {QStringLiteral("hasMore"), total > values.size()}}}});
    };
    if (!m_completer)
        return answer({});
    m_completer(request, answer);
}

void McpServer::logToSessions(LogLevel level, const QString &logger, const QJsonValue &data)
{
    QJsonObject params{{QStringLiteral("level"), logLevelName(level)},
                       {QStringLiteral("data"), data}};
    if (!logger.isEmpty())
        params.insert(QStringLiteral("logger"), logger);
    emit sessionLog(level, JsonRpc::notification(QStringLiteral("notifications/message"), params));
}

void McpServer::handleNotification(McpSession *session, const JsonRpcMessage &message)
{
    if (message.method == QLatin1String("notifications/initialized")) {
        // Only after initialize: it would otherwise open the session without a negotiation.
        if (!session->protocolVersion().isEmpty())
            session->setInitialized(true);
    } else if (message.method == QLatin1String("notifications/cancelled")) {
        const QJsonValue requestId = message.params.value(QLatin1String("requestId"));
        // A missing or malformed requestId names no request (idKey would read it as 0).
        const bool validId =
            requestId.isString() ||
            (requestId.isDouble() && requestId.toDouble() == requestId.toInteger());
        if (const auto context = validId ? session->inFlight(requestId) : nullptr;
            context && context->method() != QLatin1String("initialize"))
            context->cancel(message.params.value(QLatin1String("reason")).toString());
    }
    // Other notifications (progress, roots/list_changed) need nothing from this server.
}

} // namespace pmcp
