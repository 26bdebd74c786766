#include "server/tools/proxmox/TaskTools.h"

#include "server/mcp/ToolCall.h"
#include "server/proxmox/Upid.h"
#include "server/tools/proxmox/ProxmoxToolKit.h"
#include "server/tools/proxmox/TaskWaiter.h"

#include <QJsonArray>

namespace pmcp {

namespace {

const QString kCategory = QStringLiteral("tasks");
const QString kTaskPath = QStringLiteral("/nodes/{node}/tasks/{upid}");

QJsonObject upidSchema()
{
    return {{QStringLiteral("type"), QStringLiteral("string")},
            {QStringLiteral("pattern"), Upid::schemaPattern()},
            {QStringLiteral("description"),
             QStringLiteral("Task id as a tool returned it (UPID:node:...).")}};
}

// The node of a task is part of its UPID.
QJsonObject withTaskNode(QJsonObject arguments, ProxmoxClient *)
{
    arguments.insert(QStringLiteral("node"),
                     Upid::nodeOf(arguments.value(QLatin1String("upid")).toString()));
    return arguments;
}

ApiToolSpec taskStatus()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("task_status"), QStringLiteral("Task status"), kCategory,
        kTaskPath + QStringLiteral("/status"),
        QStringLiteral("Is a task (by UPID) still running, and how did it end (exitstatus OK, "
                       "WARNINGS: n, or the error)?"));
    spec.input.property(QStringLiteral("upid"), upidSchema(), true);
    spec.prepare = withTaskNode;
    spec.outputSchema = ToolSchema::objectOutput({QStringLiteral("status")});
    return spec;
}

ApiToolSpec taskLog()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("task_log"), QStringLiteral("Task log"), kCategory,
        kTaskPath + QStringLiteral("/log"),
        QStringLiteral("Read a task's log lines (by UPID), e.g. to see why it failed."));
    spec.input.property(QStringLiteral("upid"), upidSchema(), true)
        .integer(QStringLiteral("start"), QStringLiteral("First line (0-based)."), false, 0)
        .integer(QStringLiteral("lines"), QStringLiteral("How many lines (default 200)."), false,
                 1);
    spec.prepare = withTaskNode;
    spec.output = ApiToolSpec::Output::List;
    spec.input.listControls({});
    spec.localArgs = {QStringLiteral("lines")};
    spec.adjustParams = [](QJsonObject &params, const QJsonObject &arguments) {
        params.insert(QStringLiteral("limit"), arguments.value(QLatin1String("lines")).toInt(200));
    };
    spec.columns = {QStringLiteral("n"), QStringLiteral("t")};
    return spec;
}

ApiToolSpec taskList()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("task_list"), QStringLiteral("Recent tasks"), kCategory,
        QStringLiteral("/cluster/tasks"),
        QStringLiteral("List recent tasks of the cluster (or of one node): type, guest id, user, "
                       "start and end, status. Filter by type (qmstart, vzdump, ...), status "
                       "or id; errors:true keeps only failed ones."));
    spec.input.node(false).boolean(QStringLiteral("errors"), QStringLiteral("Only failed tasks."));
    spec.pathFor = [](const QJsonObject &arguments) {
        return arguments.contains(QLatin1String("node")) ? QStringLiteral("/nodes/{node}/tasks")
                                                         : QStringLiteral("/cluster/tasks");
    };
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("node"), QStringLiteral("type"), QStringLiteral("status"),
                    QStringLiteral("id"), QStringLiteral("user")};
    spec.input.listControls(spec.filters);
    spec.localArgs = {QStringLiteral("errors")};
    spec.transform = [](const QJsonValue &data, const QJsonObject &arguments) -> QJsonValue {
        if (!arguments.value(QLatin1String("errors")).toBool())
            return data;
        QJsonArray failed;
        for (const QJsonValue &row : data.toArray()) {
            const QString status = row.toObject().value(QLatin1String("status")).toString();
            if (!status.isEmpty() && status != QLatin1String("OK") &&
                status != QLatin1String("running") && !status.startsWith(QLatin1String("WARNINGS")))
                failed.append(row);
        }
        return failed;
    };
    spec.columns = {QStringLiteral("upid"),   QStringLiteral("type"),   QStringLiteral("id"),
                    QStringLiteral("user"),   QStringLiteral("status"), QStringLiteral("starttime"),
                    QStringLiteral("endtime")};
    return spec;
}

ApiToolSpec taskStop()
{
    ApiToolSpec spec = ApiToolSpec::change(
        QStringLiteral("task_stop"), QStringLiteral("Stop task"), kCategory, "DELETE", kTaskPath,
        QStringLiteral("Stop a running task (by UPID), e.g. a stuck backup. What it was doing "
                       "may be left half done. Run with dry_run first; needs confirmation."),
        true, true);
    spec.input.property(QStringLiteral("upid"), upidSchema(), true).confirmation();
    spec.prepare = withTaskNode;
    spec.confirm = true;
    spec.describe = [](ProxmoxClient *client, const QJsonObject &arguments,
                       std::function<void(Result<QJsonObject>)> done) {
        const QString upid = arguments.value(QLatin1String("upid")).toString();
        const Result<QString> path = ProxmoxToolKit::expandPath(
            kTaskPath + QStringLiteral("/status"), withTaskNode(arguments, client));
        client->get(path.ok() ? path.value() : QString(), {}, [done](const ProxmoxResult &result) {
            if (const auto *error = std::get_if<ProxmoxError>(&result))
                done(Error{ErrorCode::NotFound, error->describe()});
            else
                done(std::get<ProxmoxReply>(result).data.toObject());
        });
    };
    return spec;
}

ToolDefinition taskWait(const std::shared_ptr<ProxmoxToolKit> &kit)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("task_wait");
    tool.title = QStringLiteral("Wait for task");
    tool.description = QStringLiteral(
        "Wait until a task (by UPID) ends or timeout_s passes, with its log lines as progress "
        "notifications; returns the exit status and, on failure, the log tail.");
    tool.category = kCategory;
    tool.inputSchema = ToolSchema()
                           .target()
                           .property(QStringLiteral("upid"), upidSchema(), true)
                           .integer(QStringLiteral("timeout_s"),
                                    QStringLiteral("Seconds to wait at most."), false, 1)
                           .build();
    tool.outputSchema = ToolSchema::actionOutput();
    tool.annotations = {
        .readOnly = true, .destructive = false, .idempotent = true, .openWorld = false};
    tool.handler = [kit](const std::shared_ptr<ToolCall> &call) {
        ProxmoxClient *client = kit->clientFor(call);
        if (!client)
            return;
        const QString upid = call->arguments().value(QLatin1String("upid")).toString();
        if (!Upid::isValid(upid)) {
            call->finish(ToolResult::error(QStringLiteral("Not a valid UPID: %1").arg(upid)));
            return;
        }
        TaskWaiter::follow(call, client, upid, kit->timeoutS(call->arguments()));
    };
    return tool;
}

} // namespace

void TaskTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit)
{
    for (ApiToolSpec spec : {taskStatus(), taskLog(), taskList(), taskStop()})
        kit->add(registry, std::move(spec));
    ProxmoxToolKit::add(registry, taskWait(kit));
}

} // namespace pmcp
