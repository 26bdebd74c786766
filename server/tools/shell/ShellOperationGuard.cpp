#include "server/tools/shell/ShellOperationGuard.h"

#include "server/proxmox/ProxmoxClient.h"
#include "server/tools/context/ProxmoxResources.h"
#include "server/tools/proxmox/ConfirmationGate.h"
#include "server/tools/proxmox/GuestFacts.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <memory>

namespace pmcp {

namespace {

const QRegularExpression &guestPath()
{
    static const QRegularExpression pattern(
        QStringLiteral("^/nodes/[^/]+/(qemu|lxc)/(\\d+)(/.*)?$"));
    return pattern;
}

const QRegularExpression &createPath()
{
    static const QRegularExpression pattern(QStringLiteral("^/nodes/[^/]+/(qemu|lxc)$"));
    return pattern;
}

QString failure(const ProxmoxResult &result)
{
    return std::get<ProxmoxError>(result).describe();
}

} // namespace

ShellOperationGuard::ShellOperationGuard(ProxmoxClient *client, QString target)
    : m_client(client)
    , m_target(std::move(target))
{}

ShellOperationGuard::Guest ShellOperationGuard::guestOf(const ApiOperation &operation)
{
    if (const auto m = guestPath().match(operation.path); m.hasMatch())
        return {m.captured(1), m.captured(2).toLongLong()};
    if (const auto m = createPath().match(operation.path); m.hasMatch()) {
        bool ok = false;
        const qint64 vmid =
            operation.params.value(QLatin1String("vmid")).toVariant().toLongLong(&ok);
        if (ok)
            return {m.captured(1), vmid};
    }
    return {};
}

bool ShellOperationGuard::refusesProtected(const ApiOperation &operation)
{
    const QString method = operation.method.toUpper();
    if (method == QLatin1String("DELETE") && guestPath().match(operation.path).hasMatch())
        return guestPath().match(operation.path).captured(3).isEmpty();
    return method == QLatin1String("POST") && createPath().match(operation.path).hasMatch() &&
           (operation.params.contains(QLatin1String("archive")) ||
            operation.params.contains(QLatin1String("restore")));
}

QString ShellOperationGuard::onNode(const QString &path, const QString &node)
{
    static const QRegularExpression nodeSegment(QStringLiteral("^/nodes/[^/]+"));
    QString placed = path;
    return placed.replace(nodeSegment, QStringLiteral("/nodes/") + node);
}

void ShellOperationGuard::place(std::function<void(Result<Placement>)> done) const
{
    ProxmoxClient *client = m_client;
    client->get(QStringLiteral("/cluster/resources"),
                {{QStringLiteral("type"), QStringLiteral("vm")}},
                [client, done](const ProxmoxResult &resources) {
                    if (!std::holds_alternative<ProxmoxReply>(resources)) {
                        done(Error{ErrorCode::Unavailable,
                                   QStringLiteral("Nothing was run: could not read the cluster's "
                                                  "guests from Proxmox: %1")
                                       .arg(failure(resources))});
                        return;
                    }
                    auto placement = std::make_shared<Placement>();
                    for (const QJsonValue &row : std::get<ProxmoxReply>(resources).data.toArray()) {
                        const QJsonObject guest = row.toObject();
                        placement->nodes.insert(guest.value(QLatin1String("vmid")).toInteger(),
                                                guest.value(QLatin1String("node")).toString());
                    }
                    client->get(QStringLiteral("/cluster/status"), {},
                                [placement, done](const ProxmoxResult &status) {
                                    if (std::holds_alternative<ProxmoxReply>(status)) {
                                        for (const QJsonValue &row :
                                             std::get<ProxmoxReply>(status).data.toArray()) {
                                            const QJsonObject entry = row.toObject();
                                            if (entry.value(QLatin1String("type")).toString() ==
                                                    QLatin1String("node") &&
                                                entry.value(QLatin1String("local")).toInt() == 1)
                                                placement->local =
                                                    entry.value(QLatin1String("name")).toString();
                                        }
                                    }
                                    done(*placement);
                                });
                });
}

void ShellOperationGuard::plan(const ApiOperation &operation, PlanDone done) const
{
    ProxmoxClient *client = m_client;
    place([client, operation, done](Result<Placement> placed) {
        if (!placed.ok()) {
            done(placed.error());
            return;
        }
        const Placement &placement = placed.value();
        const Guest guest = guestOf(operation);
        const bool existing = guest.vmid > 0 && placement.nodes.contains(guest.vmid);
        const bool onGuest = guestPath().match(operation.path).hasMatch();
        if (onGuest && !existing) {
            done(Error{ErrorCode::NotFound,
                       QStringLiteral("Nothing was run: there is no guest %1 in the cluster.")
                           .arg(guest.vmid)});
            return;
        }
        // A guest's operation runs on its node; anything else on the node the target answers for.
        const QString node = onGuest                     ? placement.nodes.value(guest.vmid)
                             : placement.local.isEmpty() ? QStringLiteral("localhost")
                                                         : placement.local;
        ProxmoxRequest request;
        request.method = operation.method.toUpper().toLatin1();
        request.path = operation.path.startsWith(QLatin1String("/nodes/"))
                           ? onNode(operation.path, node)
                           : operation.path;
        request.params = operation.params;
        const ApiOperation placedOperation{operation.method, request.path, operation.params};
        const auto finish = [request, placedOperation, done](const QJsonObject &affects) {
            Plan plan;
            plan.request = request;
            plan.affects = affects;
            plan.what = ConfirmationGate::describe(request, affects);
            if (refusesProtected(placedOperation) &&
                affects.value(QLatin1String("protection")).toBool())
                plan.refusal = ConfirmationGate::protectedRefusal(affects);
            done(plan);
        };
        // Only a guest's own operations (and a restore over an existing guest) read its facts,
        // as the typed tools do.
        if (!existing || (!onGuest && !refusesProtected(operation))) {
            finish({});
            return;
        }
        GuestFacts::fetch(client, placement.nodes.value(guest.vmid), guest.type, guest.vmid,
                          [finish, done](Result<QJsonObject> facts) {
                              if (!facts.ok()) {
                                  done(Error{facts.error().code,
                                             QStringLiteral("Nothing was run: could not read what "
                                                            "it affects: %1")
                                                 .arg(facts.error().message)});
                                  return;
                              }
                              finish(facts.value());
                          });
    });
}

void ShellOperationGuard::changedUris(const QList<ApiOperation> &operations,
                                      std::function<void(QStringList)> done) const
{
    if (operations.isEmpty()) {
        done({});
        return;
    }
    const QString target = m_target;
    place([operations, target, done](Result<Placement> placed) {
        QStringList uris{ProxmoxResources::clusterResourcesUri(target)};
        if (placed.ok()) {
            for (const ApiOperation &operation : operations) {
                const Guest guest = guestOf(operation);
                const QString node = placed.value().nodes.value(guest.vmid);
                if (guest.vmid <= 0 || node.isEmpty())
                    continue;
                const QString uri =
                    ProxmoxResources::guestConfigUri(target, node, guest.type, guest.vmid);
                if (!uris.contains(uri))
                    uris.append(uri);
            }
        }
        done(uris);
    });
}

} // namespace pmcp
