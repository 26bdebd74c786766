#include "server/simulator/SimGuestCreateRoutes.h"

#include "server/simulator/SimGuestRoutes.h"
#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

namespace pmcp {

namespace {

QString osTypeOf(const QString &templateVolid)
{
    for (const char *os : {"ubuntu", "alpine", "centos", "fedora", "archlinux", "rockylinux"}) {
        if (templateVolid.contains(QLatin1String(os)))
            return QString::fromLatin1(os);
    }
    return QStringLiteral("debian");
}

QJsonObject defaults(const QString &type, const QString &ostemplate)
{
    if (type == QLatin1String("qemu"))
        return {{QStringLiteral("memory"), 2048},
                {QStringLiteral("cores"), 1},
                {QStringLiteral("sockets"), 1},
                {QStringLiteral("ostype"), QStringLiteral("l26")},
                {QStringLiteral("scsihw"), QStringLiteral("virtio-scsi-single")},
                {QStringLiteral("boot"), QStringLiteral("order=scsi0;ide2;net0")},
                {QStringLiteral("meta"), QStringLiteral("creation-qemu=9.2.0,ctime=%1")
                                             .arg(QDateTime::currentSecsSinceEpoch())},
                {QStringLiteral("vmgenid"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                {QStringLiteral("smbios1"),
                 QStringLiteral("uuid=") + QUuid::createUuid().toString(QUuid::WithoutBraces)}};
    return {{QStringLiteral("memory"), 512},
            {QStringLiteral("swap"), 512},
            {QStringLiteral("cores"), 1},
            {QStringLiteral("arch"), QStringLiteral("amd64")},
            {QStringLiteral("ostype"), osTypeOf(ostemplate)},
            {QStringLiteral("unprivileged"), 1},
            {QStringLiteral("rootfs"), QStringLiteral("local-lvm:8")}};
}

// Disks of a restored configuration become new disks of the same size for the new vmid.
QJsonObject reallocate(QJsonObject config)
{
    static const QRegularExpression disk(
        QStringLiteral("^([a-zA-Z0-9\\-_.]+):(?:base|vm)-\\d+-disk-\\d+(.*),size=(\\d+)G(.*)$"));
    for (auto it = config.begin(); it != config.end(); ++it) {
        const auto m = disk.match(it.value().toString());
        if (m.hasMatch())
            *it = QStringLiteral("%1:%2%3%4")
                      .arg(m.captured(1), m.captured(3), m.captured(2), m.captured(4));
    }
    return config;
}

// The configuration the new guest gets, or why there is none.
Result<QJsonObject> newConfig(SimCall &call, const QString &type, bool restore)
{
    const QString archive = type == QLatin1String("qemu") ? call.str(QStringLiteral("archive"))
                                                          : call.str(QStringLiteral("ostemplate"));
    QJsonObject config = defaults(type, archive);
    if (restore) {
        const SimVolume *backup = call.state.volume(call.node(), archive);
        if (!backup || backup->content != QLatin1String("backup"))
            return Error::notFound(QStringLiteral("volume '%1' does not exist").arg(archive));
        config = backup->guestConfig.isEmpty() ? config : reallocate(backup->guestConfig);
    } else if (type == QLatin1String("lxc")) {
        const SimVolume *tmpl = call.state.volume(call.node(), archive);
        if (!tmpl)
            return Error::notFound(QStringLiteral("volume '%1' does not exist").arg(archive));
        config.insert(QStringLiteral("hostname"), QStringLiteral("CT%1").arg(call.vmid()));
    }
    const QJsonObject given = SimGuestRoutes::configFromParams(call);
    for (auto it = given.begin(); it != given.end(); ++it)
        config.insert(it.key(), it.value());
    return SimGuestRoutes::allocateDisks(config, call.vmid());
}

SimResult createGuest(SimCall &call, const QString &type)
{
    const bool restore = type == QLatin1String("qemu") ? call.has(QStringLiteral("archive"))
                                                       : call.flag(QStringLiteral("restore"));
    const int vmid = call.vmid();
    const QString who = SimGuestRoutes::label(type, vmid);
    if (SimGuest *existing = call.state.guest(vmid)) {
        if (!restore || !call.flag(QStringLiteral("force")))
            return SimResult::fail(500, QStringLiteral("unable to create %1: config file already "
                                                       "exists")
                                            .arg(who));
        if (existing->running)
            return SimResult::fail(500,
                                   QStringLiteral("unable to restore %1 - %1 is running").arg(who));
        if (existing->node != call.node() || existing->type != type)
            return SimResult::fail(500, QStringLiteral("unable to restore %1 - %1 already exists "
                                                       "on node '%2'")
                                            .arg(who, existing->node));
    }
    auto config = newConfig(call, type, restore);
    if (!config)
        return SimResult::fail(500, config.error().message);
    SimGuest guest;
    guest.vmid = vmid;
    guest.type = type;
    guest.node = call.node();
    guest.config = config.value();
    guest.config.insert(QStringLiteral("lock"), QStringLiteral("create"));
    call.state.removeGuest(vmid);
    call.state.addGuest(guest);
    SimState *state = &call.state;
    const bool startAfter = call.flag(QStringLiteral("start"));
    SimTasks::Spec spec;
    spec.node = call.node();
    spec.type = restore ? SimGuestRoutes::taskPrefix(type) + QStringLiteral("restore")
                        : SimGuestRoutes::taskPrefix(type) + QStringLiteral("create");
    spec.id = QString::number(vmid);
    spec.authId = call.authId;
    spec.durationMs = restore ? 12000 : 3000;
    if (restore) {
        const QString archive = type == QLatin1String("qemu")
                                    ? call.str(QStringLiteral("archive"))
                                    : call.str(QStringLiteral("ostemplate"));
        spec.log =
            QStringList{QStringLiteral("restore vma archive: %1").arg(archive),
                        QStringLiteral("progress 100% (read 34359738368 bytes, duration 11 sec)"),
                        QStringLiteral("rescan volumes...")};
    }
    spec.work = [state, vmid, startAfter]() -> Result<QStringList> {
        if (SimGuest *g = state->guest(vmid)) {
            g->config.remove(QStringLiteral("lock"));
            if (startAfter) {
                g->running = true;
                g->startedAt = QDateTime::currentSecsSinceEpoch();
                g->pid = static_cast<int>(QRandomGenerator::global()->bounded(2000, 4000000));
            }
        }
        return QStringList();
    };
    spec.cleanup = [state, vmid] {
        if (SimGuest *g = state->guest(vmid))
            g->config.remove(QStringLiteral("lock"));
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

SimResult destroyGuest(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    SimGuest *guest = found.value();
    const QString who = SimGuestRoutes::label(type, guest->vmid);
    if (guest->config.value(QStringLiteral("protection")).toInt() == 1)
        return SimResult::fail(
            500, QStringLiteral("can't remove %1 - protection mode enabled").arg(who));
    if (auto lock = SimGuestRoutes::checkLock(*guest);
        !lock && !call.flag(QStringLiteral("skiplock")))
        return SimResult::fail(500, lock.error().message);
    if (guest->running)
        return SimResult::fail(500, QStringLiteral("%1 is running - destroy failed").arg(who));
    const bool purge = call.flag(QStringLiteral("purge"));
    if (guest->haManaged && !purge)
        return SimResult::fail(500, QStringLiteral("unable to remove %1 - used in HA resources "
                                                   "and purge parameter not set.")
                                        .arg(who));
    SimState *state = &call.state;
    const int vmid = guest->vmid;
    SimTasks::Spec spec;
    spec.node = call.node();
    spec.type = SimGuestRoutes::taskPrefix(type) + QStringLiteral("destroy");
    spec.id = QString::number(vmid);
    spec.authId = call.authId;
    spec.durationMs = 2000;
    spec.log = {QStringLiteral("Removing image: 100% complete...done.")};
    guest->config.insert(QStringLiteral("lock"), QStringLiteral("destroyed"));
    spec.work = [state, vmid, purge]() -> Result<QStringList> {
        state->removeGuest(vmid);
        if (purge) {
            for (auto job = state->backupJobs().begin(); job != state->backupJobs().end(); ++job) {
                QJsonObject o = job->toObject();
                QStringList ids = o.value(QStringLiteral("vmid")).toString().split(u',');
                ids.removeAll(QString::number(vmid));
                o.insert(QStringLiteral("vmid"), ids.join(u','));
                *job = o;
            }
        }
        return purge ? QStringList{QStringLiteral("purging VM %1 from related configurations..")
                                       .arg(vmid)}
                     : QStringList();
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

} // namespace

void SimGuestCreateRoutes::install(SimRouter &router)
{
    for (const QString &type : {QStringLiteral("qemu"), QStringLiteral("lxc")}) {
        const QString base = QStringLiteral("/nodes/{node}/") + type;
        router.add("POST", base, [type](SimCall &c) { return createGuest(c, type); });
        router.add("DELETE", base + QStringLiteral("/{vmid}"),
                   [type](SimCall &c) { return destroyGuest(c, type); });
    }
}

} // namespace pmcp
