#include "server/ops/RequestLog.h"

#include "server/ops/OpsLogCategory.h"

#include <cmath>

namespace pmcp {

RequestLog::RequestLog(HttpObserver *next)
    : m_next(next)
{}

QString RequestLog::format(const HttpRequestLine &line)
{
    const double ms = line.seconds * 1000.0;
    const QString duration =
        ms < 10.0 ? QString::number(ms, 'f', 1) : QString::number(std::lround(ms));
    return QStringLiteral("%1 %2 %3 client=%4 %5 ms from %6")
        .arg(line.method, line.path)
        .arg(line.status)
        .arg(line.client.isEmpty() ? QStringLiteral("-") : line.client, duration,
             line.peer.isEmpty() ? QStringLiteral("?") : line.peer);
}

QString RequestLog::formatRefusal(const QString &reason, const QString &peer, const QString &path)
{
    const QString why = reason == QLatin1String("missing_token")
                            ? QStringLiteral("missing_token (no Authorization: Bearer header)")
                        : reason == QLatin1String("invalid_token")
                            ? QStringLiteral("invalid_token (unknown, revoked or expired)")
                            : reason;
    return QStringLiteral("refused a bearer token from %1 for %2: %3")
        .arg(peer.isEmpty() ? QStringLiteral("?") : peer, path, why);
}

void RequestLog::requestAnswered(const QString &route, const QString &method, int status,
                                 double seconds)
{
    if (m_next)
        m_next->requestAnswered(route, method, status, seconds);
}

void RequestLog::requestRefused(const QString &reason)
{
    if (m_next)
        m_next->requestRefused(reason);
}

void RequestLog::requestLogged(const HttpRequestLine &line)
{
    qCInfo(lcOps, "%s", qPrintable(format(line)));
    if (m_next)
        m_next->requestLogged(line);
}

void RequestLog::tokenRefused(const QString &reason, const QString &peer, const QString &path)
{
    qCWarning(lcOps, "%s", qPrintable(formatRefusal(reason, peer, path)));
    if (m_next)
        m_next->tokenRefused(reason, peer, path);
}

} // namespace pmcp
