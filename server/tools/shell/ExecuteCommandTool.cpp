#include "server/tools/shell/ExecuteCommandTool.h"

#include "server/mcp/ToolCall.h"
#include "server/tools/proxmox/ConfirmationGate.h"

#include <QDateTime>
#include <QJsonArray>

#include <optional>

namespace pmcp {

namespace {

QJsonObject typed(const char *type, const QString &description = {})
{
    QJsonObject schema{{QStringLiteral("type"), QLatin1String(type)}};
    if (!description.isEmpty())
        schema.insert(QStringLiteral("description"), description);
    return schema;
}

QString timestampNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// Denied, timed out or unreachable: the command did not do its work.
bool isFailure(CommandResult::Status status)
{
    return status == CommandResult::Status::Denied || status == CommandResult::Status::Timeout ||
           status == CommandResult::Status::ConnectionFailure;
}

} // namespace

QJsonObject ExecuteCommandTool::confirmationArguments()
{
    return {{QStringLiteral("dry_run"),
             typed("boolean", QStringLiteral("Show what a command needing confirmation would do; "
                                             "run nothing."))},
            {QStringLiteral("confirm"),
             typed("boolean", QStringLiteral("Run a command needing confirmation, once the user "
                                             "agreed."))}};
}

QJsonObject ExecuteCommandTool::inputSchema()
{
    QJsonObject timeout = typed("integer", QStringLiteral("Seconds before the command is ended."));
    timeout.insert(QStringLiteral("minimum"), 1);
    timeout.insert(QStringLiteral("maximum"), kMaxTimeoutS);
    timeout.insert(QStringLiteral("default"), kDefaultTimeoutS);
    QJsonObject command = typed("string", QStringLiteral("The command line, e.g. qm list."));
    command.insert(QStringLiteral("minLength"), 1);
    return {
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{
             {QStringLiteral("command"), command},
             {QStringLiteral("timeout_s"), timeout},
             {QStringLiteral("dry_run"), confirmationArguments().value(QLatin1String("dry_run"))},
             {QStringLiteral("confirm"), confirmationArguments().value(QLatin1String("confirm"))}}},
        {QStringLiteral("required"), QJsonArray{QStringLiteral("command")}},
        {QStringLiteral("additionalProperties"), false}};
}

QJsonObject ExecuteCommandTool::outputSchema(const QJsonObject &extraProperties)
{
    QJsonObject status = typed("string");
    status.insert(QStringLiteral("enum"),
                  QJsonArray{QStringLiteral("success"), QStringLiteral("non_zero_exit"),
                             QStringLiteral("timeout"), QStringLiteral("denied"),
                             QStringLiteral("connection_failure"), QStringLiteral("dry_run")});
    QJsonObject properties{{QStringLiteral("command"), typed("string")},
                           {QStringLiteral("output"), typed("string")},
                           {QStringLiteral("error"), typed("string")},
                           {QStringLiteral("exit_status"), typed("integer")},
                           {QStringLiteral("timestamp"), typed("string")},
                           {QStringLiteral("status"), status},
                           {QStringLiteral("output_truncated"), typed("boolean")},
                           {QStringLiteral("error_truncated"), typed("boolean")},
                           {QStringLiteral("duration_ms"), typed("integer")},
                           {QStringLiteral("reason"), typed("string")},
                           {QStringLiteral("rule"), typed("string")},
                           {QStringLiteral("offending_command"), typed("string")},
                           {QStringLiteral("typed_tool"), typed("string")}};
    for (auto it = extraProperties.begin(); it != extraProperties.end(); ++it)
        properties.insert(it.key(), it.value());
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"), properties},
            {QStringLiteral("required"),
             QJsonArray{QStringLiteral("command"), QStringLiteral("output"),
                        QStringLiteral("error"), QStringLiteral("exit_status"),
                        QStringLiteral("timestamp"), QStringLiteral("status")}}};
}

ToolDefinition ExecuteCommandTool::definition(std::shared_ptr<const ShellBackend> backend)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("execute_command");
    tool.title = QStringLiteral("Run a command on the host");
    tool.description = QStringLiteral(
        "Run a command line on the Proxmox host if the command policy allows it. Returns its "
        "output and exit status, or the rule that denied it.");
    tool.category = QStringLiteral("shell");
    tool.inputSchema = inputSchema();
    tool.argumentAliases = {{QStringLiteral("timeout"), QStringLiteral("timeout_s")}};
    tool.hiddenArguments = confirmationArguments().keys();
    tool.outputSchema = outputSchema();
    // Not annotated destructive: the policy decides per command, and only the commands the core
    // rules confirm take the (unlisted) dry_run and confirm, as their typed tools do
    // (docs/SAFETY.md).
    tool.annotations = {
        .readOnly = false, .destructive = false, .idempotent = false, .openWorld = true};
    tool.handler = [backend](const std::shared_ptr<ToolCall> &call) {
        const QJsonObject &arguments = call->arguments();
        run(call, backend, arguments.value(QLatin1String("command")).toString(),
            arguments.value(QLatin1String("timeout_s")).toInt(kDefaultTimeoutS));
    };
    return tool;
}

PolicyDecision ExecuteCommandTool::decide(const ShellBackend &backend,
                                          const QStringList &commandLines, QString *decided)
{
    PolicyDecision first;
    std::optional<qsizetype> confirming;
    PolicyDecision confirmation;
    for (qsizetype i = 0; i < commandLines.size(); ++i) {
        const PolicyDecision decision = backend.judge
                                            ? backend.judge(commandLines.at(i))
                                            : backend.policy->evaluate(commandLines.at(i));
        if (i == 0)
            first = decision;
        if (decision.allowed)
            continue;
        if (!decision.needsConfirmation) {
            *decided = commandLines.at(i);
            return decision;
        }
        if (!confirming) {
            confirming = i;
            confirmation = decision;
        }
    }
    *decided = commandLines.value(confirming.value_or(0));
    PolicyDecision chosen = confirming ? confirmation : first;
    chosen.operations = first.operations; // what the line itself does on Proxmox
    return chosen;
}

QString ExecuteCommandTool::confirmationQuestion(const QString &toolName, const QString &command,
                                                 const QString &host,
                                                 const PolicyDecision &decision,
                                                 const QString &what)
{
    QString text = QStringLiteral("%1 wants to run \"%2\" on %3").arg(toolName, command, host);
    if (!what.isEmpty())
        text += QStringLiteral(", which would %1").arg(what);
    text += QStringLiteral(". ") +
            (decision.confirmation.isEmpty() ? decision.reason : decision.confirmation);
    if (!text.endsWith(u'.'))
        text += u'.';
    if (!decision.typedTool.isEmpty())
        text += QStringLiteral(" (The %1 tool does the same with a dry run first.)")
                    .arg(decision.typedTool);
    return text + QStringLiteral(" Allow it?");
}

QString ExecuteCommandTool::cannotAsk(const PolicyDecision &decision)
{
    QString text = QStringLiteral("%1 Only a person may allow this command (rule %2), through the "
                                  "client's confirmation dialog (MCP elicitation), and this "
                                  "client cannot ask its user; nothing was run.")
                       .arg(decision.reason, decision.rule);
    if (!decision.typedTool.isEmpty())
        text += QStringLiteral(" Use the %1 tool instead.").arg(decision.typedTool);
    return text;
}

QString ExecuteCommandTool::needsConfirm(const QString &toolName, const QString &what,
                                         const PolicyDecision &decision)
{
    QString text = QStringLiteral("Nothing was run: it would %1. %2 (rule %3.) This client cannot "
                                  "ask its user: call %4 with dry_run:true, show the result to the "
                                  "user, and call it again with confirm:true only once the user "
                                  "agrees.")
                       .arg(what, decision.reason, decision.rule, toolName);
    if (!decision.typedTool.isEmpty())
        text += QStringLiteral(" The %1 tool does the same.").arg(decision.typedTool);
    return text;
}

void ExecuteCommandTool::run(const std::shared_ptr<ToolCall> &call,
                             const std::shared_ptr<const ShellBackend> &backend,
                             const QString &commandLine, int timeoutS,
                             const QStringList &innerCommands, const QJsonObject &extra)
{
    QString decided;
    PolicyDecision decision = decide(*backend, QStringList{commandLine} + innerCommands, &decided);
    if (backend->observer)
        backend->observer(decided, decision);
    // The audit learns the verdict from these facts, never from the result below.
    call->facts().setTargetSystem(backend->executor->describe());
    const auto finishData = [call, extra](QJsonObject data, bool isError) {
        for (auto it = extra.begin(); it != extra.end(); ++it)
            data.insert(it.key(), it.value());
        ToolResult toolResult = ToolResult::structured(data, render(data));
        toolResult.isError = isError;
        call->finish(toolResult);
    };
    const auto finish = [call, commandLine, finishData](const CommandResult &result,
                                                        const PolicyDecision *denial) {
        if (call->isFinished())
            return;
        if (result.status == CommandResult::Status::Timeout)
            call->facts().setTimedOut();
        QJsonObject data = resultData(commandLine, result);
        if (denial) {
            data.insert(QStringLiteral("rule"), denial->rule);
            data.insert(QStringLiteral("offending_command"), denial->offendingCommand);
            if (!denial->typedTool.isEmpty())
                data.insert(QStringLiteral("typed_tool"), denial->typedTool);
        }
        finishData(data, isFailure(result.status));
    };
    const auto deny = [call, finish](const PolicyDecision &denial, const QString &reason) {
        call->facts().setDenied(denial.rule);
        CommandResult denied;
        denied.status = CommandResult::Status::Denied;
        denied.error = reason;
        finish(denied, &denial);
    };
    // A dry run runs nothing; its answer says what would happen.
    const auto dryRun = [call, commandLine, finishData](const QString &text,
                                                        const QJsonObject &plan) {
        if (call->isFinished())
            return;
        QJsonObject data = plan;
        data.insert(QStringLiteral("command"), commandLine);
        data.insert(QStringLiteral("output"), QString());
        data.insert(QStringLiteral("error"), QString());
        data.insert(QStringLiteral("exit_status"), 0);
        data.insert(QStringLiteral("timestamp"), timestampNow());
        data.insert(QStringLiteral("status"), QStringLiteral("dry_run"));
        data.insert(QStringLiteral("dry_run"), true);
        data.insert(QStringLiteral("reason"), text);
        finishData(data, false);
    };
    const int seconds = std::clamp(timeoutS, 1, kMaxTimeoutS);
    const QList<ApiOperation> operations = decision.operations;
    const auto execute = [call, backend, commandLine, seconds, finish, operations] {
        call->facts().setAllowed();
        backend->executor->run(
            commandLine, seconds * 1000,
            [backend, finish, operations](const CommandResult &result) {
                finish(result, nullptr);
                // What the line changed on Proxmox, announced after the answer as the typed
                // tools' changes are.
                if (result.status != CommandResult::Status::Success || operations.isEmpty() ||
                    !backend->guard || !backend->announce)
                    return;
                backend->guard->changedUris(operations, [backend](const QStringList &uris) {
                    for (const QString &uri : uris)
                        backend->announce(uri);
                });
            });
    };
    const QJsonObject &arguments = call->arguments();
    const bool wantsDryRun = arguments.value(QLatin1String("dry_run")).toBool();
    if (decision.allowed) {
        if (wantsDryRun)
            dryRun(QStringLiteral("Dry run, nothing was run. The command policy allows \"%1\"; "
                                  "it would run on %2.")
                       .arg(commandLine, backend->executor->describe()),
                   {});
        else
            execute();
        return;
    }
    if (!decision.needsConfirmation) {
        deny(decision, decision.reason);
        return;
    }
    const bool confirmed = arguments.value(QLatin1String("confirm")).toBool();
    const bool needsPerson = !decision.clientMayConfirm;
    // What the typed tool would do and say, once the operation is placed (or as the command
    // line says it, without the Proxmox API).
    const auto proceedWith = [call, backend, decision, decided, wantsDryRun, confirmed, needsPerson,
                              deny, dryRun, execute](const QString &what, const QJsonObject &plan) {
        if (call->isFinished())
            return;
        // what is empty when the command is no Proxmox operation PveCliMapping knows.
        const QString phrase = what.isEmpty() ? QStringLiteral("run \"%1\"").arg(decided) : what;
        if (wantsDryRun) {
            const QJsonObject request = plan.value(QLatin1String("request")).toObject();
            dryRun(request.isEmpty() ? QStringLiteral("Dry run, nothing was run. %1 would %2.")
                                           .arg(call->toolName(), phrase)
                                     : ConfirmationGate::dryRunText(
                                           call->toolName(), what,
                                           request.value(QLatin1String("method")).toString(),
                                           request.value(QLatin1String("path")).toString(),
                                           needsPerson, decision.rule),
                   plan);
            return;
        }
        if (confirmed && !needsPerson) {
            call->facts().setConfirmation(AuditFacts::Confirmation::Client);
            execute();
            return;
        }
        if (!call->clientSupports(QStringLiteral("elicitation"))) {
            deny(decision, needsPerson ? cannotAsk(decision)
                                       : needsConfirm(call->toolName(), phrase, decision));
            return;
        }
        call->elicit(confirmationQuestion(call->toolName(), decided, backend->executor->describe(),
                                          decision, what),
                     ConfirmationGate::requestedSchema(),
                     [call, decision, deny, execute](Result<QJsonObject> answer) {
                         const Result<void> accepted = ConfirmationGate::interpretAnswer(answer);
                         if (!accepted.ok()) {
                             deny(decision, accepted.error().message);
                             return;
                         }
                         call->facts().setConfirmedByPerson(answer.value());
                         execute();
                     });
    };
    const ApiOperation &operation = decision.operation;
    if (backend->guard && !operation.method.isEmpty()) {
        backend->guard->plan(
            operation, [call, decision, deny, proceedWith](Result<ShellOperationGuard::Plan> plan) {
                if (call->isFinished())
                    return;
                if (!plan.ok()) {
                    deny(decision, plan.error().message);
                    return;
                }
                // Refused as the typed tool refuses it (a protected guest), even for a dry run.
                if (!plan.value().refusal.isEmpty()) {
                    deny(decision, plan.value().refusal);
                    return;
                }
                const ProxmoxRequest &request = plan.value().request;
                proceedWith(
                    plan.value().what,
                    {{QStringLiteral("request"),
                      QJsonObject{{QStringLiteral("method"), QString::fromLatin1(request.method)},
                                  {QStringLiteral("path"), request.path},
                                  {QStringLiteral("params"), request.params}}},
                     {QStringLiteral("affects"), plan.value().affects}});
            });
        return;
    }
    proceedWith(
        operation.method.isEmpty()
            ? QString()
            : ConfirmationGate::describe(QJsonObject{{QStringLiteral("method"), operation.method},
                                                     {QStringLiteral("path"), operation.path},
                                                     {QStringLiteral("params"), operation.params}},
                                         {}),
        {});
}

QJsonObject ExecuteCommandTool::resultData(const QString &commandLine, const CommandResult &result)
{
    QJsonObject data{{QStringLiteral("command"), commandLine},
                     {QStringLiteral("output"), QString::fromUtf8(result.stdoutData)},
                     {QStringLiteral("error"), QString::fromUtf8(result.stderrData)},
                     {QStringLiteral("exit_status"), result.exitStatus},
                     {QStringLiteral("timestamp"), timestampNow()},
                     {QStringLiteral("status"), CommandResult::statusName(result.status)},
                     {QStringLiteral("output_truncated"), result.stdoutTruncated},
                     {QStringLiteral("error_truncated"), result.stderrTruncated},
                     {QStringLiteral("duration_ms"), result.durationMs}};
    if (!result.error.isEmpty())
        data.insert(QStringLiteral("reason"), result.error);
    return data;
}

QString ExecuteCommandTool::render(const QJsonObject &data)
{
    const QString status = data.value(QLatin1String("status")).toString();
    QString text = QStringLiteral("$ %1\n").arg(data.value(QLatin1String("command")).toString());
    if (status == QLatin1String("dry_run"))
        return text + data.value(QLatin1String("reason")).toString();
    if (status == QLatin1String("denied")) {
        return text + QStringLiteral("denied by policy rule %1: %2")
                          .arg(data.value(QLatin1String("rule")).toString(),
                               data.value(QLatin1String("reason")).toString());
    }
    const QString output = data.value(QLatin1String("output")).toString();
    const QString error = data.value(QLatin1String("error")).toString();
    if (!output.isEmpty())
        text += output.endsWith(u'\n') ? output : output + u'\n';
    if (data.value(QLatin1String("output_truncated")).toBool())
        text += QStringLiteral("[output truncated]\n");
    if (!error.isEmpty())
        text += QStringLiteral("stderr:\n") + (error.endsWith(u'\n') ? error : error + u'\n');
    if (data.value(QLatin1String("error_truncated")).toBool())
        text += QStringLiteral("[error output truncated]\n");
    text += QStringLiteral("[%1, exit status %2, %3 ms]")
                .arg(status)
                .arg(data.value(QLatin1String("exit_status")).toInt())
                .arg(data.value(QLatin1String("duration_ms")).toInteger());
    const QString reason = data.value(QLatin1String("reason")).toString();
    if (!reason.isEmpty())
        text += QStringLiteral(": ") + reason;
    return text;
}

} // namespace pmcp
