#include "server/tools/shell/ExecuteCommandTool.h"

#include "server/mcp/ToolCall.h"
#include "server/policy/CoreRules.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

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

QJsonObject ExecuteCommandTool::inputSchema()
{
    QJsonObject timeout =
        typed("integer", QStringLiteral("Seconds before the command is ended (default %1, at "
                                        "most %2).")
                             .arg(kDefaultTimeoutS)
                             .arg(kMaxTimeoutS));
    timeout.insert(QStringLiteral("minimum"), 1);
    timeout.insert(QStringLiteral("maximum"), kMaxTimeoutS);
    timeout.insert(QStringLiteral("default"), kDefaultTimeoutS);
    QJsonObject command = typed("string", QStringLiteral("The command line to run on the Proxmox "
                                                         "host, e.g. \"qm list\" or \"pvesm "
                                                         "status\"."));
    command.insert(QStringLiteral("minLength"), 1);
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"), QJsonObject{{QStringLiteral("command"), command},
                                                       {QStringLiteral("timeout"), timeout}}},
            {QStringLiteral("required"), QJsonArray{QStringLiteral("command")}},
            {QStringLiteral("additionalProperties"), false}};
}

QJsonObject ExecuteCommandTool::outputSchema(const QJsonObject &extraProperties)
{
    QJsonObject status = typed("string");
    status.insert(QStringLiteral("enum"),
                  QJsonArray{QStringLiteral("success"), QStringLiteral("non_zero_exit"),
                             QStringLiteral("timeout"), QStringLiteral("denied"),
                             QStringLiteral("connection_failure")});
    QJsonObject properties{
        {QStringLiteral("command"), typed("string")},
        {QStringLiteral("output"), typed("string", QStringLiteral("Standard output."))},
        {QStringLiteral("error"), typed("string", QStringLiteral("Standard error."))},
        {QStringLiteral("exit_status"),
         typed("integer", QStringLiteral("-1 when the command did not finish."))},
        {QStringLiteral("timestamp"), typed("string", QStringLiteral("ISO 8601, UTC."))},
        {QStringLiteral("status"), status},
        {QStringLiteral("output_truncated"), typed("boolean")},
        {QStringLiteral("error_truncated"), typed("boolean")},
        {QStringLiteral("duration_ms"), typed("integer")},
        {QStringLiteral("reason"), typed("string")},
        {QStringLiteral("rule"), typed("string", QStringLiteral("The policy rule that denied."))},
        {QStringLiteral("offending_command"), typed("string")},
        {QStringLiteral("typed_tool"),
         typed("string", QStringLiteral("The typed tool that does this with confirmation."))}};
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
    tool.title = QStringLiteral("Run a shell command on the Proxmox host");
    tool.description = QStringLiteral(
        "Run one command line on the Proxmox host (e.g. qm list, pct list, pvesm status, pvesh "
        "get /nodes --output-format json) and return its output, error output and exit status. "
        "The command policy decides first: a denied command is not run and the result names "
        "the rule. timeout is in seconds (default 30).");
    tool.category = QStringLiteral("shell");
    tool.inputSchema = inputSchema();
    tool.outputSchema = outputSchema();
    // Not annotated destructive: it takes no dry_run or confirm; the policy decides per command,
    // and the commands the core rules class as destructive need a person (docs/SAFETY.md).
    tool.annotations = {
        .readOnly = false, .destructive = false, .idempotent = false, .openWorld = true};
    tool.handler = [backend](const std::shared_ptr<ToolCall> &call) {
        const QJsonObject &arguments = call->arguments();
        run(call, backend, arguments.value(QLatin1String("command")).toString(),
            arguments.value(QLatin1String("timeout")).toInt(kDefaultTimeoutS));
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
        const PolicyDecision decision =
            backend.judge
                ? backend.judge(commandLines.at(i))
                : withCoreRules(commandLines.at(i), backend.policy->evaluate(commandLines.at(i)));
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
    return confirming ? confirmation : first;
}

PolicyDecision ExecuteCommandTool::withCoreRules(const QString &commandLine,
                                                 PolicyDecision decision)
{
    // Only plain lines (words of safe characters, optionally after sudo): anything else is
    // the command policy's to parse, and it consults the core rules itself.
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@=,+\\- ]+$"));
    if (!decision.allowed || !plain.match(commandLine).hasMatch())
        return decision;
    QStringList words = commandLine.split(u' ', Qt::SkipEmptyParts);
    if (words.size() > 1 && words.first() == QLatin1String("sudo") && !words.at(1).startsWith(u'-'))
        words.removeFirst();
    if (words.isEmpty())
        return decision;
    const QString program = words.takeFirst();
    const CoreVerdict verdict = CoreRules::builtIn().judgeShell(program, words);
    if (verdict.allowed())
        return decision;
    PolicyDecision judged;
    judged.allowed = false;
    judged.rule = verdict.ruleId;
    judged.reason = verdict.reason;
    judged.offendingCommand = commandLine;
    judged.needsConfirmation = verdict.kind == CoreVerdict::Kind::Confirm;
    judged.confirmation = verdict.reason;
    judged.typedTool = verdict.typedTool;
    return judged;
}

QString ExecuteCommandTool::confirmationQuestion(const QString &toolName, const QString &command,
                                                 const QString &host,
                                                 const PolicyDecision &decision)
{
    QString text =
        QStringLiteral("%1 wants to run \"%2\" on %3. %4")
            .arg(toolName, command, host,
                 decision.confirmation.isEmpty() ? decision.reason : decision.confirmation);
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
    const auto finish = [call, commandLine, extra](const CommandResult &result,
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
        for (auto it = extra.begin(); it != extra.end(); ++it)
            data.insert(it.key(), it.value());
        ToolResult toolResult = ToolResult::structured(data, render(data));
        toolResult.isError = isFailure(result.status);
        call->finish(toolResult);
    };
    const auto deny = [call, finish](const PolicyDecision &denial, const QString &reason) {
        call->facts().setDenied(denial.rule);
        CommandResult denied;
        denied.status = CommandResult::Status::Denied;
        denied.error = reason;
        finish(denied, &denial);
    };
    const int seconds = std::clamp(timeoutS, 1, kMaxTimeoutS);
    const auto execute = [call, backend, commandLine, seconds, finish] {
        call->facts().setAllowed();
        backend->executor->run(commandLine, seconds * 1000,
                               [finish](const CommandResult &result) { finish(result, nullptr); });
    };
    if (decision.allowed) {
        execute();
        return;
    }
    if (!decision.needsConfirmation) {
        deny(decision, decision.reason);
        return;
    }
    if (!call->clientSupports(QStringLiteral("elicitation"))) {
        deny(decision, cannotAsk(decision));
        return;
    }
    const QJsonObject schema{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("confirm"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")},
                                  {QStringLiteral("title"), QStringLiteral("Run it")},
                                  {QStringLiteral("default"), false}}}}},
        {QStringLiteral("required"), QJsonArray{QStringLiteral("confirm")}}};
    call->elicit(
        confirmationQuestion(call->toolName(), decided, backend->executor->describe(), decision),
        schema, [call, decision, deny, execute](Result<QJsonObject> answer) {
            const bool accepted = answer.ok() &&
                                  answer.value().value(QLatin1String("action")).toString() ==
                                      QLatin1String("accept") &&
                                  answer.value()
                                      .value(QLatin1String("content"))
                                      .toObject()
                                      .value(QLatin1String("confirm"))
                                      .toBool();
            if (!accepted) {
                deny(decision,
                     QStringLiteral("Nothing was run: the user did not allow it (%1).")
                         .arg(answer.ok() ? answer.value().value(QLatin1String("action")).toString()
                                          : answer.error().message));
                return;
            }
            call->facts().setConfirmation(AuditFacts::Confirmation::Person);
            execute();
        });
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
