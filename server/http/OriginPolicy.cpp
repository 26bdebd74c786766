#include "server/http/OriginPolicy.h"

#include <QUrl>

namespace pmcp {

OriginPolicy::OriginPolicy(QStringList extraHosts, QStringList extraOrigins)
{
    for (const QString &host : extraHosts)
        m_hosts.append(host.trimmed().toLower());
    for (const QString &origin : extraOrigins) {
        QString normalized = origin.trimmed().toLower();
        while (normalized.endsWith(QLatin1Char('/')))
            normalized.chop(1);
        m_origins.append(normalized);
    }
}

QString OriginPolicy::hostName(const QString &hostAndPort)
{
    const QString value = hostAndPort.trimmed().toLower();
    if (value.startsWith(QLatin1Char('['))) {
        const qsizetype end = value.indexOf(QLatin1Char(']'));
        return end < 0 ? QString() : value.mid(1, end - 1);
    }
    const qsizetype colon = value.indexOf(QLatin1Char(':'));
    if (colon >= 0 && value.indexOf(QLatin1Char(':'), colon + 1) >= 0)
        return value; // a bare IPv6 address
    return colon < 0 ? value : value.left(colon);
}

bool OriginPolicy::isLoopbackName(const QString &host)
{
    return host == QLatin1String("localhost") || host == QLatin1String("127.0.0.1") ||
           host == QLatin1String("::1");
}

bool OriginPolicy::isHostAllowed(const QByteArray &hostHeader) const
{
    if (hostHeader.isEmpty())
        return false; // HTTP/1.1 requires Host
    const QString host = hostName(QString::fromLatin1(hostHeader));
    return isLoopbackName(host) || m_hosts.contains(host) ||
           m_hosts.contains(QString::fromLatin1(hostHeader).trimmed().toLower());
}

bool OriginPolicy::isOriginAllowed(const QByteArray &originHeader) const
{
    if (originHeader.isEmpty())
        return true;
    QString origin = QString::fromLatin1(originHeader).trimmed().toLower();
    while (origin.endsWith(QLatin1Char('/')))
        origin.chop(1);
    if (m_origins.contains(origin))
        return true;
    const QUrl url(origin);
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return false;
    return isLoopbackName(url.host());
}

} // namespace pmcp
