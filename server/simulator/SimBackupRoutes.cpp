#include "server/simulator/SimBackupRoutes.h"

#include "server/simulator/SimGuestRoutes.h"
#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"

#include <QDateTime>
#include <QRegularExpression>

namespace pmcp {

namespace {

struct BackupPlan {
    QString node;
    QString storage;
    QString mode;
    QString compress;
    QString notesTemplate;
    bool isProtected = false;
    QList<int> vmids;
};

Result<QList<int>> guestsToBackUp(SimCall &call)
{
    QList<int> vmids;
    if (call.flag(QStringLiteral("all"))) {
        for (const SimGuest &g : call.state.guests()) {
            if (g.node == call.node() && !g.isTemplate())
                vmids.append(g.vmid);
        }
        return vmids;
    }
    for (const QString &id :
         call.str(QStringLiteral("vmid"))
             .split(QRegularExpression(QStringLiteral("[,;\\s]")), Qt::SkipEmptyParts)) {
        const SimGuest *guest = call.state.guest(id.toInt());
        if (!guest || guest->node != call.node())
            return Error::invalid(
                QStringLiteral("guest(s) %1 not found on node '%2'").arg(id, call.node()));
        vmids.append(guest->vmid);
    }
    if (vmids.isEmpty())
        return Error::invalid(QStringLiteral("No guests selected"));
    return vmids;
}

QString extension(const SimGuest &guest, const QString &compress)
{
    const QString base = guest.isQemu() ? QStringLiteral("vma") : QStringLiteral("tar");
    if (compress == QLatin1String("0") || compress.isEmpty())
        return base;
    if (compress == QLatin1String("gzip"))
        return base + QStringLiteral(".gz");
    if (compress == QLatin1String("lzo"))
        return base + QStringLiteral(".lzo");
    return base + QStringLiteral(".zst");
}

void addBackup(SimState &state, const BackupPlan &plan, const SimGuest &guest, QStringList &log)
{
    const QDateTime now = QDateTime::currentDateTime();
    SimVolume volume;
    volume.storage = plan.storage;
    volume.node = plan.node;
    volume.content = QStringLiteral("backup");
    volume.format = extension(guest, plan.compress);
    volume.volid = QStringLiteral("%1:backup/vzdump-%2-%3-%4.%5")
                       .arg(plan.storage, guest.type, QString::number(guest.vmid),
                            now.toString(QStringLiteral("yyyy_MM_dd-HH_mm_ss")), volume.format);
    volume.size = std::max<qint64>(guest.maxDiskBytes() / 5, 64 * 1024 * 1024);
    volume.ctime = now.toSecsSinceEpoch();
    volume.vmid = guest.vmid;
    volume.guestType = guest.type;
    volume.guestConfig = guest.config;
    volume.guestConfig.remove(QStringLiteral("lock"));
    volume.notes = QString(plan.notesTemplate)
                       .replace(QLatin1String("{{guestname}}"), guest.name())
                       .replace(QLatin1String("{{vmid}}"), QString::number(guest.vmid));
    state.addVolume(volume);
    log << QStringLiteral("INFO: Starting Backup of VM %1 (%2)").arg(guest.vmid).arg(guest.type)
        << QStringLiteral("INFO: creating vzdump archive '%1'").arg(volume.volid)
        << QStringLiteral("INFO: Finished Backup of VM %1 (00:00:12)").arg(guest.vmid);
}

SimResult vzdump(SimCall &call)
{
    BackupPlan plan;
    plan.node = call.node();
    plan.storage = call.str(QStringLiteral("storage"), QStringLiteral("local"));
    plan.mode = call.str(QStringLiteral("mode"), QStringLiteral("snapshot"));
    plan.compress = call.str(QStringLiteral("compress"), QStringLiteral("zstd"));
    plan.notesTemplate =
        call.str(QStringLiteral("notes-template"), QStringLiteral("{{guestname}}"));
    const SimStorage *storage = call.state.storage(plan.storage);
    if (!storage)
        return SimResult::paramError(
            QStringLiteral("storage"),
            QStringLiteral("storage '%1' does not exist").arg(plan.storage));
    if (!storage->content.contains(QLatin1String("backup")))
        return SimResult::fail(
            500, QStringLiteral("storage '%1' does not support backups").arg(plan.storage));
    auto vmids = guestsToBackUp(call);
    if (!vmids)
        return SimResult::fail(500, vmids.error().message);
    plan.vmids = vmids.value();
    for (int vmid : plan.vmids) {
        SimGuest *guest = call.state.guest(vmid);
        if (auto lock = SimGuestRoutes::checkLock(*guest); !lock)
            return SimResult::fail(500, lock.error().message);
    }
    for (int vmid : plan.vmids)
        call.state.guest(vmid)->config.insert(QStringLiteral("lock"), QStringLiteral("backup"));
    SimState *state = &call.state;
    SimTasks::Spec spec;
    spec.node = plan.node;
    spec.type = QStringLiteral("vzdump");
    spec.id = plan.vmids.size() == 1 && !call.flag(QStringLiteral("all"))
                  ? QString::number(plan.vmids.first())
                  : QString();
    spec.authId = call.authId;
    spec.durationMs = 15000 * static_cast<int>(plan.vmids.size());
    spec.log = {QStringLiteral("INFO: starting new backup job: vzdump %1 --mode %2 --storage %3 "
                               "--compress %4 --node %5")
                    .arg(call.str(QStringLiteral("vmid")), plan.mode, plan.storage, plan.compress,
                         plan.node)};
    spec.work = [state, plan]() -> Result<QStringList> {
        QStringList log;
        for (int vmid : plan.vmids) {
            if (const SimGuest *g = state->guest(vmid))
                addBackup(*state, plan, *g, log);
        }
        log << QStringLiteral("INFO: Backup finished at %1")
                   .arg(
                       QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
            << QStringLiteral("INFO: Backup job finished successfully");
        return log;
    };
    spec.cleanup = [state, plan] {
        for (int vmid : plan.vmids) {
            if (SimGuest *g = state->guest(vmid))
                g->config.remove(QStringLiteral("lock"));
        }
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

} // namespace

void SimBackupRoutes::install(SimRouter &router)
{
    router.add("POST", QStringLiteral("/nodes/{node}/vzdump"), vzdump);
}

} // namespace pmcp
