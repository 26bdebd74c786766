#include "server/mcp/ProtocolEra.h"

#include <QJsonArray>
#include <QStringDecoder>

namespace pmcp {

namespace {

const QString kVersionKey = QStringLiteral("io.modelcontextprotocol/protocolVersion");
const QString kCapabilitiesKey = QStringLiteral("io.modelcontextprotocol/clientCapabilities");

QJsonValue readableId(const QJsonObject &message)
{
    const QJsonValue id = message.value(QStringLiteral("id"));
    if (id.isString() || id.isDouble())
        return id;
    return QJsonValue(QJsonValue::Undefined);
}

bool hasClaim(const QJsonValue &message)
{
    const QJsonObject meta = message.toObject()
                                 .value(QStringLiteral("params"))
                                 .toObject()
                                 .value(QStringLiteral("_meta"))
                                 .toObject();
    return meta.contains(kVersionKey);
}

EraDecision reject(int status, int code, const QString &message, const QJsonValue &id,
                   const QJsonObject &data = {})
{
    EraDecision d;
    d.kind = EraDecision::Kind::Reject;
    d.httpStatus = status;
    d.errorCode = code;
    d.message = message;
    d.errorData = data;
    d.id = id;
    return d;
}

QString trimmedHeader(const QByteArray &raw)
{
    return QString::fromLatin1(raw).trimmed();
}

// The body value a method's Mcp-Name header names, or a null QString if the method has none.
QString nameOf(const QString &method, const QJsonObject &params)
{
    if (method == QLatin1String("tools/call") || method == QLatin1String("prompts/get"))
        return params.value(QStringLiteral("name")).toString(QStringLiteral(""));
    if (method == QLatin1String("resources/read"))
        return params.value(QStringLiteral("uri")).toString(QStringLiteral(""));
    return {};
}

} // namespace

QJsonObject EraDecision::errorResponse() const
{
    QJsonObject error{{QStringLiteral("code"), errorCode}, {QStringLiteral("message"), message}};
    if (!errorData.isEmpty())
        error.insert(QStringLiteral("data"), errorData);
    QJsonObject response{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                         {QStringLiteral("error"), error}};
    if (!id.isUndefined())
        response.insert(QStringLiteral("id"), id);
    return response;
}

QStringList ProtocolEra::modernVersions()
{
    return {QStringLiteral("2026-07-28")};
}

bool ProtocolEra::isRemovedInModernEra(const QString &method)
{
    static const QStringList removed{
        QStringLiteral("initialize"), QStringLiteral("ping"), QStringLiteral("logging/setLevel"),
        QStringLiteral("resources/subscribe"), QStringLiteral("resources/unsubscribe")};
    return removed.contains(method);
}

std::optional<QString> ProtocolEra::decodeHeaderValue(const QByteArray &raw)
{
    const QByteArray value = raw.trimmed();
    static const QByteArray prefix("=?base64?");
    static const QByteArray suffix("?=");
    if (value.startsWith(prefix) && value.endsWith(suffix) &&
        value.size() >= prefix.size() + suffix.size()) {
        const QByteArray encoded =
            value.mid(prefix.size(), value.size() - prefix.size() - suffix.size());
        // Padded Base64 only: Qt's decoder would accept "SGVsbG8" for "SGVsbG8=".
        if (encoded.size() % 4 != 0)
            return std::nullopt;
        const auto decoded =
            QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return std::nullopt;
        QStringDecoder utf8(QStringDecoder::Utf8);
        const QString text = utf8(*decoded);
        if (utf8.hasError())
            return std::nullopt;
        return text;
    }
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e)
            return std::nullopt;
    }
    return QString::fromLatin1(value);
}

std::optional<QString> ProtocolEra::checkParamHeaders(const QJsonObject &inputSchema,
                                                      const QJsonObject &arguments,
                                                      const QHash<QByteArray, QByteArray> &headers)
{
    const QJsonObject properties = inputSchema.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        const QString name = it.value().toObject().value(QStringLiteral("x-mcp-header")).toString();
        if (name.isEmpty())
            continue;
        const QString header = QStringLiteral("Mcp-Param-") + name;
        const QByteArray key = header.toLatin1().toLower();
        const QJsonValue value = arguments.value(it.key());
        const bool present = !value.isUndefined() && !value.isNull();
        if (!present) {
            if (headers.contains(key))
                return QStringLiteral("The %1 header is set but the argument %2 is not")
                    .arg(header, it.key());
            continue;
        }
        if (!headers.contains(key))
            return QStringLiteral("Missing %1 header for the argument %2").arg(header, it.key());
        const auto decoded = decodeHeaderValue(headers.value(key));
        if (!decoded)
            return QStringLiteral("Malformed %1 header").arg(header);
        bool matches = false;
        if (value.isString()) {
            matches = *decoded == value.toString();
        } else if (value.isBool()) {
            matches = *decoded == (value.toBool() ? QLatin1String("true") : QLatin1String("false"));
        } else if (value.isDouble()) {
            bool ok = false;
            const double number = decoded->toDouble(&ok);
            matches = ok && number == value.toDouble();
        }
        if (!matches)
            return QStringLiteral("The %1 header does not match the argument %2")
                .arg(header, it.key());
    }
    return std::nullopt;
}

EraDecision ProtocolEra::classify(const EraRequest &request)
{
    const bool http = !request.httpMethod.isEmpty();
    const QJsonValue noId(QJsonValue::Undefined);

    // 1. GET and DELETE are the 2025 session operations.
    if (http && request.httpMethod != "POST")
        return {};

    const QString headerVersion = trimmedHeader(request.headers.value("mcp-protocol-version"));
    const bool headerModern = http && modernVersions().contains(headerVersion);

    // 2. Batches exist only in the 2025 path; a modern element in one is refused.
    if (request.body.isArray()) {
        const QJsonArray batch = request.body.toArray();
        for (const QJsonValue &element : batch) {
            if (hasClaim(element))
                return reject(400, -32600,
                              QStringLiteral("A 2026-07-28 request cannot be part of a batch"),
                              noId);
        }
        return {};
    }
    const QJsonObject message = request.body.toObject();
    const QJsonValue id = readableId(message);
    const QString method = message.value(QStringLiteral("method")).toString();
    // Responses (to server requests of a 2025 session) and unparseable bodies: 2025 path.
    if (!request.body.isObject() || !message.contains(QStringLiteral("method")))
        return {};

    const QJsonObject params = message.value(QStringLiteral("params")).toObject();
    const QJsonObject meta = params.value(QStringLiteral("_meta")).toObject();
    const bool claim = meta.contains(kVersionKey);

    if (!claim) {
        // 3. The 2025 handshake; a 2026 header on it contradicts it.
        if (method == QLatin1String("initialize")) {
            if (headerModern)
                return reject(400, HeaderMismatch,
                              QStringLiteral("initialize is not part of %1").arg(headerVersion),
                              id);
            return {};
        }
        // 5. A 2026 header without the envelope.
        if (headerModern)
            return reject(400, -32602,
                          QStringLiteral("Missing _meta: a %1 request carries %2 and %3 in "
                                         "params._meta")
                              .arg(headerVersion, kVersionKey, kCapabilitiesKey),
                          id);
        // 6. Everything else: the 2025 path, unchanged.
        return {};
    }

    // 4. The envelope claim: modern, whatever the method (a session id is ignored).
    const QJsonValue versionValue = meta.value(kVersionKey);
    const QJsonValue capabilities = meta.value(kCapabilitiesKey);
    if (!versionValue.isString() || !capabilities.isObject())
        return reject(400, -32602,
                      QStringLiteral("Invalid _meta: %1 must be a string and %2 an object")
                          .arg(kVersionKey, kCapabilitiesKey),
                      id);
    const QString version = versionValue.toString();

    const bool hasVersionHeader = request.headers.contains("mcp-protocol-version");
    const bool hasMethodHeader = request.headers.contains("mcp-method");
    if (http && hasVersionHeader && headerVersion != version)
        return reject(400, HeaderMismatch,
                      QStringLiteral("MCP-Protocol-Version header (%1) does not match _meta (%2)")
                          .arg(headerVersion, version),
                      id);
    if (http && hasMethodHeader) {
        const auto headerMethod = decodeHeaderValue(request.headers.value("mcp-method"));
        if (!headerMethod || *headerMethod != method)
            return reject(
                400, HeaderMismatch,
                QStringLiteral("Mcp-Method header does not match the method %1").arg(method), id);
    }

    if (!modernVersions().contains(version)) {
        QJsonArray supported;
        for (const QString &v : modernVersions())
            supported.append(v);
        return reject(
            400, UnsupportedVersion, QStringLiteral("Unsupported protocol version %1").arg(version),
            id, {{QStringLiteral("supported"), supported}, {QStringLiteral("requested"), version}});
    }

    if (http) {
        if (!hasVersionHeader)
            return reject(400, HeaderMismatch,
                          QStringLiteral("Missing MCP-Protocol-Version header"), id);
        if (!hasMethodHeader)
            return reject(400, HeaderMismatch, QStringLiteral("Missing Mcp-Method header"), id);
        const QString name = nameOf(method, params);
        if (!name.isNull()) {
            if (!request.headers.contains("mcp-name"))
                return reject(400, HeaderMismatch,
                              QStringLiteral("Missing Mcp-Name header for %1").arg(method), id);
            const auto headerName = decodeHeaderValue(request.headers.value("mcp-name"));
            if (!headerName)
                return reject(400, HeaderMismatch, QStringLiteral("Malformed Mcp-Name header"), id);
            if (*headerName != name)
                return reject(400, HeaderMismatch,
                              QStringLiteral("Mcp-Name header does not match %1").arg(name), id);
        }
    }

    if (isRemovedInModernEra(method))
        return reject(404, -32601,
                      QStringLiteral("Method %1 is not part of %2").arg(method, version), id);

    EraDecision d;
    d.kind = EraDecision::Kind::Modern;
    d.protocolVersion = version;
    d.clientCapabilities = capabilities.toObject();
    d.id = id;
    return d;
}

} // namespace pmcp
