#include "server/tools/proxmox/GuestTools.h"

#include "server/tools/proxmox/ProxmoxToolKit.h"

#include <QJsonArray>

namespace pmcp {

namespace {

struct PowerAction final {
    QString action;
    QString title;
    QString what; // a sentence; %1: the noun (virtual machine), %2: the type (qemu)
    bool destructive;
    bool idempotent;
    bool confirm;
};

ApiToolSpec guestList(const QString &type)
{
    ApiToolSpec spec = ApiToolSpec::read(
        type + QStringLiteral("_list"), QStringLiteral("List %1s").arg(GuestTools::noun(type)),
        type, QStringLiteral("/cluster/resources"),
        QStringLiteral("List the %1s of all nodes: vmid, name, node, status, CPU, memory, "
                       "uptime.")
            .arg(GuestTools::noun(type)));
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("node"), QStringLiteral("status"), QStringLiteral("name"),
                    QStringLiteral("vmid")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("vmid"),   QStringLiteral("name"),  QStringLiteral("node"),
                    QStringLiteral("status"), QStringLiteral("cpu"),   QStringLiteral("mem"),
                    QStringLiteral("maxmem"), QStringLiteral("uptime")};
    spec.adjustParams = [](QJsonObject &params, const QJsonObject &) {
        params.insert(QStringLiteral("type"), QStringLiteral("vm"));
    };
    spec.transform = [type](const QJsonValue &data, const QJsonObject &) -> QJsonValue {
        QJsonArray rows;
        for (const QJsonValue &row : data.toArray()) {
            if (row.toObject().value(QLatin1String("type")).toString() == type)
                rows.append(row);
        }
        return rows;
    };
    return spec;
}

ApiToolSpec guestRead(const QString &type, const QString &what, const QString &path,
                      const QString &description)
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("%1_%2").arg(type, what),
        QStringLiteral("%1%2 %3").arg(GuestTools::noun(type).left(1).toUpper(),
                                      GuestTools::noun(type).mid(1), what),
        type, QStringLiteral("/nodes/{node}/%1/{vmid}/%2").arg(type, path), description);
    spec.input.node().vmid();
    return spec;
}

ApiToolSpec powerAction(const QString &type, const PowerAction &power)
{
    ApiToolSpec spec = ApiToolSpec::change(
        QStringLiteral("%1_%2").arg(type, power.action),
        QStringLiteral("%1 %2").arg(power.title, GuestTools::noun(type)), type, "POST",
        QStringLiteral("/nodes/{node}/%1/{vmid}/status/%2").arg(type, power.action),
        QString(power.what)
                .replace(QLatin1String("%1"), GuestTools::noun(type))
                .replace(QLatin1String("%2"), type) +
            QStringLiteral(" Returns the task's UPID."),
        power.destructive, power.idempotent);
    spec.input.node().vmid();
    if (power.action == QLatin1String("shutdown")) {
        spec.input
            .integer(QStringLiteral("shutdown_timeout_s"),
                     QStringLiteral("Seconds the guest gets to shut down."), false, 0)
            .boolean(QStringLiteral("force_stop"),
                     QStringLiteral("Stop the guest if it has not shut down by then."));
        spec.wireNames = {{QStringLiteral("shutdown_timeout_s"), QStringLiteral("timeout")},
                          {QStringLiteral("force_stop"), QStringLiteral("forceStop")}};
    }
    spec.input.wait(true);
    if (power.confirm) {
        spec.confirm = true;
        spec.input.confirmation();
    }
    return spec;
}

QList<PowerAction> powerActions(const QString &type)
{
    QList<PowerAction> actions{
        {QStringLiteral("start"), QStringLiteral("Start"), QStringLiteral("Start a %1."), false,
         true, false},
        {QStringLiteral("stop"), QStringLiteral("Stop"),
         QStringLiteral("Stop a %1 at once (unsaved data is lost; prefer %2_shutdown). Needs "
                        "confirmation."),
         true, true, true},
        {QStringLiteral("shutdown"), QStringLiteral("Shut down"),
         QStringLiteral("Shut a %1 down cleanly (ACPI or init)."), false, true, false},
        {QStringLiteral("reboot"), QStringLiteral("Reboot"), QStringLiteral("Reboot a %1 cleanly."),
         false, false, false},
        {QStringLiteral("suspend"), QStringLiteral("Suspend"),
         QStringLiteral("Pause a running %1; %2_resume continues it."), false, true, false},
        {QStringLiteral("resume"), QStringLiteral("Resume"),
         QStringLiteral("Resume a suspended %1."), false, true, false},
    };
    if (type == QLatin1String("qemu"))
        actions.append({QStringLiteral("reset"), QStringLiteral("Reset"),
                        QStringLiteral("Hard-reset a %1 (unsaved data is lost). Needs "
                                       "confirmation."),
                        true, false, true});
    return actions;
}

} // namespace

QString GuestTools::noun(const QString &type)
{
    return type == QLatin1String("lxc") ? QStringLiteral("container") : QStringLiteral("VM");
}

void GuestTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit,
                             const QString &type)
{
    kit->add(registry, guestList(type));
    kit->add(registry,
             guestRead(type, QStringLiteral("status"), QStringLiteral("status/current"),
                       QStringLiteral("Show a %1's state: status, uptime, CPU, memory, disk "
                                      "and network use, HA state.")
                           .arg(noun(type))));
    kit->add(registry,
             guestRead(type, QStringLiteral("config"), QStringLiteral("config"),
                       QStringLiteral("Show a %1's configuration: cores, memory, disks, network, "
                                      "protection, and the digest for %2_update_config.")
                           .arg(noun(type), type)));
    for (const PowerAction &power : powerActions(type))
        kit->add(registry, powerAction(type, power));
}

} // namespace pmcp
