#include "server/app/ProxmoxHealthProbe.h"

#include <QJsonArray>
#include <QJsonObject>

#include "server/proxmox/ProxmoxClient.h"
#include "server/proxmox/ProxmoxTargets.h"

#include <QPointer>

namespace pmcp {

ProxmoxHealthProbe::ProxmoxHealthProbe(const ProxmoxTargets *targets, int intervalMs,
                                       QObject *parent)
    : QObject(parent)
    , m_targets(targets)
{
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ProxmoxHealthProbe::refresh);
    m_timer.start();
    refresh();
}

void ProxmoxHealthProbe::refresh()
{
    for (const QString &name : m_targets->names()) {
        ProxmoxClient *client = m_targets->client(name);
        if (!client)
            continue;
        QPointer<ProxmoxHealthProbe> self(this);
        // The nodes the cluster reports offline (the alerts' proxmox.node condition).
        client->get(QStringLiteral("/nodes"), {}, [self, name](const ProxmoxResult &result) {
            if (!self)
                return;
            const auto *reply = std::get_if<ProxmoxReply>(&result);
            if (!reply)
                return; // unreachable: the /version answer says so
            QStringList offline;
            for (const QJsonValue &node : reply->data.toArray()) {
                if (node[QLatin1String("status")].toString() == QLatin1String("offline"))
                    offline.append(node[QLatin1String("node")].toString());
            }
            self->m_offlineNodes.insert(name, offline);
        });
        client->get(
            QStringLiteral("/version"), {}, [self, name, client](const ProxmoxResult &result) {
                if (!self)
                    return;
                if (const auto *error = std::get_if<ProxmoxError>(&result)) {
                    self->m_status.insert(name, QStringLiteral("fail"));
                    self->m_detail.insert(name, error->describe());
                    return;
                }
                const auto &reply = std::get<ProxmoxReply>(result);
                const QString version =
                    reply.data.toObject().value(QLatin1String("version")).toString();
                if (client->isInsecure()) {
                    self->m_status.insert(name, QStringLiteral("warn"));
                    self->m_detail.insert(name,
                                          QStringLiteral("Proxmox VE %1 at %2, TLS verification is "
                                                         "off (PROXMOX_VERIFY_SSL=false)")
                                              .arg(version, reply.node));
                } else {
                    self->m_status.insert(name, QStringLiteral("ok"));
                    self->m_detail.insert(
                        name, QStringLiteral("Proxmox VE %1 at %2").arg(version, reply.node));
                }
            });
    }
}

HealthCheck ProxmoxHealthProbe::check() const
{
    QString worst = QStringLiteral("ok");
    QStringList details;
    for (const QString &name : m_targets->names()) {
        const QString status = m_status.value(name, QStringLiteral("warn"));
        details.append(name + QStringLiteral(": ") +
                       m_detail.value(name, QStringLiteral("not checked yet")));
        if (status == QLatin1String("fail") ||
            (status == QLatin1String("warn") && worst == QLatin1String("ok")))
            worst = status;
    }
    return {QStringLiteral("proxmox"), worst, details.join(QStringLiteral("; "))};
}

QJsonArray ProxmoxHealthProbe::targets() const
{
    QJsonArray list;
    for (const QString &name : m_targets->names()) {
        list.append(QJsonObject{
            {QStringLiteral("name"), name},
            {QStringLiteral("status"), m_status.value(name, QStringLiteral("warn"))},
            {QStringLiteral("detail"), m_detail.value(name, QStringLiteral("not checked yet"))},
            {QStringLiteral("offlineNodes"),
             QJsonArray::fromStringList(m_offlineNodes.value(name))}});
    }
    return list;
}

} // namespace pmcp
