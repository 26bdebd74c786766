#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace pmcp {

class McpServer;
class McpSession;

// A JSON-RPC batch (MCP 2025-03-26 only): runs each element and answers them in one array.
class McpBatch final {
public:
    // Called once with every response; empty when the batch held only notifications/responses.
    using Done = std::function<void(const QJsonArray &responses)>;

    // The -32600 error for a batch this session may not send, or an empty object if it may.
    static QJsonObject refusal(const McpSession *session, const QJsonArray &batch);
    static void run(McpServer *server, McpSession *session, const QJsonArray &batch, Done done);
};

} // namespace pmcp
