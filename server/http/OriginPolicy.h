#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace pmcp {

// Defends against DNS rebinding: which Host headers and browser Origins may reach the daemon.
// Loopback names are always accepted; other names only when configured.
class OriginPolicy final {
public:
    OriginPolicy(QStringList extraHosts, QStringList extraOrigins);

    bool isHostAllowed(const QByteArray &hostHeader) const;
    // No Origin header (not a browser) is allowed; otherwise it must be loopback or listed.
    bool isOriginAllowed(const QByteArray &originHeader) const;

    // "example.com:8080" -> "example.com", "[::1]:80" -> "::1"
    static QString hostName(const QString &hostAndPort);

private:
    static bool isLoopbackName(const QString &host);
    QStringList m_hosts;
    QStringList m_origins;
};

} // namespace pmcp
