#pragma once

#include "server/policy/CoreRules.h"
#include "shared/core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pmcp {

// One rule of the command policy: a program (by base name and/or absolute path) and argument
// patterns (shell globs matched against the arguments), allowed or denied, with the reason a
// client sees. Core rules stay in force even with ENABLE_DANGEROUS_COMMANDS=true.
struct PolicyRule final {
    enum class Action { Allow, Deny };
    QString id; // e.g. "deny-rm-root", shown to the client
    Action action = Action::Deny;
    QString program;         // e.g. "rm", "pveum", "systemctl"
    QStringList argPatterns; // e.g. {"-*r*", "/"}: see the rules file format in docs/POLICY.md
    bool core = false;
    QString reason;
};

// The decision on a whole command line: every simple command it contains was checked; the
// first that is denied (or not provably harmless) decides.
struct PolicyDecision final {
    bool allowed = false;
    QString rule;   // the id of the rule that matched, or a parser reason id ("unparseable", ...)
    QString reason; // why, for the client
    QString offendingCommand; // the simple command that was denied, as the parser saw it
    // Not allowed yet, but a person may allow it (a core rule with a Confirm verdict, see
    // CoreRules): allowed stays false; the caller asks through elicitation with this sentence.
    bool needsConfirmation = false;
    QString confirmation; // what will happen, for the person asked
    QString typedTool;    // the typed tool that does the same with confirmation, if any
    // The rule lets a client's own confirm:true stand for the confirmation (the destructive
    // operations of the confirmed typed tools, CoreVerdict::clientMayConfirm).
    bool clientMayConfirm = false;
    // The Proxmox operation of the simple command that needs confirmation (PveCliMapping), so
    // that the shell tools can show and check what the typed tool would; method empty if none.
    ApiOperation operation;
    // Every Proxmox operation the line performs (qm start, pct set, pvesh create, ...), in the
    // order of its commands: what the shell tools announce as changed after the line ran.
    QList<ApiOperation> operations;
};

// Parses command lines as a POSIX shell would and evaluates every simple command in them
// against the rules. What the parser cannot prove harmless is denied, not guessed.
class CommandPolicy final {
public:
    enum class Mode { DenyList, AllowList };

    // The built-in rules; dangerous=true relaxes them down to the core rules.
    static CommandPolicy defaults(bool dangerousCommandsEnabled);
    // A readable rules file (the built-in defaults can be written out with defaultRulesText()).
    static Result<CommandPolicy> fromRulesText(const QString &text, bool dangerousCommandsEnabled);
    static QString defaultRulesText();

    PolicyDecision evaluate(const QString &commandLine) const;
    const QList<PolicyRule> &rules() const { return m_rules; }
    Mode mode() const { return m_mode; }

private:
    QList<PolicyRule> m_rules;
    Mode m_mode = Mode::DenyList;
    bool m_dangerous = false;
};

} // namespace pmcp
