#include "server/policy/CoreRules.h"

#include "server/policy/PveCliMapping.h"

#include <QJsonValue>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>

namespace pmcp {

namespace {

using Kind = CoreVerdict::Kind;

const QString kOff = QStringLiteral("^(0|false|no|off)$");
const QString kOn = QStringLiteral("^(1|true|yes|on)$");
const QString kQemuDisk =
    QStringLiteral("(^|[,;\\s])(ide|sata|scsi|virtio|efidisk|tpmstate|unused)\\d+($|[,;\\s])");
const QString kLxcDisk = QStringLiteral("(^|[,;\\s])(rootfs|mp\\d+|unused\\d+)($|[,;\\s])");

CoreRule row(const char *id, QStringList methods, const char *path, Kind verdict,
             const char *reason, const char *typedTool = "", bool clientMayConfirm = false,
             const char *param = "", QString paramValue = {})
{
    return CoreRule{QString::fromLatin1(id),   std::move(methods),
                    QString::fromLatin1(path), QString::fromLatin1(param),
                    std::move(paramValue),     verdict,
                    clientMayConfirm,          QString::fromLatin1(typedTool),
                    QString::fromUtf8(reason)};
}

// The table (docs/SAFETY.md lists it for people). The first row that matches decides, so the
// Refuse rows for root@pam come before the Confirm rows for every user. Rows with a typed tool
// and clientMayConfirm are the destructive operations of the confirmed typed tools.
QList<CoreRule> table()
{
    const QStringList post{QStringLiteral("POST")}, put{QStringLiteral("PUT")},
        del{QStringLiteral("DELETE")},
        change{QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("DELETE")},
        set{QStringLiteral("POST"), QStringLiteral("PUT")};
    return {
        // root@pam: the last-resort administrator.
        row("core-root-pam-delete", del, "/access/users/root@pam", Kind::Refuse,
            "Deleting root@pam removes the cluster's last-resort administrator."),
        row("core-root-pam-disable", put, "/access/users/root@pam", Kind::Refuse,
            "Disabling root@pam locks the cluster's last-resort administrator out.", "", false,
            "enable", kOff),
        row("core-root-pam-expire", put, "/access/users/root@pam", Kind::Refuse,
            "An expiry date on root@pam would lock the last-resort administrator out.", "", false,
            "expire", QStringLiteral("^[1-9]")),
        row("core-root-pam-token", change, "/access/users/root@pam/token/{tokenid}", Kind::Refuse,
            "A token of root@pam carries every privilege of the last-resort administrator."),
        row("core-root-pam-password", put, "/access/password", Kind::Refuse,
            "Changing root@pam's password could lock every administrator out.", "", false, "userid",
            QStringLiteral("^root@pam$")),
        row("core-root-pam-modify", put, "/access/users/root@pam", Kind::Confirm,
            "Changing root@pam's account (groups, keys, e-mail) changes the cluster's "
            "last-resort administrator."),
        // Privileged users' tokens, passwords and ACLs.
        row("core-token", change, "/access/users/{userid}/token/{tokenid}", Kind::Confirm,
            "An API token acts with its user's privileges (all of them without privilege "
            "separation); creating, changing or removing one changes who can do what."),
        row("core-password", put, "/access/password", Kind::Confirm,
            "Changing a user's password changes who can log in."),
        row("core-acl", put, "/access/acl", Kind::Confirm,
            "Access control lists decide who may do what on the whole cluster."),
        row("core-roles", change, "/access/roles(/{roleid})?", Kind::Confirm,
            "Roles define the privileges that access control lists grant."),
        // Cluster membership.
        row("core-cluster-create", post, "/cluster/config", Kind::Refuse,
            "Creating a cluster rewrites corosync's membership; do it at the node's console "
            "with pvecm."),
        row("core-cluster-join", post, "/cluster/config/join", Kind::Refuse,
            "Joining a cluster replaces this node's cluster configuration; do it at the node's "
            "console with pvecm."),
        row("core-cluster-nodes", {QStringLiteral("POST"), QStringLiteral("DELETE")},
            "/cluster/config/nodes/{node}", Kind::Refuse,
            "Adding or removing a cluster node changes quorum for every node; do it at a node's "
            "console with pvecm."),
        // Node power, bulk actions and command execution.
        row("core-node-power", post, "/nodes/{node}/status", Kind::Confirm,
            "Rebooting or shutting down a node stops every guest on it that HA does not move.", "",
            false, "command", QStringLiteral("^(reboot|shutdown)$")),
        row("core-node-bulk", post, "/nodes/{node}/(startall|stopall|suspendall|migrateall)",
            Kind::Confirm,
            "A bulk action starts, stops, suspends or migrates every guest of a node at once."),
        row("core-node-execute", post, "/nodes/{node}/execute", Kind::Refuse,
            "The bulk execute call runs a list of API calls that no rule here can check one by "
            "one."),
        row("core-node-shell", post, "/nodes/{node}/(termproxy|vncshell|spiceshell)", Kind::Refuse,
            "A shell on the node would bypass the command policy."),
        // Code that runs as root on the node, written through a guest's configuration.
        row("core-hookscript", set, "/nodes/{node}/(qemu|lxc)/{vmid}/config", Kind::Confirm,
            "A hook script runs as root on the node at every start and stop of the guest, "
            "unchecked by the command policy.",
            "", false, "hookscript", QStringLiteral("\\S")),
        // Firewall off.
        row("core-firewall-off", put, "/cluster/firewall/options", Kind::Confirm,
            "Turning the cluster firewall off opens every node and guest it protects.", "", false,
            "enable", kOff),
        row("core-node-firewall-off", put, "/nodes/{node}/firewall/options", Kind::Confirm,
            "Turning a node's firewall off opens the node and its guests.", "", false, "enable",
            kOff),
        // Storage removal.
        row("core-storage-remove", del, "/storage/{storage}", Kind::Confirm,
            "Removing a storage definition makes every guest disk and backup on it unreachable."),
        // Guest destruction.
        row("core-guest-destroy-qemu", del, "/nodes/{node}/qemu/{vmid}", Kind::Confirm,
            "Destroying a VM deletes it and its disks for good.", "qemu_delete"),
        row("core-guest-destroy-lxc", del, "/nodes/{node}/lxc/{vmid}", Kind::Confirm,
            "Destroying a container deletes it and its volumes for good.", "lxc_delete"),
        // What the confirmed typed tools do: a client's confirm:true is enough there.
        row("destructive-restore-qemu", post, "/nodes/{node}/qemu", Kind::Confirm,
            "Restoring a backup creates a VM or, with force, overwrites one and its disks.",
            "backup_restore", true, "archive", QStringLiteral(".")),
        row("destructive-restore-lxc", post, "/nodes/{node}/lxc", Kind::Confirm,
            "Restoring a backup creates a container or, with force, overwrites one and its "
            "volumes.",
            "backup_restore", true, "restore", kOn),
        row("destructive-stop-qemu", post, "/nodes/{node}/qemu/{vmid}/status/stop", Kind::Confirm,
            "Stopping a VM cuts its power: what the guest has not written is lost.", "qemu_stop",
            true),
        row("destructive-stop-lxc", post, "/nodes/{node}/lxc/{vmid}/status/stop", Kind::Confirm,
            "Stopping a container kills its processes at once.", "lxc_stop", true),
        row("destructive-reset-qemu", post, "/nodes/{node}/qemu/{vmid}/status/reset", Kind::Confirm,
            "Resetting a VM restarts it like the reset button: unsaved data is lost.", "qemu_reset",
            true),
        row("destructive-snapshot-delete", del,
            "/nodes/{node}/(qemu|lxc)/{vmid}/snapshot/{snapname}", Kind::Confirm,
            "Deleting a snapshot removes that restore point for good.", "snapshot_delete", true),
        row("destructive-snapshot-rollback", post,
            "/nodes/{node}/(qemu|lxc)/{vmid}/snapshot/{snapname}/rollback", Kind::Confirm,
            "Rolling back discards everything the guest changed since the snapshot.",
            "snapshot_rollback", true),
        row("destructive-disk-remove-qemu", set, "/nodes/{node}/qemu/{vmid}/config", Kind::Confirm,
            "Deleting a disk from a VM's configuration detaches it (an unused disk is destroyed).",
            "qemu_update_config", true, "delete", kQemuDisk),
        row("destructive-disk-remove-lxc", put, "/nodes/{node}/lxc/{vmid}/config", Kind::Confirm,
            "Deleting a volume from a container's configuration detaches or destroys it.",
            "lxc_update_config", true, "delete", kLxcDisk),
        row("destructive-disk-unlink", put, "/nodes/{node}/qemu/{vmid}/unlink", Kind::Confirm,
            "Unlinking disks detaches them and, with force, destroys them.", "qemu_update_config",
            true),
        row("destructive-volume-delete", del, "/nodes/{node}/storage/{storage}/content/{volume}",
            Kind::Confirm, "Deleting a volume (a backup, a disk image) removes it for good.",
            "backup_delete", true),
        row("destructive-task-stop", del, "/nodes/{node}/tasks/{upid}", Kind::Confirm,
            "Stopping a task interrupts it half-way (a backup, a migration, a restore).",
            "task_stop", true),
        row("destructive-agent-exec", post, "/nodes/{node}/qemu/{vmid}/agent/exec", Kind::Confirm,
            "The guest agent runs the command as root inside the VM, unchecked by the command "
            "policy.",
            "qemu_agent_exec", true),
        row("destructive-ha-remove", del, "/cluster/ha/resources/{sid}", Kind::Confirm,
            "Removing a guest from HA means it is no longer restarted or moved when its node "
            "fails.",
            "", true),
    };
}

QString scalarText(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    if (value.isDouble()) {
        const double number = value.toDouble();
        return std::floor(number) == number && std::fabs(number) < 9.0e15
                   ? QString::number(static_cast<qint64>(number))
                   : QString::number(number, 'g', 17);
    }
    return value.toString();
}

QRegularExpression compilePath(QString pattern)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{[a-z_]+\\}"));
    pattern.replace(placeholder, QStringLiteral("[^/]+"));
    return QRegularExpression(QStringLiteral("^") + pattern + QStringLiteral("$"));
}

} // namespace

QString ApiOperation::describe() const
{
    return method + u' ' + path;
}

QString CoreVerdict::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Allow:
        return QStringLiteral("allow");
    case Kind::Confirm:
        return QStringLiteral("confirm");
    case Kind::Refuse:
        return QStringLiteral("refuse");
    }
    return {};
}

const CoreRules &CoreRules::builtIn()
{
    static const CoreRules rules = [] {
        CoreRules built;
        built.m_rules = table();
        for (const CoreRule &rule : built.m_rules)
            built.m_compiled.append({compilePath(rule.path), QRegularExpression(rule.paramValue)});
        return built;
    }();
    return rules;
}

QString CoreRules::normalisePath(const QString &path)
{
    QString text = path.trimmed();
    if (text.startsWith(QLatin1String("/api2/json/")) || text == QLatin1String("/api2/json"))
        text = text.mid(10);
    QStringList segments;
    for (const QString &raw : text.split(u'/', Qt::SkipEmptyParts)) {
        // One canonical spelling per segment: decoded, then only % and / encoded again.
        QString segment = QUrl::fromPercentEncoding(raw.toUtf8());
        if (segment == QLatin1String("."))
            continue;
        if (segment == QLatin1String("..")) {
            if (!segments.isEmpty())
                segments.removeLast();
            continue;
        }
        segment.replace(u'%', QLatin1String("%25")).replace(u'/', QLatin1String("%2F"));
        segments.append(segment);
    }
    return u'/' + segments.join(u'/');
}

CoreVerdict CoreRules::judge(const ApiOperation &operation) const
{
    const QString method = operation.method.toUpper();
    if (method == QLatin1String("GET"))
        return {};
    const QString path = normalisePath(operation.path);
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        const CoreRule &rule = m_rules.at(i);
        if (!rule.methods.contains(method))
            continue;
        if (!m_compiled.at(i).first.match(path).hasMatch())
            continue;
        if (!rule.param.isEmpty()) {
            if (!operation.params.contains(rule.param))
                continue;
            if (!m_compiled.at(i)
                     .second.match(scalarText(operation.params.value(rule.param)))
                     .hasMatch())
                continue;
        }
        CoreVerdict verdict;
        verdict.kind = rule.verdict;
        verdict.ruleId = rule.id;
        verdict.reason = rule.reason;
        verdict.typedTool = rule.typedTool;
        verdict.clientMayConfirm = rule.clientMayConfirm;
        return verdict;
    }
    return {};
}

CoreVerdict CoreRules::judgeShell(const QString &program, const QStringList &arguments) const
{
    const std::optional<ApiOperation> operation = PveCliMapping::map(program, arguments);
    if (!operation)
        return {};
    return judge(*operation);
}

} // namespace pmcp
