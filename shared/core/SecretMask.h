#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace pmcp {

// The one rule for "this key names a secret" (password, token, api key, ...) and the masking
// of JSON by it, for the audit log, the configuration and the desktop alike.
class SecretMask final {
public:
    // What a masked value shows.
    static QString masked() { return QStringLiteral("********"); }
    // Case-insensitive: the name contains password, passwd, passphrase, secret, token,
    // credential, cookie, authorization, ticket or private, or ends in key or keys (apiKey,
    // ssh_key, sshkeys, but not keyboard).
    static bool isSecretName(const QString &key);
    // A copy in which the value of every secret-named key, at any depth (inside nested objects
    // and arrays), is masked; null and boolean values stay, as they reveal nothing.
    static QJsonObject mask(const QJsonObject &object);
    static QJsonArray mask(const QJsonArray &array);
};

} // namespace pmcp
