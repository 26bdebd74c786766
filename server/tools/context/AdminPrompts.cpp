#include "server/tools/context/AdminPrompts.h"

#include "server/mcp/PromptRegistry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace pmcp {

namespace {

QJsonObject userMessage(const QString &text)
{
    return {
        {QStringLiteral("role"), QStringLiteral("user")},
        {QStringLiteral("content"), QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                {QStringLiteral("text"), text}}}};
}

QString argument(const QJsonObject &arguments, const char *name, const QString &fallback = {})
{
    const QString value = arguments.value(QLatin1String(name)).toString().trimmed();
    return value.isEmpty() ? fallback : value;
}

// A prompt made of one text, its {placeholders} filled from the arguments (or their fallback).
struct Procedure {
    QString name;
    QString title;
    QString description;
    QList<PromptArgument> arguments;
    QHash<QString, QString> fallbacks; // for optional arguments
    QString text;
};

PromptDefinition definitionOf(const Procedure &procedure)
{
    PromptDefinition prompt;
    prompt.name = procedure.name;
    prompt.title = procedure.title;
    prompt.description = procedure.description;
    prompt.arguments = procedure.arguments;
    prompt.get = [procedure](const QJsonObject &arguments) -> Result<QJsonObject> {
        QString text = procedure.text;
        for (const PromptArgument &arg : procedure.arguments) {
            const QString value = argument(arguments, arg.name.toUtf8().constData(),
                                           procedure.fallbacks.value(arg.name));
            if (arg.name == QLatin1String("vmid") && !value.isEmpty()) {
                bool ok = false;
                if (value.toInt(&ok) < 1 || !ok)
                    return Error::invalid(
                        QStringLiteral("vmid must be a number, not \"%1\"").arg(value));
            }
            text.replace(u'{' + arg.name + u'}', value);
        }
        return QJsonObject{{QStringLiteral("description"), procedure.description},
                           {QStringLiteral("messages"), QJsonArray{userMessage(text)}}};
    };
    return prompt;
}

const QList<Procedure> &procedures()
{
    static const QList<Procedure> list{
        {QStringLiteral("daily_health_check"),
         QStringLiteral("Daily health check"),
         QStringLiteral("The morning check of the administrator guide: cluster quorum, nodes, "
                        "guests, storage, failed tasks and backups, as a short report."),
         {},
         {},
         QStringLiteral(
             "Run the daily health check of the Proxmox VE cluster and report in a short list: "
             "what is fine, what needs attention today, and what to do about it.\n"
             "1. `server_info`: which backends this server has and that it is healthy.\n"
             "2. `cluster_status` and `cluster_quorum`: is the cluster quorate, are all nodes "
             "online?\n"
             "3. `node_status` for every node: CPU load, memory and root disk use; flag anything "
             "above 85 %.\n"
             "4. `list_vms`: guests that should run but are stopped (compare with their "
             "onboot setting via `vm_status` when unsure).\n"
             "5. `storage_list`: storages above 80 % full or inactive.\n"
             "6. `task_list` (errors of the last 24 hours): failed tasks; read the log of each "
             "with `task_log`.\n"
             "7. `backup_list` and `backup_jobs`: did last night's backups run for every guest "
             "a job covers?\n"
             "8. `cluster_ha_status`: HA resources that are not in their requested state.\n"
             "Change nothing: this is a read-only check.")},
        {QStringLiteral("weekly_maintenance_review"),
         QStringLiteral("Weekly maintenance review"),
         QStringLiteral("The weekly review: backups and their retention, old snapshots, storage "
                        "trends, package versions and HA, with a list of proposed actions."),
         {},
         {},
         QStringLiteral(
             "Prepare the weekly maintenance review of the Proxmox VE cluster. Change nothing; "
             "end with a numbered list of proposed actions, each naming the tool that would do "
             "it.\n"
             "1. Backups: `backup_jobs` (schedules, retention) and `backup_list` on each backup "
             "storage: guests without a backup in the last 7 days, and backups that failed "
             "(`task_list`, then `task_log`).\n"
             "2. Snapshots: `snapshot_list` for each guest of `list_vms`; snapshots older than "
             "two weeks hold disk space and slow I/O.\n"
             "3. Storage: `storage_list` and `storage_content`: what grows, what could be "
             "pruned.\n"
             "4. Versions: `node_version` on every node: do the nodes run the same Proxmox "
             "version?\n"
             "5. Services: `node_services` on every node: anything stopped that should run.\n"
             "6. HA: `cluster_ha_resources` and `cluster_ha_status`.\n"
             "7. Access: `access_tokens` and `access_users`: tokens without an expiry or not "
             "used any more.")},
        {QStringLiteral("security_log_review"),
         QStringLiteral("Log review: denied commands and authentication failures"),
         QStringLiteral("Reviews the logs for refused shell commands and failed logins and says "
                        "whether anything looks like an attack or a misconfigured client."),
         {{QStringLiteral("node"),
           QStringLiteral("The node whose logs to read (default: every node)"), false},
          {QStringLiteral("since"),
           QStringLiteral("How far back to look, e.g. \"24 hours\" (default: 24 hours)"), false}},
         {{QStringLiteral("node"), QStringLiteral("every node of `node_list`")},
          {QStringLiteral("since"), QStringLiteral("24 hours")}},
         QStringLiteral(
             "Review the security-relevant logs of the last {since} on {node}, and report what "
             "you found, how often, from where, and what you recommend.\n"
             "1. Authentication failures: `node_syslog` on each node, looking for "
             "\"authentication failure\", \"Failed password\", \"invalid user\" and pvedaemon or "
             "pveproxy login errors; `cluster_log` for failed API logins.\n"
             "2. Denied commands: this server refuses shell commands its policy does not allow "
             "and tells the client why; its audit log records every refusal. Ask the "
             "administrator for the output of \"proxmox-mcpd audit tail -n 200\" on the server "
             "and list the entries whose decision is denied, grouped by rule and client.\n"
             "3. Tokens and users: `access_tokens` and `access_users`: disabled or expired "
             "accounts still tried, tokens with more rights than they need "
             "(`access_permissions`).\n"
             "Read only; suggest changes, make none.")},
        {QStringLiteral("disaster_recovery_test"),
         QStringLiteral("Disaster-recovery test"),
         QStringLiteral("Restores a guest's latest backup to a new, unused vmid, checks that it "
                        "boots, and removes the copy: proof that the backups can be restored."),
         {{QStringLiteral("vmid"), QStringLiteral("The guest whose backup to test"), true},
          {QStringLiteral("storage"),
           QStringLiteral("The backup storage to restore from (default: where the latest "
                          "backup is)"),
           false},
          {QStringLiteral("node"),
           QStringLiteral("The node to restore on (default: the guest's node)"), false}},
         {{QStringLiteral("storage"), QStringLiteral("the storage of its latest backup")},
          {QStringLiteral("node"), QStringLiteral("the guest's own node")}},
         QStringLiteral(
             "Run a disaster-recovery test for guest {vmid}: restore its latest backup as a "
             "new guest, check it, and clean up. Never touch guest {vmid} itself.\n"
             "1. `vm_status` (or `list_vms`) for {vmid}: its node and type.\n"
             "2. `backup_list` on {storage}: the newest backup of {vmid}; note its volume id "
             "and age (older than 7 days is a finding in itself).\n"
             "3. `cluster_nextid`: a free vmid for the copy.\n"
             "4. `backup_restore` of that volume to the new vmid on {node}, with a dry run "
             "first; wait for the task and read it with `task_log`.\n"
             "5. Start the copy with its network unplugged if possible, check it boots "
             "(`vm_status`, for a VM with the agent `qemu_agent_ping`), then stop it.\n"
             "6. Delete the copy (the deletion asks for confirmation; name the new vmid, never "
             "{vmid}).\n"
             "Report: backup age, restore duration, whether it booted, and anything that "
             "failed.")},
        {QStringLiteral("node_maintenance"),
         QStringLiteral("Prepare a node for maintenance"),
         QStringLiteral("Plans and, step by step with confirmation, empties a node before "
                        "maintenance: quorum, HA, where each guest goes, then migration."),
         {{QStringLiteral("node"), QStringLiteral("The node to prepare"), true}},
         {},
         QStringLiteral(
             "Prepare node {node} for maintenance (updates, hardware work, a reboot).\n"
             "1. `cluster_quorum` and `cluster_status`: will the cluster stay quorate with "
             "{node} down? If not, stop and say so.\n"
             "2. `list_vms` with node {node}: every guest on it, running or not; "
             "`cluster_ha_resources`: which are HA-managed (HA moves those itself when the "
             "node is put in maintenance mode).\n"
             "3. `node_status` of the other nodes and `storage_list`: where each guest can go "
             "(free memory, shared or local storage).\n"
             "4. Present the plan: per guest, the target node and whether it migrates live, "
             "moves cold, or is shut down. Wait for the administrator's agreement.\n"
             "5. Then migrate guest by guest, following each task with `task_status` until it "
             "ends; stop at the first failure and report it.\n"
             "6. Finally `list_vms` with node {node}: confirm it is empty and say what is "
             "left to do (maintenance mode, the update itself, the way back).")},
    };
    return list;
}

} // namespace

void AdminPrompts::install(PromptRegistry &registry)
{
    for (const Procedure &procedure : procedures())
        registry.add(definitionOf(procedure));
}

QStringList AdminPrompts::toolsNamedIn(const QString &text)
{
    static const QRegularExpression quoted(QStringLiteral("`([a-z][a-z0-9_]*)`"));
    QStringList names;
    for (auto it = quoted.globalMatch(text); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace pmcp
