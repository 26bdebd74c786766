#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace pmcp::OAuthSecrets {

// A new secret: prefix + base64url of 32 bytes from the system's CSPRNG (256 bits: a plain
// SHA-256 of it is safe to store, as for client tokens).
QString newSecret(const QString &prefix);
// A request code a person reads aloud and compares: 8 characters of an alphabet without look-
// alikes (no 0/O, 1/I/L), shown as XXXX-XXXX.
QString newRequestCode();
// Hex SHA-256: what the store keeps instead of a secret.
QByteArray hash(QByteArrayView secret);
// Every byte compared, whatever the content.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
// RFC 7636 S256: base64url(SHA-256(verifier)) == challenge, and a verifier of 43 to 128
// unreserved characters.
bool pkceMatches(const QString &verifier, const QString &challenge);
// A code_challenge as S256 makes it: 43 base64url characters.
bool isS256Challenge(const QString &challenge);

} // namespace pmcp::OAuthSecrets
