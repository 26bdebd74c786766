#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

namespace pmcp {

// Keeps an audit entry small whatever a client sends: a tool call's arguments as the audit
// records them. A string longer than kMaxValueBytes (UTF-8), at any depth, is recorded as
// {"truncated": true, "bytes": N, "sha256": "<hex of its UTF-8 bytes>"}; when the arguments
// are still larger than kMaxArgumentsBytes as compact JSON, the whole object becomes
// {"truncated": true, "bytes": N, "sha256": "<hex of that compact JSON>"}. Whoever holds the
// original can match it by its size and hash; the chain's HMAC covers what was recorded.
// A pure function of its input; AuditLog applies it after SecretMask, so no hash of a secret is
// ever written.
class AuditArguments final {
public:
    static constexpr qsizetype kMaxValueBytes = 4 * 1024;
    static constexpr qsizetype kMaxArgumentsBytes = 16 * 1024;

    static QJsonObject cap(const QJsonObject &arguments);
    // {"truncated": true, "bytes": size, "sha256": hex}
    static QJsonObject digest(const QByteArray &bytes);
    // Whether a recorded value is such a digest.
    static bool isDigest(const QJsonValue &value);

private:
    static QJsonValue capValue(const QJsonValue &value);
    static QJsonArray capArray(const QJsonArray &array);
    static QJsonObject capObject(const QJsonObject &object);
};

} // namespace pmcp
