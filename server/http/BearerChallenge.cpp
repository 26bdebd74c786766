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
    return (request.secure ? QStringLiteral("https://") : QStringLiteral("http://")) +
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
