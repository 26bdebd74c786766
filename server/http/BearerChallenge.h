#pragma once

#include "server/http/HttpRequest.h"

#include <QByteArray>
#include <QString>

namespace pmcp::BearerChallenge {

// scheme://host as the client addressed this server (the Host header, already checked against
// MCP_ALLOWED_HOSTS): the base of the OAuth issuer, the resource and the metadata URLs. https
// when the connection is TLS, or when a reverse proxy on this host (a loopback peer) sends
// X-Forwarded-Proto: https.
QString origin(const HttpRequest &request);
// The resource (RFC 8707) a request is addressed to: origin + path.
QString resourceOf(const HttpRequest &request);
// WWW-Authenticate of a 401 (RFC 6750, RFC 9728): Bearer resource_metadata="origin+metadataPath",
// with error="invalid_token" when a token was presented.
QByteArray unauthorized(const HttpRequest &request, const QString &metadataPath,
                        bool tokenPresented);
// WWW-Authenticate of a 403 for a token without the scope an operation needs.
QByteArray insufficientScope(const HttpRequest &request, const QString &metadataPath,
                             const QString &scope);

} // namespace pmcp::BearerChallenge
