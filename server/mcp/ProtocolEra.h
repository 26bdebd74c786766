#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace pmcp {

// Which MCP revision family a request belongs to. Legacy2025 is the session protocol of
// 2025-03-26, 2025-06-18 and 2025-11-25 (initialize, Mcp-Session-Id); Modern2026 is the stateless
// 2026-07-28 revision, where every request carries its version and capabilities in params._meta.
enum class McpEra { Legacy2025, Modern2026 };

// What the transport knows about one incoming message before it is dispatched.
struct EraRequest final {
    // "POST", "GET", "DELETE", ... over HTTP; empty for stdio (no headers, no HTTP rules).
    QByteArray httpMethod;
    // The parsed body: an object (one message), an array (a batch) or undefined (unparseable).
    QJsonValue body;
    // Request headers, names in lower case (HTTP header names are case-insensitive).
    QHash<QByteArray, QByteArray> headers;
};

// The classifier's answer: serve on one path, or refuse with the error the revision prescribes.
struct EraDecision final {
    enum class Kind { Legacy, Modern, Reject };
    Kind kind = Kind::Legacy;
    // Modern: the version the request claims (one of ProtocolEra::modernVersions()).
    QString protocolVersion;
    // Modern: the request's own client capabilities (valid for this request only).
    QJsonObject clientCapabilities;
    // Reject: the HTTP status, the JSON-RPC error and its data.
    int httpStatus = 200;
    int errorCode = 0;
    QString message;
    QJsonObject errorData;
    // The request id to echo: a string or a number, or undefined when it cannot be read (the
    // 2026 schema rejects "id": null, so an unreadable id is omitted, never null).
    QJsonValue id;

    bool isModern() const { return kind == Kind::Modern; }
    bool isRejected() const { return kind == Kind::Reject; }
    // The JSON-RPC error response of a rejection (the id echoed or omitted, never null).
    QJsonObject errorResponse() const;
};

// Classifies each request by its _meta claim, as the 2026-07-28 revision's SDK does
// (body-primary), and applies the revision's header rules to modern requests: a pure value,
// no state, the same answer for the same input. Legacy requests are left to the 2025 path
// unchanged. The order of the checks is the revision's validation ladder (docs/MCP.md).
class ProtocolEra final {
public:
    static constexpr int HeaderMismatch = -32020;
    static constexpr int MissingCapability = -32021;
    static constexpr int UnsupportedVersion = -32022;

    // The modern revisions served (the 2025 ones are reached through initialize).
    static QStringList modernVersions();
    // The 2026 methods' removed 2025 counterparts: a modern envelope on them is -32601 (404).
    static bool isRemovedInModernEra(const QString &method);

    static EraDecision classify(const EraRequest &request);

    // An Mcp-Name / Mcp-Param-* header value as the server compares it: optional whitespace
    // stripped, "=?base64?...?=" decoded (UTF-8); nullopt if it is malformed (bad Base64, not
    // UTF-8, characters outside visible ASCII in a literal value).
    static std::optional<QString> decodeHeaderValue(const QByteArray &raw);

    // The Mcp-Param-* rule of a tools/call: every argument whose property in the tool's
    // inputSchema is annotated "x-mcp-header": "Name" travels in the header Mcp-Param-Name too
    // (headers: names in lower case), and the two must agree (numbers compared numerically);
    // an absent or null argument has no header. The first disagreement as a sentence, or
    // nullopt when they all agree.
    static std::optional<QString> checkParamHeaders(const QJsonObject &inputSchema,
                                                    const QJsonObject &arguments,
                                                    const QHash<QByteArray, QByteArray> &headers);
};

} // namespace pmcp
