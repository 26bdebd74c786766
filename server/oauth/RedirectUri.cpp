#include "server/oauth/RedirectUri.h"

#include <QHostAddress>

namespace pmcp::RedirectUri {

namespace {

constexpr int kMaxLength = 2000;

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool isLoopbackHttp(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") && isLoopbackHost(url.host());
}

} // namespace

QString problem(const QString &uri)
{
    if (uri.size() > kMaxLength)
        return QStringLiteral("redirect URI is longer than %1 characters").arg(kMaxLength);
    const QUrl url(uri, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty())
        return QStringLiteral("redirect URI %1 is not an absolute URI").arg(uri);
    if (url.hasFragment())
        return QStringLiteral("redirect URI %1 has a fragment").arg(uri);
    if (!url.userInfo().isEmpty())
        return QStringLiteral("redirect URI %1 carries user information").arg(uri);
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("https")) {
        if (url.host().isEmpty())
            return QStringLiteral("redirect URI %1 has no host").arg(uri);
        return {};
    }
    if (scheme == QLatin1String("http")) {
        if (!isLoopbackHttp(url))
            return QStringLiteral("redirect URI %1 uses http on a host that is not loopback: use "
                                  "https, or http://127.0.0.1 / http://localhost")
                .arg(uri);
        return {};
    }
    if (scheme.contains(u'.'))
        return {};
    return QStringLiteral("redirect URI %1 has scheme %2: use https, loopback http or a private "
                          "scheme such as com.example.app")
        .arg(uri, scheme);
}

bool matches(const QString &registered, const QString &requested)
{
    if (registered == requested)
        return true;
    const QUrl a(registered, QUrl::StrictMode);
    const QUrl b(requested, QUrl::StrictMode);
    if (!a.isValid() || !b.isValid() || !isLoopbackHttp(a) || !isLoopbackHttp(b))
        return false;
    return a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && a.path() == b.path() &&
           a.query() == b.query() && !b.hasFragment() && b.userInfo().isEmpty();
}

QString displayHost(const QString &uri)
{
    const QUrl url(uri);
    if (!url.host().isEmpty())
        return url.host();
    return url.scheme();
}

} // namespace pmcp::RedirectUri
