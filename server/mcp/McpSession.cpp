#include "server/mcp/McpSession.h"

#include "server/mcp/JsonRpc.h"
#include "server/mcp/McpChannel.h"
#include "server/mcp/RequestContext.h"

#include <QTimer>

namespace pmcp {

McpSession::McpSession(QString id, QObject *parent)
    : QObject(parent)
    , m_id(std::move(id))
{
    m_idle.start();
}

McpSession::~McpSession()
{
    close();
}

void McpSession::setClient(const QJsonObject &info, const QJsonObject &capabilities)
{
    m_clientInfo = info;
    m_clientCapabilities = capabilities;
}

bool McpSession::clientSupports(const QString &capability) const
{
    return m_clientCapabilities.value(capability).isObject();
}

QJsonValue McpSession::registerOutgoing(ReplyCallback callback, int timeoutMs)
{
    const QJsonValue id = QStringLiteral("srv-%1").arg(m_nextOutgoingId++);
    const QString key = JsonRpc::idKey(id);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, id] {
        resolveOutgoing(
            id, Error{ErrorCode::Timeout, QStringLiteral("the client did not answer in time")});
    });
    timer->start(timeoutMs);
    m_outgoing.insert(key, Outgoing{std::move(callback), timer});
    return id;
}

bool McpSession::resolveOutgoing(const QJsonValue &id, Result<QJsonObject> answer)
{
    const auto it = m_outgoing.find(JsonRpc::idKey(id));
    if (it == m_outgoing.end())
        return false;
    Outgoing outgoing = std::move(it.value());
    m_outgoing.erase(it);
    if (outgoing.timer)
        outgoing.timer->deleteLater();
    if (outgoing.callback)
        outgoing.callback(std::move(answer));
    return true;
}

void McpSession::addInFlight(const std::shared_ptr<RequestContext> &context)
{
    m_inFlight.insert(JsonRpc::idKey(context->id()), context);
}

void McpSession::removeInFlight(const QJsonValue &id)
{
    m_inFlight.remove(JsonRpc::idKey(id));
}

std::shared_ptr<RequestContext> McpSession::inFlight(const QJsonValue &id) const
{
    return m_inFlight.value(JsonRpc::idKey(id));
}

void McpSession::addStandaloneChannel(const std::shared_ptr<McpChannel> &channel)
{
    m_standalone.append(channel);
}

bool McpSession::sendUnsolicited(const QJsonObject &message)
{
    m_standalone.removeIf([](const auto &channel) { return !channel->isOpen(); });
    if (m_standalone.isEmpty())
        return false;
    // One stream gets each message (the specification forbids broadcasting it on several).
    m_standalone.last()->send(message);
    return true;
}

bool McpSession::pingClient(ReplyCallback callback, int timeoutMs)
{
    if (openStandaloneChannels() == 0)
        return false;
    const QJsonValue id = registerOutgoing(std::move(callback), timeoutMs);
    return sendUnsolicited(JsonRpc::request(id, QStringLiteral("ping"), {}));
}

int McpSession::openStandaloneChannels() const
{
    return int(std::count_if(m_standalone.cbegin(), m_standalone.cend(),
                             [](const auto &channel) { return channel->isOpen(); }));
}

void McpSession::close()
{
    const auto outgoing = m_outgoing.keys();
    for (const QString &key : outgoing) {
        auto it = m_outgoing.find(key);
        if (it == m_outgoing.end())
            continue;
        Outgoing pending = std::move(it.value());
        m_outgoing.erase(it);
        if (pending.callback)
            pending.callback(Error{ErrorCode::Cancelled, QStringLiteral("the session ended")});
    }
    const auto inFlight = m_inFlight.values();
    m_inFlight.clear();
    for (const auto &context : inFlight)
        context->cancel(QStringLiteral("the session ended"));
    for (const auto &channel : std::as_const(m_standalone))
        channel->abandon();
    m_standalone.clear();
}

} // namespace pmcp
