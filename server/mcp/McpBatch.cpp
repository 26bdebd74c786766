#include "server/mcp/McpBatch.h"

#include "server/mcp/JsonRpc.h"
#include "server/mcp/McpChannel.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"

#include <QPointer>

#include <memory>

namespace pmcp {

namespace {

// The only protocol version with batches: 2025-06-18 removed them.
const QLatin1String kBatchVersion("2025-03-26");

struct Collector final {
    QJsonArray responses;
    int pending = 1; // the running loop holds one, so a synchronous answer cannot end it early
    McpBatch::Done done;

    void release()
    {
        if (--pending == 0)
            done(responses);
    }
};

// One element's path back: the final response joins the array; messages before it (progress,
// server-to-client requests) go on the session's standalone stream, as one array cannot hold them.
class BatchChannel final : public McpChannel {
public:
    BatchChannel(std::shared_ptr<Collector> collector, McpSession *session)
        : m_collector(std::move(collector))
        , m_session(session)
    {}
    void send(const QJsonObject &message) override
    {
        if (m_session)
            m_session->sendUnsolicited(message);
    }
    void finish(const QJsonObject &response) override
    {
        m_collector->responses.append(response);
        m_collector->release();
    }
    void abandon() override { m_collector->release(); }
    bool isOpen() const override { return true; }

private:
    std::shared_ptr<Collector> m_collector;
    QPointer<McpSession> m_session;
};

} // namespace

QJsonObject McpBatch::refusal(const McpSession *session, const QJsonArray &batch)
{
    if (!session || session->protocolVersion().isEmpty())
        return JsonRpc::error({}, {rpc::kInvalidRequest,
                                   QStringLiteral("batches are not supported before a session "
                                                  "negotiates protocol version %1")
                                       .arg(kBatchVersion),
                                   {}});
    if (session->protocolVersion() != kBatchVersion)
        return JsonRpc::error({},
                              {rpc::kInvalidRequest,
                               QStringLiteral("batches are not supported in protocol version %1")
                                   .arg(session->protocolVersion()),
                               {}});
    if (batch.isEmpty())
        return JsonRpc::error({}, {rpc::kInvalidRequest, QStringLiteral("empty batch"), {}});
    return {};
}

void McpBatch::run(McpServer *server, McpSession *session, const QJsonArray &batch, Done done)
{
    auto collector = std::make_shared<Collector>();
    collector->done = std::move(done);
    for (const QJsonValue &element : batch) {
        const JsonRpcMessage message = JsonRpcMessage::classify(element);
        if (message.kind == JsonRpcMessage::Kind::Invalid) {
            collector->responses.append(
                JsonRpc::error(message.id, {rpc::kInvalidRequest, message.invalidReason, {}}));
            continue;
        }
        if (message.method == QLatin1String("initialize")) {
            if (message.isRequest())
                collector->responses.append(JsonRpc::error(
                    message.id, {rpc::kInvalidRequest,
                                 QStringLiteral("initialize must not be part of a batch"),
                                 {}}));
            continue;
        }
        if (!message.isRequest()) {
            server->handle(session, message, nullptr);
            continue;
        }
        ++collector->pending;
        server->handle(session, message, std::make_shared<BatchChannel>(collector, session));
    }
    collector->release();
}

} // namespace pmcp
