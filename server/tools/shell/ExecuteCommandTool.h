#pragma once

#include "server/mcp/ToolDefinition.h"
#include "server/policy/CommandPolicy.h"
#include "server/exec/CommandExecutor.h"

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
    Observer observer; // optional
    Judge judge;       // optional: how a command line is judged (default: policy->evaluate)
};

// The execute_command tool of the original server: {command, timeout?} runs one command line
// on the Proxmox host after the command policy allowed it; a denied command never reaches the
// executor. A command the policy sends to a person (PolicyDecision::needsConfirmation: a core
// rule with a Confirm verdict, e.g. qm destroy) runs only after an accepted elicitation, and is
// refused when the client cannot ask its user.
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
    // The compact text rendering of resultData.
    static QString render(const QJsonObject &data);
    // The question put to the person for a command that needs confirmation, and the refusal
    // when the client cannot ask.
    static QString confirmationQuestion(const QString &toolName, const QString &command,
                                        const QString &host, const PolicyDecision &decision);
    static QString cannotAsk(const PolicyDecision &decision);
    // A plain command line the policy allowed (words of safe characters, optionally after
    // sudo) judged by the core rules too (CoreRules::judgeShell): a Proxmox command that a rule
    // covers needs a person or is refused. Other lines are left as the policy decided.
    static PolicyDecision withCoreRules(const QString &commandLine, PolicyDecision decision);

private:
    static QJsonObject inputSchema();
    // The first denying decision among the command lines, else the first that needs a person's
    // confirmation, else the allowing one of the first.
    static PolicyDecision decide(const ShellBackend &backend, const QStringList &commandLines,
                                 QString *decided);
};

} // namespace pmcp
