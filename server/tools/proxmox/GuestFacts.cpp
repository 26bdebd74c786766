#include "server/tools/proxmox/GuestFacts.h"

#include "server/proxmox/ProxmoxClient.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pmcp {

namespace {

QString failure(const ProxmoxResult &result)
{
    return std::get<ProxmoxError>(result).describe();
}

} // namespace

bool GuestFacts::isDiskKey(const QString &type, const QString &key)
{
    static const QRegularExpression qemu(
        QStringLiteral("^(ide|sata|scsi|virtio|efidisk|tpmstate|unused)\\d+$"));
    static const QRegularExpression lxc(QStringLiteral("^(rootfs|mp\\d+|unused\\d+)$"));
    return (type == QLatin1String("lxc") ? lxc : qemu).match(key).hasMatch();
}

QStringList GuestFacts::diskKeysIn(const QString &type, const QString &deleteList)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    QStringList disks;
    for (const QString &key : deleteList.split(separators, Qt::SkipEmptyParts)) {
        if (isDiskKey(type, key))
            disks.append(key);
    }
    return disks;
}

QJsonObject GuestFacts::summarize(const QString &type, const QString &node, qint64 vmid,
                                  const QJsonObject &status, const QJsonObject &config)
{
    QJsonArray disks;
    for (auto it = config.begin(); it != config.end(); ++it) {
        if (isDiskKey(type, it.key()) &&
            !it.value().toString().contains(QLatin1String("media=cdrom")))
            disks.append(QStringLiteral("%1: %2").arg(it.key(), it.value().toString()));
    }
    QString name = status.value(QLatin1String("name")).toString();
    if (name.isEmpty())
        name = config
                   .value(type == QLatin1String("lxc") ? QLatin1String("hostname")
                                                       : QLatin1String("name"))
                   .toString();
    QJsonObject facts{{QStringLiteral("type"), type},
                      {QStringLiteral("node"), node},
                      {QStringLiteral("vmid"), vmid},
                      {QStringLiteral("name"), name},
                      {QStringLiteral("status"), status.value(QLatin1String("status"))},
                      {QStringLiteral("protection"),
                       config.value(QLatin1String("protection")).toVariant().toInt() == 1},
                      {QStringLiteral("disks"), disks}};
    if (config.contains(QLatin1String("lock")))
        facts.insert(QStringLiteral("lock"), config.value(QLatin1String("lock")));
    return facts;
}

void GuestFacts::fetch(ProxmoxClient *client, const QString &node, const QString &type, qint64 vmid,
                       Callback done)
{
    const QString base = QStringLiteral("/nodes/%1/%2/%3").arg(node, type).arg(vmid);
    client->get(base + QStringLiteral("/status/current"), {},
                [client, node, type, vmid, base, done](const ProxmoxResult &status) {
                    if (!std::holds_alternative<ProxmoxReply>(status)) {
                        done(Error{ErrorCode::NotFound, failure(status)});
                        return;
                    }
                    const QJsonObject current = std::get<ProxmoxReply>(status).data.toObject();
                    client->get(base + QStringLiteral("/config"), {},
                                [node, type, vmid, current, done](const ProxmoxResult &config) {
                                    if (!std::holds_alternative<ProxmoxReply>(config)) {
                                        done(Error{ErrorCode::NotFound, failure(config)});
                                        return;
                                    }
                                    done(summarize(type, node, vmid, current,
                                                   std::get<ProxmoxReply>(config).data.toObject()));
                                });
                });
}

} // namespace pmcp
