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
            {QStringLiteral("description"), QStringLiteral("Task id (UPID:...).")}};
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
        QStringLiteral("Check a task by its UPID: status (running, stopped) and exitstatus (OK, "
                       "WARNINGS: n, or the error)."));
    spec.input.property(QStringLiteral("upid"), upidSchema(), true);
    spec.prepare = withTaskNode;
    return spec;
}

ApiToolSpec taskLog()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("task_log"), QStringLiteral("Task log"), kCategory,
        kTaskPath + QStringLiteral("/log"),
        QStringLiteral("Read a task's log by its UPID, e.g. to see why it failed."));
    spec.input.property(QStringLiteral("upid"), upidSchema(), true)
        .integer(QStringLiteral("start"), QStringLiteral("First line (0-based)."), false, 0)
        .integer(QStringLiteral("lines"), QStringLiteral("How many lines (default 200)."), false,
                 1);
    spec.prepare = withTaskNode;
    spec.output = ApiToolSpec::Output::List;
    spec.input.listControls({});
    spec.localArgs = {QStringLiteral("lines")};
    spec.input.unlist(QStringLiteral("limit")); // lines is the limit here
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
        QStringLiteral("List recent and running tasks (of the cluster or one node): UPID, type, "
                       "guest id, user, start, end, status."));
    spec.input.node(false).boolean(QStringLiteral("errors"), QStringLiteral("Only failed tasks."));
    spec.pathFor = [](const QJsonObject &arguments) {
        return arguments.contains(QLatin1String("node")) ? QStringLiteral("/nodes/{node}/tasks")
                                                         : QStringLiteral("/cluster/tasks");
    };
    // Proxmox's default (source=archive) leaves out the tasks that still run.
    spec.adjustParams = [](QJsonObject &params, const QJsonObject &arguments) {
        if (arguments.contains(QLatin1String("node")))
            params.insert(QStringLiteral("source"), QStringLiteral("all"));
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
        QStringLiteral("Stop a running task by its UPID; its work may be left half done. Needs "
                       "confirmation."),
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
        "Wait for a task (by UPID) to end, with its log as progress; returns the exit status and "
        "log tail.");
    tool.category = kCategory;
    tool.inputSchema = ToolSchema()
                           .target()
                           .property(QStringLiteral("upid"), upidSchema(), true)
                           .integer(QStringLiteral("timeout_s"),
                                    QStringLiteral("Seconds to wait at most."), false, 1)
                           .build();
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
    kit->add(registry, taskWait(kit));
}

} // namespace pmcp
