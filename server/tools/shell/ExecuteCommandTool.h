#pragma once

#include "server/mcp/ToolDefinition.h"
#include "server/policy/CommandPolicy.h"
#include "server/exec/CommandExecutor.h"
#include "server/tools/shell/ShellOperationGuard.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <memory>

namespace pmcp {

class ToolCall;

// What the shell tools share: where commands run, what may run, and who hears of each decision
// (the daemon counts blocked commands in /metrics and audits them).
struct ShellBackend final {
    using Observer = std::function<void(const QString &command, const PolicyDecision &decision)>;
    using Judge = std::function<PolicyDecision(const QString &commandLine)>;
    std::shared_ptr<CommandExecutor> executor;
    std::shared_ptr<const CommandPolicy> policy;
    using Announce = std::function<void(const QString &uri)>;
    Observer observer; // optional
    Judge judge;       // optional: how a command line is judged (default: policy->evaluate)
    // Optional, with the Proxmox API: what a confirmed command would do to which guest, its
    // protection flag, and the resources a line changed; announce hears each such resource.
    std::shared_ptr<const ShellOperationGuard> guard;
    Announce announce;
};

// The execute_command tool of the original server: {command, timeout?} runs one command line
// on the Proxmox host after the command policy allowed it; a denied command never reaches the
// executor. A command the core rules confirm (PolicyDecision::needsConfirmation, e.g. qm destroy
// or qm rollback) meets what the typed tool meets (docs/SAFETY.md): with the guard, a protected
// guest is refused as qemu_delete refuses it, and dry_run:true answers with the typed tool's
// dry-run words; it runs after an accepted elicitation or, where the rule lets a client confirm
// (CoreVerdict::clientMayConfirm), with confirm:true. dry_run and confirm are accepted but not
// listed: they matter only for those commands, and the refusal says how to use them. After a
// line with Proxmox operations (qm start, ...) ran, the resources it changed are announced.
class ExecuteCommandTool final {
public:
    static constexpr int kDefaultTimeoutS = 30;
    static constexpr int kMaxTimeoutS = 3600;

    static ToolDefinition definition(std::shared_ptr<const ShellBackend> backend);

    // Checks commandLine (and extra command lines it contains, e.g. the inner command of
    // pct exec) against the policy, runs it, and finishes the call with the result shape below.
    static void run(const std::shared_ptr<ToolCall> &call,
                    const std::shared_ptr<const ShellBackend> &backend, const QString &commandLine,
                    int timeoutS, const QStringList &innerCommands = {},
                    const QJsonObject &extra = {});
    // {command, output, error, exit_status, timestamp, status, ...} and its JSON Schema.
    static QJsonObject resultData(const QString &commandLine, const CommandResult &result);
    static QJsonObject outputSchema(const QJsonObject &extraProperties = {});
    // The dry_run and confirm properties the shell tools accept without listing them.
    static QJsonObject confirmationArguments();
    // The compact text rendering of resultData.
    static QString render(const QJsonObject &data);
    // The question put to the person for a command that needs confirmation, and the refusal
    // when the client cannot ask.
    // what: the typed tool's verb phrase of the operation ("delete VM 100 ... on node pve1").
    static QString confirmationQuestion(const QString &toolName, const QString &command,
                                        const QString &host, const PolicyDecision &decision,
                                        const QString &what = {});
    static QString cannotAsk(const PolicyDecision &decision);
    // The refusal of a command a client may confirm, sent without confirm:true by a client that
    // cannot ask its user: what it would do, and how to go on.
    static QString needsConfirm(const QString &toolName, const QString &what,
                                const PolicyDecision &decision);

private:
    static QJsonObject inputSchema();
    // The first denying decision among the command lines, else the first that needs a person's
    // confirmation, else the allowing one of the first.
    static PolicyDecision decide(const ShellBackend &backend, const QStringList &commandLines,
                                 QString *decided);
};

} // namespace pmcp
