#include "server/mcp/StdioTransport.h"

#include "server/mcp/JsonRpc.h"
#include "server/mcp/McpBatch.h"
#include "server/mcp/McpChannel.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "server/mcp/ProtocolEra.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <unistd.h>

#include <utility>

namespace pmcp {

namespace {

// Every message, final or not, is one line on stdout.
class StdioChannel final : public McpChannel {
public:
    explicit StdioChannel(std::function<void(const QJsonObject &)> write)
        : m_write(std::move(write))
    {}
    void send(const QJsonObject &message) override { m_write(message); }
    void finish(const QJsonObject &response) override { m_write(response); }
    void abandon() override {}
    bool isOpen() const override { return true; }

private:
    std::function<void(const QJsonObject &)> m_write;
};

} // namespace

StdioTransport::StdioTransport(McpServer *server, Writer writer, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_writer(std::move(writer))
    , m_session(new McpSession(QStringLiteral("stdio"), this))
{
    m_session->addStandaloneChannel(
        std::make_shared<StdioChannel>([this](const QJsonObject &message) { write(message); }));
    connect(server, &McpServer::broadcast, this, [this](const QJsonObject &notification) {
        if (m_session->isInitialized())
            write(notification);
    });
    connect(server, &McpServer::sessionLog, this,
            [this](LogLevel level, const QJsonObject &notification) {
                if (m_session->isInitialized() && level >= m_session->logLevel())
                    write(notification);
            });
    connect(server, &McpServer::resourceUpdated, this, [this](const QString &uri) {
        if (m_session->subscriptions().contains(uri))
            write(JsonRpc::notification(QStringLiteral("notifications/resources/updated"),
                                        {{QStringLiteral("uri"), uri}}));
    });
}

StdioTransport::~StdioTransport() = default;

void StdioTransport::setIdentity(const ClientIdentity &identity)
{
    m_session->setIdentity(identity);
}

void StdioTransport::startReadingStdin()
{
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char chunk[65536];
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof(chunk));
        if (n > 0) {
            feed(QByteArray(chunk, qsizetype(n)));
        } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
            m_notifier->setEnabled(false);
            endOfInput();
        }
    });
}

void StdioTransport::feed(const QByteArray &data)
{
    // Only the new data can hold the first newline: the buffer before it had none.
    qsizetype from = m_buffer.size();
    m_buffer += data;
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n', from)) >= 0) {
        from = 0;
        const QByteArray line = m_buffer.left(newline);
        m_buffer.remove(0, newline + 1);
        if (m_discarding) {
            m_discarding = false; // the end of an oversized line, already refused
            continue;
        }
        if (line.size() > kMaxLineBytes) {
            refuseOversizedLine();
            continue;
        }
        handleLine(line);
    }
    if (m_buffer.size() > kMaxLineBytes) {
        // Drop the line's start now instead of holding it until its newline comes; refuse it
        // once however long it goes on.
        m_buffer.clear();
        if (!m_discarding)
            refuseOversizedLine();
        m_discarding = true;
    }
}

void StdioTransport::endOfInput()
{
    if (!m_discarding && !m_buffer.trimmed().isEmpty())
        handleLine(m_buffer);
    m_buffer.clear();
    m_discarding = false;
    m_inputEnded = true;
    // Nobody reads what a listen stream would still say.
    const auto listens = std::exchange(m_listens, {});
    for (const auto &cancel : listens)
        cancel();
    checkFinished();
}

void StdioTransport::refuseOversizedLine()
{
    write(JsonRpc::error({}, {rpc::kInvalidRequest, QStringLiteral("message too large"), {}}));
}

void StdioTransport::handleLine(const QByteArray &rawLine)
{
    const QByteArray line = rawLine.trimmed();
    if (line.isEmpty())
        return;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError) {
        write(JsonRpc::error(
            {},
            {rpc::kParseError, QStringLiteral("invalid JSON: %1").arg(error.errorString()), {}}));
        return;
    }
    EraRequest eraRequest;
    eraRequest.body =
        document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    const EraDecision era = ProtocolEra::classify(eraRequest);
    if (era.isRejected())
        return write(era.errorResponse());
    if (era.isModern())
        return handleStateless(era, document.object());
    if (document.isArray()) {
        const QJsonObject refusal = McpBatch::refusal(m_session, document.array());
        if (!refusal.isEmpty())
            return write(refusal);
        McpBatch::run(m_server, m_session, document.array(), [this](const QJsonArray &responses) {
            if (!responses.isEmpty())
                m_writer(QJsonDocument(responses).toJson(QJsonDocument::Compact) + '\n');
            QTimer::singleShot(0, this, &StdioTransport::checkFinished);
        });
        return;
    }
    const JsonRpcMessage message = JsonRpcMessage::classify(QJsonValue(document.object()));
    if (message.kind == JsonRpcMessage::Kind::Invalid) {
        write(JsonRpc::error(message.id, {rpc::kInvalidRequest, message.invalidReason, {}}));
        return;
    }
    std::shared_ptr<McpChannel> channel;
    if (message.isRequest()) {
        channel = std::make_shared<StdioChannel>([this](const QJsonObject &response) {
            write(response);
            QTimer::singleShot(0, this, &StdioTransport::checkFinished);
        });
    }
    m_server->handle(m_session, message, channel);
}

void StdioTransport::handleStateless(const EraDecision &era, const QJsonObject &body)
{
    const JsonRpcMessage message = JsonRpcMessage::classify(QJsonValue(body));
    if (message.kind == JsonRpcMessage::Kind::Invalid) {
        EraDecision refusal = era;
        refusal.errorCode = rpc::kInvalidRequest;
        refusal.message = message.invalidReason;
        return write(refusal.errorResponse());
    }
    if (!message.isRequest()) {
        m_server->handleStateless(era, m_session->identity(), message, nullptr);
        return;
    }
    ++m_statelessInFlight;
    const QPointer<StdioTransport> self(this);
    auto channel = std::make_shared<StdioChannel>([self](const QJsonObject &response) {
        if (self)
            self->write(response);
    });
    // Not the request id: a client may reuse one, and each stream must still end with the input.
    const quint64 key = ++m_lastListen;
    auto ended = std::make_shared<bool>(false);
    auto cancel =
        m_server->handleStateless(era, m_session->identity(), message, channel, [self, key, ended] {
            *ended = true;
            if (!self)
                return;
            --self->m_statelessInFlight;
            self->m_listens.remove(key);
            QTimer::singleShot(0, self, &StdioTransport::checkFinished);
        });
    if (message.method == QLatin1String("subscriptions/listen") && cancel && !*ended)
        m_listens.insert(key, std::move(cancel));
}

void StdioTransport::write(const QJsonObject &message)
{
    m_writer(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
}

void StdioTransport::checkFinished()
{
    // Every response schedules a check, so several may run after the end of input.
    if (m_finished || !m_inputEnded || m_session->inFlightCount() != 0 || m_statelessInFlight != 0)
        return;
    m_finished = true;
    emit finished();
}

} // namespace pmcp
