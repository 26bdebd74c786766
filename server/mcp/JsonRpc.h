#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace pmcp {

// JSON-RPC 2.0 error codes used by MCP.
namespace rpc {
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kResourceNotFound = -32002;
} // namespace rpc

// A JSON-RPC error as a value, before it becomes a response.
struct RpcError final {
    int code = rpc::kInternalError;
    QString message;
    QJsonValue data;
};

// One incoming JSON-RPC message, classified. The transports parse; the engine dispatches.
struct JsonRpcMessage final {
    enum class Kind { Request, Notification, Response, Error, Invalid };
    Kind kind = Kind::Invalid;
    QJsonValue id; // string or integer for requests and responses
    QString method;
    QJsonObject params;
    QJsonValue result;
    QJsonObject error;
    QString invalidReason; // for Kind::Invalid

    static JsonRpcMessage classify(const QJsonValue &value);
    bool isRequest() const { return kind == Kind::Request; }
};

// Builders for outgoing messages.
class JsonRpc final {
public:
    static QJsonObject result(const QJsonValue &id, const QJsonObject &result);
    static QJsonObject error(const QJsonValue &id, const RpcError &error);
    static QJsonObject request(const QJsonValue &id, const QString &method,
                               const QJsonObject &params);
    static QJsonObject notification(const QString &method, const QJsonObject &params);
    // A map key for an id: ids 1 and "1" are different requests.
    static QString idKey(const QJsonValue &id);
};

} // namespace pmcp
