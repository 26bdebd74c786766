#include "server/simulator/SimTasks.h"

#include "server/proxmox/Upid.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>

namespace pmcp {

struct SimTasks::Running {
    QString upid;
    QTimer *timer = nullptr;
    std::function<Result<QStringList>()> work;
    std::function<void()> cleanup;
};

namespace {

QString hex8(quint32 value)
{
    return QStringLiteral("%1").arg(value, 8, 16, QLatin1Char('0')).toUpper();
}

void splitUser(const QString &authId, QJsonObject &into)
{
    const qsizetype bang = authId.indexOf(QLatin1Char('!'));
    into.insert(QStringLiteral("user"), bang < 0 ? authId : authId.left(bang));
    if (bang >= 0)
        into.insert(QStringLiteral("tokenid"), authId.mid(bang + 1));
}

} // namespace

QJsonObject SimTask::statusJson() const
{
    QJsonObject json{{QStringLiteral("upid"), upid},
                     {QStringLiteral("node"), node},
                     {QStringLiteral("pid"), static_cast<qint64>(pid)},
                     {QStringLiteral("pstart"), static_cast<qint64>(pstart)},
                     {QStringLiteral("starttime"), starttime},
                     {QStringLiteral("type"), type},
                     {QStringLiteral("id"), id},
                     {QStringLiteral("status"),
                      running ? QStringLiteral("running") : QStringLiteral("stopped")}};
    splitUser(authId, json);
    if (!running)
        json.insert(QStringLiteral("exitstatus"), exitstatus);
    return json;
}

QJsonObject SimTask::listJson() const
{
    QJsonObject json{{QStringLiteral("upid"), upid},
                     {QStringLiteral("node"), node},
                     {QStringLiteral("pid"), static_cast<qint64>(pid)},
                     {QStringLiteral("pstart"), static_cast<qint64>(pstart)},
                     {QStringLiteral("starttime"), starttime},
                     {QStringLiteral("type"), type},
                     {QStringLiteral("id"), id}};
    splitUser(authId, json);
    if (!running) {
        json.insert(QStringLiteral("status"), exitstatus);
        json.insert(QStringLiteral("endtime"), endtime);
    }
    return json;
}

SimTasks::SimTasks(double timeScale, QObject *parent)
    : QObject(parent)
    , m_timeScale(timeScale)
    , m_nextPid(QRandomGenerator::global()->bounded(100000u, 2000000u))
{}

SimTasks::~SimTasks() = default;

QString SimTasks::makeUpid(const QString &node, quint32 pid, quint32 pstart, qint64 starttime,
                           const QString &type, const QString &id, const QString &authId)
{
    return QStringLiteral("UPID:%1:%2:%3:%4:%5:%6:%7:")
        .arg(node, hex8(pid), hex8(pstart), hex8(static_cast<quint32>(starttime)), type, id,
             authId);
}

bool SimTasks::isValidUpid(const QString &upid)
{
    return Upid::isValid(upid);
}

QString SimTasks::start(Spec spec)
{
    SimTask task;
    task.node = spec.node;
    task.pid = m_nextPid;
    m_nextPid += QRandomGenerator::global()->bounded(3u, 400u);
    task.starttime = QDateTime::currentSecsSinceEpoch();
    task.pstart = static_cast<quint32>(task.starttime % 100000000) + 1000000;
    task.type = spec.type;
    task.id = spec.id;
    task.authId = spec.authId;
    task.log = spec.log;
    task.upid =
        makeUpid(task.node, task.pid, task.pstart, task.starttime, task.type, task.id, task.authId);
    m_tasks.append(task);

    auto running = std::make_shared<Running>();
    running->upid = task.upid;
    running->work = std::move(spec.work);
    running->cleanup = std::move(spec.cleanup);
    running->timer = new QTimer(this);
    running->timer->setSingleShot(true);
    const QString upid = task.upid;
    connect(running->timer, &QTimer::timeout, this, [this, upid] { finish(upid); });
    running->timer->start(std::max(1, static_cast<int>(spec.durationMs * m_timeScale)));
    m_running.append(running);
    return task.upid;
}

void SimTasks::addHistory(const SimTask &task)
{
    m_tasks.append(task);
    std::stable_sort(m_tasks.begin(), m_tasks.end(),
                     [](const SimTask &a, const SimTask &b) { return a.starttime < b.starttime; });
}

void SimTasks::finish(const QString &upid)
{
    const auto it = std::find_if(m_running.begin(), m_running.end(),
                                 [&](const auto &r) { return r->upid == upid; });
    if (it == m_running.end())
        return;
    const std::shared_ptr<Running> running = *it;
    m_running.erase(it);
    running->timer->deleteLater();
    const Result<QStringList> result =
        running->work ? running->work() : Result<QStringList>(QStringList());
    if (running->cleanup)
        running->cleanup();
    SimTask *task = findMutable(upid);
    if (!task)
        return;
    if (result.ok()) {
        task->log.append(result.value());
        end(*task, QStringLiteral("OK"));
    } else {
        end(*task, result.error().message);
    }
}

void SimTasks::end(SimTask &task, const QString &exitstatus)
{
    task.running = false;
    task.exitstatus = exitstatus;
    task.endtime = QDateTime::currentSecsSinceEpoch();
    task.log.append(exitstatus == QLatin1String("OK")
                        ? QStringLiteral("TASK OK")
                        : QStringLiteral("TASK ERROR: ") + exitstatus);
    emit taskFinished(task.upid, exitstatus);
}

Result<void> SimTasks::stop(const QString &upid)
{
    SimTask *task = findMutable(upid);
    if (!task)
        return Error::notFound(QStringLiteral("no such task"));
    const auto it = std::find_if(m_running.begin(), m_running.end(),
                                 [&](const auto &r) { return r->upid == upid; });
    if (it == m_running.end())
        return {}; // already stopped: Proxmox answers null as well
    const std::shared_ptr<Running> running = *it;
    m_running.erase(it);
    running->timer->stop();
    running->timer->deleteLater();
    if (running->cleanup)
        running->cleanup();
    end(*task, QStringLiteral("interrupted by signal"));
    return {};
}

const SimTask *SimTasks::find(const QString &upid) const
{
    for (const SimTask &task : m_tasks) {
        if (task.upid == upid)
            return &task;
    }
    return nullptr;
}

SimTask *SimTasks::findMutable(const QString &upid)
{
    return const_cast<SimTask *>(find(upid));
}

QList<const SimTask *> SimTasks::all() const
{
    QList<const SimTask *> result;
    for (auto it = m_tasks.crbegin(); it != m_tasks.crend(); ++it)
        result.append(&*it);
    return result;
}

int SimTasks::runningCount() const
{
    return static_cast<int>(m_running.size());
}

} // namespace pmcp
