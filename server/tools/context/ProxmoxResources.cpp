#include "server/tools/context/ProxmoxResources.h"

#include "server/mcp/ResourceRegistry.h"
#include "server/proxmox/ProxmoxClient.h"
#include "server/proxmox/ProxmoxTargets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace pmcp {

const QString ProxmoxResources::kClusterResources =
    QStringLiteral("proxmox://{target}/cluster/resources");
const QString ProxmoxResources::kQemuConfig =
    QStringLiteral("proxmox://{target}/nodes/{node}/qemu/{vmid}/config");
const QString ProxmoxResources::kLxcConfig =
    QStringLiteral("proxmox://{target}/nodes/{node}/lxc/{vmid}/config");
const QString ProxmoxResources::kTaskLog =
    QStringLiteral("proxmox://{target}/nodes/{node}/tasks/{upid}/log");

namespace {

// How many lines of a task log one read returns: Proxmox's own default page (50) is too short
// for a backup or a migration, and a model rarely needs more than the first thousand.
constexpr int kTaskLogLines = 1000;

QJsonArray contents(const QString &uri, const QString &mimeType, const QString &text)
{
    return {QJsonObject{{QStringLiteral("uri"), uri},
                        {QStringLiteral("mimeType"), mimeType},
                        {QStringLiteral("text"), text}}};
}

QString json(const QJsonValue &value)
{
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

bool isSegment(const QString &value)
{
    return !value.isEmpty() && !value.contains(u'/');
}

// GET path on the URI's target; the reply's data, shaped by render, or the error.
void readFrom(const ProxmoxTargets *targets, const QString &uri, const QString &target,
              const QString &path, const QJsonObject &params,
              const std::function<QJsonArray(const QJsonValue &)> &render,
              const ResourceRegistry::ReadCallback &done)
{
    QString why;
    ProxmoxClient *client = targets ? targets->client(target, &why) : nullptr;
    if (!client || target.isEmpty())
        return done(Error::notFound(
            QStringLiteral("%1: no Proxmox target named \"%2\"%3")
                .arg(uri, target, why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why))));
    client->get(path, params, [done, render, uri](const ProxmoxResult &result) {
        if (const auto *error = std::get_if<ProxmoxError>(&result)) {
            Error failure = error->toError();
            failure.message = QStringLiteral("%1: %2").arg(uri, error->describe());
            return done(failure);
        }
        done(render(std::get<ProxmoxReply>(result).data));
    });
}

ResourceRegistry::AsyncRead guestConfig(const ProxmoxTargets *targets, const QString &type)
{
    return [targets, type](const QString &uri, const QHash<QString, QString> &vars,
                           const ResourceRegistry::ReadCallback &done) {
        bool ok = false;
        const int vmid = vars.value(QStringLiteral("vmid")).toInt(&ok);
        const QString node = vars.value(QStringLiteral("node"));
        if (!ok || vmid < 1 || !isSegment(node))
            return done(Error::invalid(
                QStringLiteral("%1: a node name and a numeric vmid are needed").arg(uri)));
        readFrom(
            targets, uri, vars.value(QStringLiteral("target")),
            QStringLiteral("/nodes/%1/%2/%3/config").arg(node, type).arg(vmid), {},
            [uri](const QJsonValue &data) {
                return contents(uri, QStringLiteral("application/json"), json(data));
            },
            done);
    };
}

} // namespace

void ProxmoxResources::install(ResourceRegistry &registry, const ProxmoxTargets *targets)
{
    const auto clusterRead = [targets](const QString &uri, const QHash<QString, QString> &vars,
                                       const ResourceRegistry::ReadCallback &done) {
        readFrom(
            targets, uri, vars.value(QStringLiteral("target")),
            QStringLiteral("/cluster/resources"), {},
            [uri](const QJsonValue &data) {
                return contents(uri, QStringLiteral("application/json"), json(data));
            },
            done);
    };
    registry.addTemplate(
        {kClusterResources, QStringLiteral("cluster-resources"),
         QStringLiteral("Cluster resources"),
         QStringLiteral("Every node, guest (VM and container) and storage of a Proxmox target "
                        "with status, CPU, memory and disk use, as GET /cluster/resources "
                        "returns it. Subscribe to hear when a tool changes it."),
         QStringLiteral("application/json"), nullptr},
        clusterRead);
    registry.addTemplate(
        {kQemuConfig, QStringLiteral("qemu-config"), QStringLiteral("VM configuration"),
         QStringLiteral("A QEMU VM's current configuration (disks, network, CPU, memory, boot "
                        "order). Subscribe to hear when a tool changes it."),
         QStringLiteral("application/json"), nullptr},
        guestConfig(targets, QStringLiteral("qemu")));
    registry.addTemplate(
        {kLxcConfig, QStringLiteral("lxc-config"), QStringLiteral("Container configuration"),
         QStringLiteral("An LXC container's current configuration (rootfs, mount points, "
                        "network, memory). Subscribe to hear when a tool changes it."),
         QStringLiteral("application/json"), nullptr},
        guestConfig(targets, QStringLiteral("lxc")));
    registry.addTemplate(
        {kTaskLog, QStringLiteral("task-log"), QStringLiteral("Task log"),
         QStringLiteral("The log of a Proxmox task by its UPID (the first 1000 lines), as "
                        "plain text."),
         QStringLiteral("text/plain"), nullptr},
        [targets](const QString &uri, const QHash<QString, QString> &vars,
                  const ResourceRegistry::ReadCallback &done) {
            const QString node = vars.value(QStringLiteral("node"));
            const QString upid = vars.value(QStringLiteral("upid"));
            if (!isSegment(node) || !upid.startsWith(QLatin1String("UPID:")))
                return done(Error::invalid(
                    QStringLiteral("%1: a node name and a task UPID are needed").arg(uri)));
            readFrom(
                targets, uri, vars.value(QStringLiteral("target")),
                QStringLiteral("/nodes/%1/tasks/%2/log").arg(node, upid),
                {{QStringLiteral("limit"), kTaskLogLines}},
                [uri](const QJsonValue &data) {
                    QStringList lines;
                    for (const QJsonValue &line : data.toArray())
                        lines.append(line.toObject().value(QLatin1String("t")).toString());
                    return contents(uri, QStringLiteral("text/plain"), lines.join(u'\n') + u'\n');
                },
                done);
        });
    if (!targets)
        return;
    for (const QString &target : targets->names()) {
        const QString uri = clusterResourcesUri(target);
        registry.add({uri, QStringLiteral("cluster-resources-%1").arg(target),
                      QStringLiteral("Cluster resources of %1").arg(target),
                      QStringLiteral("Every node, guest and storage of the Proxmox target %1 "
                                     "with status and use.")
                          .arg(target),
                      QStringLiteral("application/json"),
                      // Listed for discovery; the template above reads it (asynchronously).
                      nullptr});
    }
}

QStringList ProxmoxResources::changedBy(const AuditTarget &target)
{
    if (target.system.isEmpty())
        return {};
    QStringList uris{clusterResourcesUri(target.system)};
    const QString type = target.guest.section(u'/', 0, 0);
    bool ok = false;
    const qint64 vmid = target.guest.section(u'/', 1, 1).toLongLong(&ok);
    if (ok && !target.node.isEmpty() &&
        (type == QLatin1String("qemu") || type == QLatin1String("lxc")))
        uris.append(guestConfigUri(target.system, target.node, type, vmid));
    return uris;
}

QString ProxmoxResources::clusterResourcesUri(const QString &target)
{
    return QStringLiteral("proxmox://%1/cluster/resources")
        .arg(QString::fromUtf8(QUrl::toPercentEncoding(target)));
}

QString ProxmoxResources::guestConfigUri(const QString &target, const QString &node,
                                         const QString &type, qint64 vmid)
{
    return QStringLiteral("proxmox://%1/nodes/%2/%3/%4/config")
        .arg(QString::fromUtf8(QUrl::toPercentEncoding(target)), node, type)
        .arg(vmid);
}

} // namespace pmcp
