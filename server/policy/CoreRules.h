#pragma once

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <utility>

namespace pmcp {

// One Proxmox API operation, however it was asked for: a typed tool's request, a proxmox_api
// call, or a Proxmox command-line tool (pvesh, qm, pct, pveum, pvecm, pvenode, ha-manager,
// pvesm, pve-firewall) in an execute_command line mapped to the API call it makes.
struct ApiOperation final {
    QString method;     // "GET", "POST", "PUT", "DELETE"
    QString path;       // normalised, without /api2/json: "/access/users/root@pam"
    QJsonObject params; // the parameters that matter to the rules (e.g. "enable", "password")

    // "DELETE /nodes/pve1/qemu/100", for messages.
    QString describe() const;
};

// What the core rules say of one operation. Confirm: only a person may allow it (an accepted
// MCP elicitation; a client's own confirm:true is not a person) unless clientMayConfirm, which
// marks the destructive operations a confirmed typed tool performs (stopping a guest, deleting a
// snapshot, ...): there a client's confirm:true is enough on the paths that take one (typed tools,
// proxmox_api), and a person is asked on the shell path, which has no confirm argument.
// Refuse: never through MCP.
struct CoreVerdict final {
    enum class Kind { Allow, Confirm, Refuse };
    Kind kind = Kind::Allow;
    QString ruleId;    // e.g. "core-root-pam", shown to the client
    QString reason;    // a sentence for the client and the person asked
    QString typedTool; // the typed tool that does this with confirmation, if any ("qemu_delete")
    bool clientMayConfirm = false;

    bool allowed() const { return kind == Kind::Allow; }
    // Only a person (an accepted elicitation) may allow it.
    bool needsPerson() const { return kind == Kind::Confirm && !clientMayConfirm; }
    static QString kindName(Kind kind); // "allow", "confirm", "refuse"
};

// One row of the table: which operations it covers and what it says of them.
struct CoreRule final {
    QString id;
    QStringList methods; // "POST", "PUT", ...
    // Anchored regular expression over the normalised path; {name} stands for one segment.
    QString path;
    QString param;      // "" or a parameter the rule looks at
    QString paramValue; // regular expression the parameter's value must match (searched)
    CoreVerdict::Kind verdict = CoreVerdict::Kind::Refuse;
    bool clientMayConfirm = false;
    QString typedTool;
    QString reason;
};

// The one table of core rules (root@pam, privileged tokens, passwords and ACLs, cluster
// membership, node power and bulk actions, node command execution, firewall off, storage
// removal, guest destruction, and the destructive operations of the confirmed typed tools),
// enforced the same way on every path: execute_command and lxc_exec (through CommandPolicy),
// the typed tools and proxmox_api. A pure value; docs/SAFETY.md lists the table.
class CoreRules final {
public:
    static const CoreRules &builtIn();

    CoreVerdict judge(const ApiOperation &operation) const;
    // A Proxmox command-line tool's invocation (program base name, arguments after it),
    // mapped to the operations it performs (see PveCliMapping); Allow when it is not one of
    // those tools or no rule applies.
    CoreVerdict judgeShell(const QString &program, const QStringList &arguments) const;

    const QList<CoreRule> &rules() const { return m_rules; }
    // "/nodes/../access" -> "/access": resolves . and .., collapses //, drops /api2/json and a
    // trailing slash, so that a spelling cannot slip past a rule.
    static QString normalisePath(const QString &path);

private:
    QList<CoreRule> m_rules;
    // Per row: the path and parameter-value expressions, compiled once.
    QList<std::pair<QRegularExpression, QRegularExpression>> m_compiled;
};

} // namespace pmcp
