#include "server/http/NetworkList.h"

namespace pmcp {

std::optional<NetworkList> NetworkList::parse(const QStringList &entries, QString *bad)
{
    NetworkList list;
    for (const QString &raw : entries) {
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            continue;
        std::pair<QHostAddress, int> network;
        if (entry.contains(u'/')) {
            network = QHostAddress::parseSubnet(entry);
        } else {
            const QHostAddress address(entry);
            network = {address, address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128};
        }
        if (network.first.isNull()) {
            if (bad)
                *bad = entry;
            return std::nullopt;
        }
        network.first = normalised(network.first);
        list.m_networks.append(network);
    }
    return list;
}

QHostAddress NetworkList::normalised(const QHostAddress &address)
{
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address;
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

bool NetworkList::contains(const QHostAddress &address) const
{
    const QHostAddress plain = normalised(address);
    for (const auto &network : m_networks) {
        if (plain.isInSubnet(network))
            return true;
    }
    return false;
}

QHostAddress NetworkList::clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor,
                                        const NetworkList &trustedProxies)
{
    QHostAddress current = normalised(peer);
    if (forwardedFor.isEmpty() || !trustedProxies.contains(current))
        return current;
    // Read from the right without splitting the whole header: only trusted hops are walked, and
    // at most kMaxHops of them (no deployment chains more proxies than that).
    constexpr int kMaxHops = 32;
    qsizetype end = forwardedFor.size();
    for (int hop = 0; hop < kMaxHops && end > 0; ++hop) {
        const qsizetype comma = forwardedFor.lastIndexOf(',', end - 1);
        const QByteArray entry = forwardedFor.mid(comma + 1, end - comma - 1).trimmed();
        end = comma < 0 ? 0 : comma;
        const QHostAddress address(QString::fromLatin1(entry.left(64)));
        if (entry.size() > 64 || address.isNull())
            return current;
        current = normalised(address);
        if (!trustedProxies.contains(current))
            return current;
    }
    return current;
}

} // namespace pmcp
