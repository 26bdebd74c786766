#include "server/app/ProxmoxHealthProbe.h"

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
            {QStringLiteral("detail"), m_detail.value(name, QStringLiteral("not checked yet"))}});
    }
    return list;
}

} // namespace pmcp
