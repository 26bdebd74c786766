#include "server/simulator/SimTaskRoutes.h"

#include "server/simulator/SimRouter.h"
#include "server/simulator/SimTasks.h"

#include <QJsonArray>

namespace pmcp {

namespace {

bool matches(const SimCall &call, const SimTask &task)
{
    const QString source = call.str(QStringLiteral("source"), QStringLiteral("archive"));
    if (source == QLatin1String("archive") && task.running)
        return false;
    if (source == QLatin1String("active") && !task.running)
        return false;
    if (call.has(QStringLiteral("vmid")) && task.id != call.str(QStringLiteral("vmid")))
        return false;
    const QString type = call.str(QStringLiteral("typefilter"));
    if (!type.isEmpty() && task.type != type)
        return false;
    const QString user = call.str(QStringLiteral("userfilter"));
    if (!user.isEmpty() && !task.authId.contains(user))
        return false;
    if (call.flag(QStringLiteral("errors")) && !task.failed())
        return false;
    if (call.has(QStringLiteral("since")) && task.starttime < call.integer(QStringLiteral("since")))
        return false;
    return !call.has(QStringLiteral("until")) ||
           task.starttime <= call.integer(QStringLiteral("until"));
}

SimResult nodeTasks(SimCall &call)
{
    const int start = static_cast<int>(call.integer(QStringLiteral("start"), 0));
    const int limit = static_cast<int>(call.integer(QStringLiteral("limit"), 50));
    QJsonArray rows;
    int total = 0;
    for (const SimTask *task : call.tasks.all()) {
        if (task->node != call.node() || !matches(call, *task))
            continue;
        if (total >= start && rows.size() < limit)
            rows.append(task->listJson());
        ++total;
    }
    return SimResult::list(rows, total);
}

Result<const SimTask *> taskOf(SimCall &call)
{
    const QString upid = call.str(QStringLiteral("upid"));
    if (!SimTasks::isValidUpid(upid))
        return Error::invalid(QStringLiteral("unable to parse worker upid '%1'").arg(upid));
    const SimTask *task = call.tasks.find(upid);
    if (!task || task->node != call.node())
        return Error::notFound(QStringLiteral("no such task"));
    return task;
}

SimResult status(SimCall &call)
{
    auto task = taskOf(call);
    if (!task)
        return SimResult::paramError(QStringLiteral("upid"), task.error().message);
    return SimResult::ok(task.value()->statusJson());
}

SimResult log(SimCall &call)
{
    auto task = taskOf(call);
    if (!task)
        return SimResult::paramError(QStringLiteral("upid"), task.error().message);
    const QStringList &lines = task.value()->log;
    const int start = static_cast<int>(call.integer(QStringLiteral("start"), 0));
    const int limit = static_cast<int>(call.integer(QStringLiteral("limit"), 50));
    QJsonArray rows;
    for (int i = start; i < lines.size() && rows.size() < limit; ++i)
        rows.append(QJsonObject{{QStringLiteral("n"), i + 1}, {QStringLiteral("t"), lines.at(i)}});
    if (lines.isEmpty() && start == 0) // a running task with nothing written yet
        rows.append(QJsonObject{{QStringLiteral("n"), 1},
                                {QStringLiteral("t"), QStringLiteral("no content")}});
    return SimResult::list(rows, static_cast<int>(std::max<qsizetype>(lines.size(), 1)));
}

SimResult stop(SimCall &call)
{
    auto task = taskOf(call);
    if (!task)
        return SimResult::paramError(QStringLiteral("upid"), task.error().message);
    call.tasks.stop(task.value()->upid);
    return SimResult::ok();
}

SimResult clusterTasks(SimCall &call)
{
    QJsonArray rows;
    for (const SimTask *task : call.tasks.all()) {
        QJsonObject row = task->listJson();
        row.insert(QStringLiteral("saved"),
                   task->running ? QStringLiteral("0") : QStringLiteral("1"));
        rows.append(row);
        if (rows.size() >= 200)
            break;
    }
    return SimResult::ok(rows);
}

} // namespace

void SimTaskRoutes::install(SimRouter &router)
{
    router.add("GET", QStringLiteral("/nodes/{node}/tasks"), nodeTasks);
    router.add("GET", QStringLiteral("/nodes/{node}/tasks/{upid}/status"), status);
    router.add("GET", QStringLiteral("/nodes/{node}/tasks/{upid}/log"), log);
    router.add("DELETE", QStringLiteral("/nodes/{node}/tasks/{upid}"), stop);
    router.add("GET", QStringLiteral("/cluster/tasks"), clusterTasks);
}

} // namespace pmcp
