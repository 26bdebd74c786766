#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace pmcp {

// The text the Proxmox and system command-line tools print, made from API data: qm list,
// pct list, key: value configurations, pvesm status, pvecm status/nodes, uptime, df and free,
// in the byte-exact formats of the real tools (see the printf formats in pve-manager,
// qemu-server and pve-container).
class SimShellOutput final {
public:
    // Rows of GET /nodes/{node}/qemu; nothing at all when there are none.
    static QByteArray qmList(const QJsonArray &rows);
    // Rows of GET /nodes/{node}/lxc; nothing at all when there are none.
    static QByteArray pctList(const QJsonArray &rows);
    // `key: value` lines, sorted, without the digest (qm config, pct config, qm status -v).
    static QByteArray keyValues(const QJsonObject &object);
    // Rows of GET /nodes/{node}/storage.
    static QByteArray pvesmStatus(const QJsonArray &rows);
    // Rows of GET /cluster/status; localNode is marked "(local)".
    static QByteArray pvecmStatus(const QJsonArray &rows, const QString &localNode);
    static QByteArray pvecmNodes(const QJsonArray &rows, const QString &localNode);
    // From GET /nodes/{node}/status.
    static QByteArray uptime(const QJsonObject &nodeStatus);
    static QByteArray df(const QJsonObject &nodeStatus, bool human);
    static QByteArray free(const QJsonObject &nodeStatus, qint64 unit);
    // df -h: powers of 1024, rounded up, one decimal below 10 ("1.6M", "94G").
    static QString humanSize(qint64 bytes);

private:
    static QByteArray membership(const QJsonArray &rows, const QString &localNode, bool byIp);
};

} // namespace pmcp
