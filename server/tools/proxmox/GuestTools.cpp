#include "server/tools/proxmox/GuestTools.h"

#include "server/tools/proxmox/ProxmoxToolKit.h"

#include <QJsonArray>

namespace pmcp {

namespace {

struct PowerAction final {
    QString action;
    QString title;
    QString what;
    bool destructive;
    bool idempotent;
    bool confirm;
};

ApiToolSpec guestList(const QString &type)
{
    ApiToolSpec spec = ApiToolSpec::read(
        type + QStringLiteral("_list"), QStringLiteral("List %1s").arg(GuestTools::noun(type)),
        type, QStringLiteral("/cluster/resources"),
        QStringLiteral("List the %1s (%2) of all nodes in one call with node, status, CPU, "
                       "memory and uptime. Filter by node, status, name or vmid.")
            .arg(GuestTools::noun(type), type));
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
                      const QString &description, const QStringList &required)
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("%1_%2").arg(type, what),
        QStringLiteral("%1 %2").arg(GuestTools::noun(type), what), type,
        QStringLiteral("/nodes/{node}/%1/{vmid}/%2").arg(type, path), description);
    spec.input.node().vmid();
    spec.outputSchema = ToolSchema::objectOutput(required);
    return spec;
}

ApiToolSpec powerAction(const QString &type, const PowerAction &power)
{
    ApiToolSpec spec = ApiToolSpec::change(
        QStringLiteral("%1_%2").arg(type, power.action),
        QStringLiteral("%1 %2").arg(power.title, GuestTools::noun(type)), type, "POST",
        QStringLiteral("/nodes/{node}/%1/{vmid}/status/%2").arg(type, power.action),
        QStringLiteral("%1 a %2 (%3). Waits for the task by default and reports its exit "
                       "status.")
            .arg(power.what, GuestTools::noun(type), type),
        power.destructive, power.idempotent);
    spec.input.node().vmid();
    if (power.action == QLatin1String("shutdown")) {
        spec.input
            .integer(QStringLiteral("timeout"),
                     QStringLiteral("Seconds to wait for the guest to shut down."), false, 0)
            .boolean(QStringLiteral("forceStop"),
                     QStringLiteral("Stop the guest when the timeout runs out."));
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
        {QStringLiteral("start"), QStringLiteral("Start"), QStringLiteral("Start"), false, true,
         false},
        {QStringLiteral("stop"), QStringLiteral("Stop"),
         QStringLiteral("Stop at once, like pulling the plug (data in flight may be lost; "
                        "prefer shutdown). Needs confirmation;"),
         true, true, true},
        {QStringLiteral("shutdown"), QStringLiteral("Shut down"),
         QStringLiteral("Shut down cleanly (ACPI or init) "), false, true, false},
        {QStringLiteral("reboot"), QStringLiteral("Reboot"), QStringLiteral("Reboot cleanly"),
         false, false, false},
        {QStringLiteral("suspend"), QStringLiteral("Suspend"),
         QStringLiteral("Pause (suspend) a running"), false, true, false},
        {QStringLiteral("resume"), QStringLiteral("Resume"), QStringLiteral("Resume a suspended"),
         false, true, false},
    };
    if (type == QLatin1String("qemu"))
        actions.append({QStringLiteral("reset"), QStringLiteral("Reset"),
                        QStringLiteral("Hard-reset (like the reset button; data in flight may be "
                                       "lost). Needs confirmation;"),
                        true, false, true});
    return actions;
}

} // namespace

QString GuestTools::noun(const QString &type)
{
    return type == QLatin1String("lxc") ? QStringLiteral("container")
                                        : QStringLiteral("virtual machine");
}

void GuestTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit,
                             const QString &type)
{
    kit->add(registry, guestList(type));
    kit->add(registry,
             guestRead(type, QStringLiteral("status"), QStringLiteral("status/current"),
                       QStringLiteral("Current state of one %1: status (running/stopped), "
                                      "uptime, CPU, memory, disk and network use, HA state.")
                           .arg(noun(type)),
                       {QStringLiteral("status")}));
    kit->add(registry,
             guestRead(type, QStringLiteral("config"), QStringLiteral("config"),
                       QStringLiteral("Configuration of one %1: cores, memory, disks, network "
                                      "cards, options, protection, and the digest to pass to %2"
                                      "_update_config.")
                           .arg(noun(type), type),
                       {QStringLiteral("digest")}));
    for (const PowerAction &power : powerActions(type))
        kit->add(registry, powerAction(type, power));
}

} // namespace pmcp
