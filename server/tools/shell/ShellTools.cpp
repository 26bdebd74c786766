#include "server/tools/shell/ShellTools.h"

#include "server/mcp/ToolCall.h"
#include "server/mcp/ToolRegistry.h"

#include <QJsonArray>

namespace pmcp {

namespace {

QJsonObject lxcInputSchema()
{
    QJsonObject vmid{{QStringLiteral("type"), QStringLiteral("integer")},
                     {QStringLiteral("minimum"), 100},
                     {QStringLiteral("description"), QStringLiteral("Container id.")}};
    QJsonObject command{
        {QStringLiteral("type"), QStringLiteral("array")},
        {QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
        {QStringLiteral("minItems"), 1},
        {QStringLiteral("description"),
         QStringLiteral("Program and arguments, e.g. [\"df\", \"-h\"].")}};
    QJsonObject node{
        {QStringLiteral("type"), QStringLiteral("string")},
        {QStringLiteral("description"), QStringLiteral("The container's node (reported back).")}};
    QJsonObject timeout{
        {QStringLiteral("type"), QStringLiteral("integer")},
        {QStringLiteral("description"), QStringLiteral("Seconds before the command is ended.")},
        {QStringLiteral("minimum"), 1},
        {QStringLiteral("maximum"), ExecuteCommandTool::kMaxTimeoutS},
        {QStringLiteral("default"), ExecuteCommandTool::kDefaultTimeoutS}};
    return {
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("node"), node},
                     {QStringLiteral("vmid"), vmid},
                     {QStringLiteral("command"), command},
                     {QStringLiteral("timeout_s"), timeout},
                     {QStringLiteral("dry_run"),
                      ExecuteCommandTool::confirmationArguments().value(QLatin1String("dry_run"))},
                     {QStringLiteral("confirm"), ExecuteCommandTool::confirmationArguments().value(
                                                     QLatin1String("confirm"))}}},
        {QStringLiteral("required"), QJsonArray{QStringLiteral("vmid"), QStringLiteral("command")}},
        {QStringLiteral("additionalProperties"), false}};
}

} // namespace

QString ShellTools::quote(const QString &word)
{
    QString quoted = word;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

QString ShellTools::quoteAll(const QStringList &words)
{
    QStringList quoted;
    for (const QString &word : words)
        quoted.append(quote(word));
    return quoted.join(u' ');
}

ToolDefinition ShellTools::lxcExecDefinition(std::shared_ptr<const ShellBackend> backend)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("lxc_exec");
    tool.title = QStringLiteral("Run a command in a container");
    tool.description = QStringLiteral(
        "Run a program in a container (pct exec, no shell) if the command policy allows it. "
        "Returns its output and exit status.");
    tool.category = QStringLiteral("shell");
    tool.inputSchema = lxcInputSchema();
    tool.argumentAliases = {{QStringLiteral("timeout"), QStringLiteral("timeout_s")}};
    tool.hiddenArguments = ExecuteCommandTool::confirmationArguments().keys();
    // No output schema: the result is execute_command's (with vmid and node), and the
    // catalogue lists that shape once.
    // Not annotated destructive: the policy decides per command, and only the commands the core
    // rules confirm take the (unlisted) dry_run and confirm (docs/SAFETY.md).
    tool.annotations = {
        .readOnly = false, .destructive = false, .idempotent = false, .openWorld = true};
    tool.handler = [backend](const std::shared_ptr<ToolCall> &call) {
        const QJsonObject &arguments = call->arguments();
        const int vmid = arguments.value(QLatin1String("vmid")).toInt();
        QStringList words;
        for (const QJsonValue &word : arguments.value(QLatin1String("command")).toArray())
            words.append(word.toString());
        const QString inner = quoteAll(words);
        const QString line = QStringLiteral("pct exec %1 -- %2").arg(vmid).arg(inner);
        QJsonObject extra{{QStringLiteral("vmid"), vmid}};
        if (arguments.contains(QLatin1String("node")))
            extra.insert(QStringLiteral("node"), arguments.value(QLatin1String("node")));
        call->facts().setTargetNode(arguments.value(QLatin1String("node")).toString());
        call->facts().setTargetGuest(QStringLiteral("lxc"), vmid);
        ExecuteCommandTool::run(
            call, backend, line,
            arguments.value(QLatin1String("timeout_s")).toInt(ExecuteCommandTool::kDefaultTimeoutS),
            {inner}, extra);
    };
    return tool;
}

void ShellTools::registerAll(ToolRegistry &registry, std::shared_ptr<CommandExecutor> executor,
                             std::shared_ptr<const CommandPolicy> policy,
                             ShellBackend::Observer observer, ShellBackend::Judge judge,
                             std::shared_ptr<const ShellOperationGuard> guard,
                             ShellBackend::Announce announce)
{
    auto backend = std::make_shared<const ShellBackend>(
        ShellBackend{std::move(executor), std::move(policy), std::move(observer), std::move(judge),
                     std::move(guard), std::move(announce)});
    for (ToolDefinition tool :
         {ExecuteCommandTool::definition(backend), lxcExecDefinition(backend)}) {
        const QString name = tool.name;
        const Result<void> added = registry.add(std::move(tool));
        Q_ASSERT_X(added.ok(), "ShellTools::registerAll", qPrintable(name));
        Q_UNUSED(added);
        Q_UNUSED(name);
    }
}

} // namespace pmcp
