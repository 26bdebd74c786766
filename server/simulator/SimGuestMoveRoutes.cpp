#include "server/simulator/SimGuestMoveRoutes.h"

#include "server/simulator/SimGuestRoutes.h"
#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"

#include <QRegularExpression>
#include <QUuid>

namespace pmcp {

namespace {

// The source's disks as new disks of the same sizes ("local-lvm:32") for allocateDisks.
QJsonObject copyConfig(const SimGuest &source, const QString &storage)
{
    static const QRegularExpression disk(
        QStringLiteral("^([a-zA-Z0-9\\-_.]+):(?:base|vm)-\\d+-disk-\\d+(.*),size=(\\d+)G(.*)$"));
    QJsonObject config = source.config;
    config.remove(QStringLiteral("lock"));
    config.remove(QStringLiteral("template"));
    config.remove(QStringLiteral("protection"));
    for (auto it = config.begin(); it != config.end(); ++it) {
        const auto m = disk.match(it.value().toString());
        if (m.hasMatch())
            *it = QStringLiteral("%1:%2%3%4")
                      .arg(storage.isEmpty() ? m.captured(1) : storage, m.captured(3),
                           m.captured(2), m.captured(4));
    }
    if (source.isQemu())
        config.insert(QStringLiteral("smbios1"),
                      QStringLiteral("uuid=") + QUuid::createUuid().toString(QUuid::WithoutBraces));
    return config;
}

Result<QString> targetNode(SimCall &call, const QString &target)
{
    if (target.isEmpty())
        return call.node();
    const SimNode *node = call.state.node(target);
    if (!node)
        return Error::invalid(QStringLiteral("no such cluster node '%1'").arg(target));
    if (!node->online)
        return Error::invalid(QStringLiteral("target node '%1' is offline").arg(target));
    return target;
}

SimResult cloneGuest(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    const SimGuest &source = *found.value();
    const int newid = static_cast<int>(call.integer(QStringLiteral("newid")));
    const QString nameKey =
        type == QLatin1String("qemu") ? QStringLiteral("name") : QStringLiteral("hostname");
    if (call.state.guest(newid))
        return SimResult::fail(500, QStringLiteral("unable to create %1: config file already "
                                                   "exists")
                                        .arg(SimGuestRoutes::label(type, newid)));
    auto node = targetNode(call, call.str(QStringLiteral("target")));
    if (!node)
        return SimResult::paramError(QStringLiteral("target"), node.error().message);
    SimGuest clone;
    clone.vmid = newid;
    clone.type = type;
    clone.node = node.value();
    clone.config = SimGuestRoutes::allocateDisks(
        copyConfig(source, call.str(QStringLiteral("storage"))), newid);
    clone.config.insert(nameKey,
                        call.str(type == QLatin1String("qemu") ? QStringLiteral("name")
                                                               : QStringLiteral("hostname"),
                                 QStringLiteral("Copy-of-VM-") + source.name()));
    clone.config.insert(QStringLiteral("lock"), QStringLiteral("clone"));
    call.state.addGuest(clone);
    SimState *state = &call.state;
    SimTasks::Spec spec;
    spec.node = call.node();
    spec.type =
        type == QLatin1String("qemu") ? QStringLiteral("qmclone") : QStringLiteral("vzclone");
    spec.id = QString::number(source.vmid);
    spec.authId = call.authId;
    spec.durationMs = 8000;
    spec.log = {
        QStringLiteral("create full clone of drive scsi0 (%1)")
            .arg(source.config.value(QStringLiteral("scsi0")).toString().section(u',', 0, 0)),
        QStringLiteral("transferred 32.0 GiB of 32.0 GiB (100.00%)")};
    spec.cleanup = [state, newid] {
        if (SimGuest *g = state->guest(newid))
            g->config.remove(QStringLiteral("lock"));
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

Result<void> checkMigration(SimCall &call, const SimGuest &guest, const QString &target)
{
    if (target == guest.node)
        return Error::invalid(QStringLiteral("target is local node."));
    if (auto node = targetNode(call, target); !node)
        return node.error();
    if (auto lock = SimGuestRoutes::checkLock(guest); !lock)
        return lock;
    if (guest.running && guest.isQemu() && !call.flag(QStringLiteral("online")))
        return Error::invalid(QStringLiteral("can't migrate running VM without --online"));
    if (guest.running && !guest.isQemu() && !call.flag(QStringLiteral("restart")))
        return Error::invalid(QStringLiteral("lxc live migration is currently not implemented"));
    return {};
}

SimResult migrateGuest(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    SimGuest &guest = *found.value();
    const QString target = call.str(QStringLiteral("target"));
    if (auto ok = checkMigration(call, guest, target); !ok)
        return SimResult::fail(500, ok.error().message);
    guest.config.insert(QStringLiteral("lock"), QStringLiteral("migrate"));
    SimState *state = &call.state;
    const int vmid = guest.vmid;
    SimTasks::Spec spec;
    spec.node = call.node();
    spec.type =
        type == QLatin1String("qemu") ? QStringLiteral("qmigrate") : QStringLiteral("vzmigrate");
    spec.id = QString::number(vmid);
    spec.authId = call.authId;
    spec.durationMs = guest.running ? 15000 : 6000;
    spec.log = {QStringLiteral("starting migration of %1 to node '%2'")
                    .arg(SimGuestRoutes::label(type, vmid), target),
                QStringLiteral("migration finished successfully")};
    spec.work = [state, vmid, target]() -> Result<QStringList> {
        SimGuest *g = state->guest(vmid);
        if (!g)
            return Error::notFound(QStringLiteral("guest %1 vanished").arg(vmid));
        g->node = target;
        state->syncDiskVolumes(*g);
        return QStringList();
    };
    spec.cleanup = [state, vmid] {
        if (SimGuest *g = state->guest(vmid))
            g->config.remove(QStringLiteral("lock"));
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

} // namespace

void SimGuestMoveRoutes::install(SimRouter &router)
{
    for (const QString &type : {QStringLiteral("qemu"), QStringLiteral("lxc")}) {
        const QString base = QStringLiteral("/nodes/{node}/") + type + QStringLiteral("/{vmid}");
        router.add("POST", base + QStringLiteral("/clone"),
                   [type](SimCall &c) { return cloneGuest(c, type); });
        router.add("POST", base + QStringLiteral("/migrate"),
                   [type](SimCall &c) { return migrateGuest(c, type); });
    }
}

} // namespace pmcp
