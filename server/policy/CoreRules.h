#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pmcp {

// One Proxmox API operation, however it was asked for: a typed tool's request, a proxmox_api
// call, or a Proxmox command-line tool (pvesh, qm, pct, pveum, pvecm, pvenode, ha-manager,
// pvesm, pve-firewall) in an execute_command line mapped to the API call it makes.
struct ApiOperation final {
    QString method;     // "GET", "POST", "PUT", "DELETE"
    QString path;       // normalised, without /api2/json: "/access/users/root@pam"
    QJsonObject params; // the parameters that matter to the rules (e.g. "enable", "password")
};

// What the core rules say of one operation. Confirm: only a person may allow it (an accepted
// MCP elicitation; a client's own confirm:true is not a person). Refuse: never through MCP.
struct CoreVerdict final {
    enum class Kind { Allow, Confirm, Refuse };
    Kind kind = Kind::Allow;
    QString ruleId;    // e.g. "core-root-pam", shown to the client
    QString reason;    // a sentence for the client and the person asked
    QString typedTool; // the typed tool that does this with confirmation, if any ("qemu_delete")
};

// The one table of core rules (root@pam, privileged tokens, passwords and ACLs, cluster
// membership, node power and bulk actions, node command execution, firewall off, storage
// removal, guest destruction), enforced the same way on every path: execute_command and
// lxc_exec (through CommandPolicy), the typed tools and proxmox_api. A pure value.
class CoreRules final {
public:
    static const CoreRules &builtIn();

    CoreVerdict judge(const ApiOperation &operation) const;
    // A Proxmox command-line tool's invocation (program base name, arguments after it),
    // mapped to the operations it performs; Allow when it is not one of those tools or no
    // rule applies.
    CoreVerdict judgeShell(const QString &program, const QStringList &arguments) const;
};

} // namespace pmcp
