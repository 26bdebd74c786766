#pragma once

#include <QString>
#include <QUrl>

namespace pmcp::RedirectUri {

// Whether a client may register uri as a redirect URI: https, http on a loopback host
// (127.0.0.1, [::1], localhost; RFC 8252), or a private-use scheme with a dot (com.example.app:
// /cb; RFC 8252 7.1). Never a fragment or user info. Empty: acceptable; else why not.
QString problem(const QString &uri);
// Whether the uri a client sent matches one it registered: the same string, except that a
// loopback http redirect may use any port (RFC 8252 7.3).
bool matches(const QString &registered, const QString &requested);
// The host a person sees on the waiting page ("127.0.0.1", "claude.ai", the scheme of an app).
QString displayHost(const QString &uri);

} // namespace pmcp::RedirectUri
