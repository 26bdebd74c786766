#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QStringList>

#include <optional>
#include <utility>

namespace pmcp {

// A list of IP networks (ADMIN_ALLOWED_NETWORKS, TRUSTED_PROXIES): a pure value. IPv4 peers
// that reach an IPv6 socket as ::ffff:a.b.c.d match the IPv4 networks.
class NetworkList final {
public:
    NetworkList() = default;

    // Addresses ("10.0.0.1", a single host) and CIDR ranges ("10.0.0.0/8", "fd00::/8"); nullopt
    // names nothing: *bad (optional) receives the first entry that is neither.
    static std::optional<NetworkList> parse(const QStringList &entries, QString *bad = nullptr);

    bool isEmpty() const { return m_networks.isEmpty(); }
    bool contains(const QHostAddress &address) const;

    // The address the request came from: the peer, unless the peer is a trusted proxy, then the
    // nearest address in X-Forwarded-For (read from the right) that is not a trusted proxy
    // itself. An entry that is not an address stops the walk at the last trusted hop, so a
    // garbled header never lets a client choose its own address.
    static QHostAddress clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor,
                                      const NetworkList &trustedProxies);

    // ::ffff:a.b.c.d as a.b.c.d; any other address unchanged.
    static QHostAddress normalised(const QHostAddress &address);

private:
    QList<std::pair<QHostAddress, int>> m_networks;
};

} // namespace pmcp
