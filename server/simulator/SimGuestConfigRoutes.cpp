#include "server/simulator/SimGuestConfigRoutes.h"

#include "server/simulator/SimGuestRoutes.h"
#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pmcp {

namespace {

SimResult getConfig(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    QJsonObject config = found.value()->config;
    config.insert(QStringLiteral("digest"), SimState::digest(found.value()->config));
    return SimResult::ok(config);
}

// Applies the change now; the error (digest, lock, unknown key to delete) or nothing.
Result<void> applyConfig(SimCall &call, SimGuest &guest)
{
    const QString digest = call.str(QStringLiteral("digest"));
    if (!digest.isEmpty() && digest != SimState::digest(guest.config))
        return Error{ErrorCode::Conflict,
                     QStringLiteral("detected modified configuration - file changed by other "
                                    "user? Try again.")};
    if (!call.flag(QStringLiteral("skiplock"))) {
        if (auto lock = SimGuestRoutes::checkLock(guest); !lock)
            return lock;
    }
    const QJsonObject changes =
        SimGuestRoutes::allocateDisks(SimGuestRoutes::configFromParams(call), guest.vmid);
    for (const QString &key :
         call.str(QStringLiteral("delete"))
             .split(QRegularExpression(QStringLiteral("[,;\\s]")), Qt::SkipEmptyParts)) {
        if (changes.contains(key))
            return Error::invalid(
                QStringLiteral("%1: can't set and delete the same option").arg(key));
        guest.config.remove(key);
    }
    for (auto it = changes.begin(); it != changes.end(); ++it)
        guest.config.insert(it.key(), it.value());
    call.state.syncDiskVolumes(guest);
    return {};
}

SimResult putConfig(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    if (auto applied = applyConfig(call, *found.value()); !applied)
        return SimResult::fail(500, applied.error().message);
    return SimResult::ok();
}

// POST …/config: the same change, made by a worker (qmconfig) as Proxmox does.
SimResult postConfig(SimCall &call)
{
    auto found = SimGuestRoutes::find(call, QStringLiteral("qemu"));
    if (!found)
        return SimResult::fail(500, found.error().message);
    auto applied = applyConfig(call, *found.value());
    SimTasks::Spec spec;
    spec.node = call.node();
    spec.type = QStringLiteral("qmconfig");
    spec.id = QString::number(call.vmid());
    spec.authId = call.authId;
    spec.durationMs = 500;
    spec.work = [applied]() -> Result<QStringList> {
        if (!applied)
            return applied.error();
        return QStringList();
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

qint64 parseGiB(const QString &text, bool *ok)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+(?:\\.\\d+)?)([KMGT]?)$"));
    const auto m = re.match(text);
    *ok = m.hasMatch();
    const double v = m.captured(1).toDouble();
    const QString u = m.captured(2);
    const double gib = u == QLatin1String("T")   ? v * 1024
                       : u == QLatin1String("M") ? v / 1024
                       : u == QLatin1String("K") ? v / 1024 / 1024
                       : u.isEmpty()             ? v / 1024 / 1024 / 1024
                                                 : v;
    return static_cast<qint64>(gib + 0.999);
}

SimResult resize(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    SimGuest &guest = *found.value();
    const QString disk = call.str(QStringLiteral("disk"));
    const QString spec = guest.config.value(disk).toString();
    static const QRegularExpression sizeRe(QStringLiteral("size=(\\d+)G"));
    const auto current = sizeRe.match(spec);
    if (spec.isEmpty() || !current.hasMatch())
        return SimResult::fail(500, QStringLiteral("disk '%1' does not exist").arg(disk));
    QString size = call.str(QStringLiteral("size"));
    const bool relative = size.startsWith(u'+');
    bool ok = false;
    const qint64 amount = parseGiB(relative ? size.mid(1) : size, &ok);
    if (!ok)
        return SimResult::paramError(QStringLiteral("size"),
                                     QStringLiteral("value does not match the regex pattern"));
    const qint64 oldGiB = current.captured(1).toLongLong();
    const qint64 newGiB = relative ? oldGiB + amount : amount;
    if (newGiB < oldGiB)
        return SimResult::fail(500, QStringLiteral("shrinking disks is not supported"));
    QString updated = spec;
    updated.replace(current.captured(0), QStringLiteral("size=%1G").arg(newGiB));
    guest.config.insert(disk, updated);
    call.state.syncDiskVolumes(guest);
    if (type == QLatin1String("lxc"))
        return SimResult::ok(call.tasks.start({call.node(),
                                               QStringLiteral("resize"),
                                               QString::number(guest.vmid),
                                               call.authId,
                                               1000,
                                               {},
                                               {},
                                               {}}));
    return SimResult::ok();
}

} // namespace

void SimGuestConfigRoutes::install(SimRouter &router)
{
    for (const QString &type : {QStringLiteral("qemu"), QStringLiteral("lxc")}) {
        const QString base = QStringLiteral("/nodes/{node}/") + type + QStringLiteral("/{vmid}");
        router.add("GET", base + QStringLiteral("/config"),
                   [type](SimCall &c) { return getConfig(c, type); });
        router.add("PUT", base + QStringLiteral("/config"),
                   [type](SimCall &c) { return putConfig(c, type); });
        router.add("PUT", base + QStringLiteral("/resize"),
                   [type](SimCall &c) { return resize(c, type); });
    }
    router.add("POST", QStringLiteral("/nodes/{node}/qemu/{vmid}/config"), postConfig);
}

} // namespace pmcp
