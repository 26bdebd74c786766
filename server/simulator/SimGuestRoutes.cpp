#include "server/simulator/SimGuestRoutes.h"

#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"
#include "server/simulator/SimViews.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace pmcp {

namespace {

const QStringList &controlParams()
{
    static const QStringList names{QStringLiteral("node"),
                                   QStringLiteral("vmid"),
                                   QStringLiteral("archive"),
                                   QStringLiteral("force"),
                                   QStringLiteral("start"),
                                   QStringLiteral("storage"),
                                   QStringLiteral("unique"),
                                   QStringLiteral("restore"),
                                   QStringLiteral("ostemplate"),
                                   QStringLiteral("password"),
                                   QStringLiteral("ssh-public-keys"),
                                   QStringLiteral("pool"),
                                   QStringLiteral("digest"),
                                   QStringLiteral("delete"),
                                   QStringLiteral("skiplock"),
                                   QStringLiteral("background_delay"),
                                   QStringLiteral("revert"),
                                   QStringLiteral("bwlimit"),
                                   QStringLiteral("live-restore"),
                                   QStringLiteral("ignore-unpack-errors"),
                                   QStringLiteral("_dc")};
    return names;
}

struct Action {
    const char *name;
    int durationMs;
};

constexpr Action kActions[] = {{"start", 2500},  {"stop", 1500},    {"shutdown", 5000},
                               {"reboot", 7000}, {"suspend", 1000}, {"resume", 1000},
                               {"reset", 800}};

void applyAction(SimGuest &guest, const QString &action)
{
    if (action == QLatin1String("start") || action == QLatin1String("reboot") ||
        action == QLatin1String("reset")) {
        guest.running = true;
        guest.paused = false;
        guest.startedAt = QDateTime::currentSecsSinceEpoch();
        guest.pid = static_cast<int>(QRandomGenerator::global()->bounded(2000, 4000000));
    } else if (action == QLatin1String("stop") || action == QLatin1String("shutdown")) {
        guest.running = false;
        guest.paused = false;
        guest.pid = 0;
    } else {
        guest.paused = action == QLatin1String("suspend");
    }
}

// Why the action cannot run, checked in the worker as Proxmox does.
QString actionProblem(const SimGuest &guest, const QString &action)
{
    const QString who = SimGuestRoutes::label(guest.type, guest.vmid);
    if (action == QLatin1String("start")) {
        if (guest.isTemplate())
            return QStringLiteral("you can't start a vm if it's a template");
        return guest.running ? who + QStringLiteral(" already running") : QString();
    }
    if (action == QLatin1String("stop"))
        return {};
    return guest.running ? QString() : who + QStringLiteral(" not running");
}

SimResult statusAction(SimCall &call, const QString &type, const Action &action)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    SimGuest *guest = found.value();
    const QString name = QString::fromLatin1(action.name);
    // pct checks before forking; qm finds out inside the worker.
    if (type == QLatin1String("lxc") && !actionProblem(*guest, name).isEmpty())
        return SimResult::fail(500, actionProblem(*guest, name));
    const int vmid = guest->vmid;
    SimState *state = &call.state;
    const bool skiplock = call.flag(QStringLiteral("skiplock"));
    SimTasks::Spec spec;
    spec.node = call.node();
    spec.type = SimGuestRoutes::taskPrefix(type) + name;
    spec.id = QString::number(vmid);
    spec.authId = call.authId;
    spec.durationMs = action.durationMs;
    spec.work = [state, vmid, name, skiplock]() -> Result<QStringList> {
        SimGuest *g = state->guest(vmid);
        if (!g)
            return Error::notFound(QStringLiteral("VM %1 does not exist").arg(vmid));
        if (!skiplock) {
            if (auto lock = SimGuestRoutes::checkLock(*g); !lock)
                return lock.error();
        }
        const QString problem = actionProblem(*g, name);
        if (!problem.isEmpty())
            return Error::invalid(problem);
        applyAction(*g, name);
        return QStringList();
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

SimResult listGuests(SimCall &call, const QString &type)
{
    QJsonArray rows;
    for (const SimGuest &g : call.state.guests()) {
        if (g.node == call.node() && g.type == type &&
            call.state.hasPrivilege(call.authId, QStringLiteral("/vms/%1").arg(g.vmid),
                                    QStringLiteral("VM.Audit")))
            rows.append(SimViews::guestListRow(g));
    }
    return SimResult::ok(rows);
}

SimResult guestStatus(SimCall &call, const QString &type)
{
    auto found = SimGuestRoutes::find(call, type);
    if (!found)
        return SimResult::fail(500, found.error().message);
    return SimResult::ok(SimViews::guestStatus(*found.value()));
}

} // namespace

QString SimGuestRoutes::taskPrefix(const QString &type)
{
    return type == QLatin1String("qemu") ? QStringLiteral("qm") : QStringLiteral("vz");
}

Result<SimGuest *> SimGuestRoutes::find(SimCall &call, const QString &type)
{
    return call.state.guestOn(call.node(), type, call.vmid());
}

QString SimGuestRoutes::label(const QString &type, int vmid)
{
    return (type == QLatin1String("qemu") ? QStringLiteral("VM %1") : QStringLiteral("CT %1"))
        .arg(vmid);
}

Result<void> SimGuestRoutes::checkLock(const SimGuest &guest)
{
    if (guest.lock().isEmpty())
        return {};
    return Error{ErrorCode::Conflict, (guest.isQemu() ? QStringLiteral("VM is locked (%1)")
                                                      : QStringLiteral("CT is locked (%1)"))
                                          .arg(guest.lock())};
}

QJsonObject SimGuestRoutes::allocateDisks(const QJsonObject &config, int vmid)
{
    static const QRegularExpression newDisk(QStringLiteral("^([a-zA-Z0-9\\-_.]+):(\\d+)(,.*)?$"));
    static const QRegularExpression diskKey(
        QStringLiteral("^(scsi|virtio|sata|ide|efidisk|tpmstate|rootfs|mp)\\d*$"));
    QJsonObject result = config;
    int next = 0;
    for (auto it = config.begin(); it != config.end(); ++it) {
        const auto m = newDisk.match(it.value().toString());
        if (!diskKey.match(it.key()).hasMatch() || !m.hasMatch())
            continue;
        QString options = m.captured(3);
        options.remove(QRegularExpression(QStringLiteral(",size=[^,]*")));
        result.insert(it.key(), QStringLiteral("%1:vm-%2-disk-%3%4,size=%5G")
                                    .arg(m.captured(1))
                                    .arg(vmid)
                                    .arg(next++)
                                    .arg(options, m.captured(2)));
    }
    return result;
}

QJsonObject SimGuestRoutes::configFromParams(const SimCall &call)
{
    QJsonObject config;
    for (auto it = call.params.begin(); it != call.params.end(); ++it) {
        if (controlParams().contains(it.key()))
            continue;
        bool isNumber = false;
        const qint64 number = it.value().toLongLong(&isNumber);
        config.insert(it.key(), isNumber ? QJsonValue(number) : QJsonValue(it.value()));
    }
    return config;
}

void SimGuestRoutes::install(SimRouter &router)
{
    for (const QString &type : {QStringLiteral("qemu"), QStringLiteral("lxc")}) {
        const QString base = QStringLiteral("/nodes/{node}/") + type;
        router.add("GET", base, [type](SimCall &c) { return listGuests(c, type); });
        router.add("GET", base + QStringLiteral("/{vmid}/status/current"),
                   [type](SimCall &c) { return guestStatus(c, type); });
        for (const Action &action : kActions) {
            if (type == QLatin1String("lxc") && qstrcmp(action.name, "reset") == 0)
                continue;
            router.add("POST",
                       base + QStringLiteral("/{vmid}/status/") + QLatin1String(action.name),
                       [type, action](SimCall &c) { return statusAction(c, type, action); });
        }
    }
}

} // namespace pmcp
