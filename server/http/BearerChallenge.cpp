#include "server/http/BearerChallenge.h"

namespace pmcp::BearerChallenge {

namespace {

// A quoted-string of RFC 9110: backslash and quote escaped, nothing else to do for URLs.
QByteArray quoted(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\");
    out.replace('"', "\\\"");
    return '"' + out + '"';
}

} // namespace

QString origin(const HttpRequest &request)
{
    // A reverse proxy on this host (Caddy, nginx) terminates TLS and says so; from elsewhere the
    // header is not believed.
    const bool proxiedTls = request.peer.isLoopback() &&
                            request.header("x-forwarded-proto").trimmed().toLower() == "https";
    return (request.secure || proxiedTls ? QStringLiteral("https://") : QStringLiteral("http://")) +
           QString::fromLatin1(request.header("host")).trimmed().toLower();
}

QString resourceOf(const HttpRequest &request)
{
    return origin(request) + request.path;
}

QByteArray unauthorized(const HttpRequest &request, const QString &metadataPath,
                        bool tokenPresented)
{
    QByteArray value = "Bearer resource_metadata=" + quoted(origin(request) + metadataPath);
    if (tokenPresented)
        value += ", error=\"invalid_token\"";
    return value;
}

QByteArray insufficientScope(const HttpRequest &request, const QString &metadataPath,
                             const QString &scope)
{
    return "Bearer error=\"insufficient_scope\", scope=" + quoted(scope) +
           ", resource_metadata=" + quoted(origin(request) + metadataPath);
}

} // namespace pmcp::BearerChallenge
