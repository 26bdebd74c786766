#include "server/simulator/SimSnapshotRoutes.h"

#include "server/simulator/SimGuestRoutes.h"
#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace pmcp {

namespace {

SimSnapshot *findSnapshot(SimGuest &guest, const QString &name)
{
    for (SimSnapshot &s : guest.snapshots) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

SimResult listSnapshots(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    const SimGuest &guest = *found.value();
    QJsonArray rows;
    for (const SimSnapshot &s : guest.snapshots) {
        QJsonObject row{{QStringLiteral("name"), s.name},
                        {QStringLiteral("description"), s.description},
                        {QStringLiteral("snaptime"), s.snaptime}};
        if (!s.parent.isEmpty())
            row.insert(QStringLiteral("parent"), s.parent);
        if (guest.isQemu())
            row.insert(QStringLiteral("vmstate"), s.vmstate ? 1 : 0);
        rows.append(row);
    }
    QJsonObject current{{QStringLiteral("name"), QStringLiteral("current")},
                        {QStringLiteral("description"), QStringLiteral("You are here!")},
                        {QStringLiteral("digest"), SimState::digest(guest.config)}};
    if (!guest.parentSnapshot.isEmpty())
        current.insert(QStringLiteral("parent"), guest.parentSnapshot);
    if (guest.isQemu())
        current.insert(QStringLiteral("running"), guest.running ? 1 : 0);
    rows.append(current);
    return SimResult::ok(rows);
}

SimTasks::Spec taskFor(SimCall &call, const QString &type, const QString &what, int durationMs)
{
    SimTasks::Spec spec;
    spec.node = call.node();
    spec.type = SimGuestRoutes::taskPrefix(type) + what;
    spec.id = QString::number(call.vmid());
    spec.authId = call.authId;
    spec.durationMs = durationMs;
    SimState *state = &call.state;
    const int vmid = call.vmid();
    spec.cleanup = [state, vmid] {
        if (SimGuest *g = state->guest(vmid))
            g->config.remove(QStringLiteral("lock"));
    };
    return spec;
}

SimResult createSnapshot(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    SimGuest &guest = *found.value();
    const QString name = call.str(QStringLiteral("snapname"));
    static const QRegularExpression valid(QStringLiteral("^[a-zA-Z][a-zA-Z0-9_\\-]{1,39}$"));
    if (!valid.match(name).hasMatch() || name == QLatin1String("current"))
        return SimResult::paramError(QStringLiteral("snapname"),
                                     QStringLiteral("invalid format - invalid configuration ID "
                                                    "'%1'")
                                         .arg(name));
    if (findSnapshot(guest, name))
        return SimResult::fail(500, QStringLiteral("snapshot name '%1' already used").arg(name));
    if (auto lock = SimGuestRoutes::checkLock(guest); !lock)
        return SimResult::fail(500, lock.error().message);
    guest.config.insert(QStringLiteral("lock"), QStringLiteral("snapshot"));
    SimSnapshot snap;
    snap.name = name;
    snap.description = call.str(QStringLiteral("description"));
    snap.vmstate = call.flag(QStringLiteral("vmstate")) && guest.running;
    SimState *state = &call.state;
    const int vmid = guest.vmid;
    SimTasks::Spec spec = taskFor(call, type, QStringLiteral("snapshot"), 3000);
    if (snap.vmstate)
        spec.log = {QStringLiteral("saving VM state and RAM using storage 'local-lvm'"),
                    QStringLiteral("completed saving the VM state in 2s, saved 1.02 GiB")};
    spec.work = [state, vmid, snap]() mutable -> Result<QStringList> {
        SimGuest *g = state->guest(vmid);
        if (!g)
            return Error::notFound(QStringLiteral("guest %1 vanished").arg(vmid));
        snap.parent = g->parentSnapshot;
        snap.snaptime = QDateTime::currentSecsSinceEpoch();
        snap.config = g->config;
        snap.config.remove(QStringLiteral("lock"));
        g->snapshots.append(snap);
        g->parentSnapshot = snap.name;
        return QStringList();
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

SimResult deleteSnapshot(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    SimGuest &guest = *found.value();
    const QString name = call.str(QStringLiteral("snapname"));
    if (!findSnapshot(guest, name))
        return SimResult::fail(500, QStringLiteral("snapshot '%1' does not exist").arg(name));
    if (auto lock = SimGuestRoutes::checkLock(guest); !lock && !call.flag(QStringLiteral("force")))
        return SimResult::fail(500, lock.error().message);
    guest.config.insert(QStringLiteral("lock"), QStringLiteral("snapshot-delete"));
    SimState *state = &call.state;
    const int vmid = guest.vmid;
    SimTasks::Spec spec = taskFor(call, type, QStringLiteral("delsnapshot"), 2000);
    spec.work = [state, vmid, name]() -> Result<QStringList> {
        SimGuest *g = state->guest(vmid);
        SimSnapshot *gone = g ? findSnapshot(*g, name) : nullptr;
        if (!gone)
            return Error::notFound(QStringLiteral("snapshot '%1' does not exist").arg(name));
        const QString parent = gone->parent;
        for (SimSnapshot &s : g->snapshots) {
            if (s.parent == name)
                s.parent = parent;
        }
        if (g->parentSnapshot == name)
            g->parentSnapshot = parent;
        g->snapshots.removeIf([&](const SimSnapshot &s) { return s.name == name; });
        return QStringList();
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

SimResult rollback(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    SimGuest &guest = *found.value();
    const QString name = call.str(QStringLiteral("snapname"));
    if (!findSnapshot(guest, name))
        return SimResult::fail(500, QStringLiteral("snapshot '%1' does not exist").arg(name));
    if (auto lock = SimGuestRoutes::checkLock(guest); !lock)
        return SimResult::fail(500, lock.error().message);
    guest.config.insert(QStringLiteral("lock"), QStringLiteral("rollback"));
    SimState *state = &call.state;
    const int vmid = guest.vmid;
    const bool start = call.flag(QStringLiteral("start"));
    SimTasks::Spec spec = taskFor(call, type, QStringLiteral("rollback"), 4000);
    spec.work = [state, vmid, name, start]() -> Result<QStringList> {
        SimGuest *g = state->guest(vmid);
        SimSnapshot *snap = g ? findSnapshot(*g, name) : nullptr;
        if (!snap)
            return Error::notFound(QStringLiteral("snapshot '%1' does not exist").arg(name));
        g->config = snap->config;
        g->parentSnapshot = name;
        g->running = (snap->vmstate || start);
        g->paused = false;
        if (g->running)
            g->startedAt = QDateTime::currentSecsSinceEpoch();
        state->syncDiskVolumes(*g);
        return QStringList();
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

} // namespace

void SimSnapshotRoutes::install(SimRouter &router)
{
    for (const QString &type : {QStringLiteral("qemu"), QStringLiteral("lxc")}) {
        const QString base =
            QStringLiteral("/nodes/{node}/") + type + QStringLiteral("/{vmid}/snapshot");
        router.add("GET", base, [type](SimCall &c) { return listSnapshots(c, type); });
        router.add("POST", base, [type](SimCall &c) { return createSnapshot(c, type); });
        router.add("DELETE", base + QStringLiteral("/{snapname}"),
                   [type](SimCall &c) { return deleteSnapshot(c, type); });
        router.add("POST", base + QStringLiteral("/{snapname}/rollback"),
                   [type](SimCall &c) { return rollback(c, type); });
    }
}

} // namespace pmcp
