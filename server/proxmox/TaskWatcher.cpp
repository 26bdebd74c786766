#include "server/proxmox/TaskWatcher.h"

#include "server/proxmox/Upid.h"

#include <QJsonArray>

namespace pmcp {

namespace {

constexpr int kFirstIntervalMs = 250;
constexpr int kLongestIntervalMs = 1000;
constexpr int kTailLines = 20;
constexpr int kLogPageLines = 500;
constexpr int kToleratedFailures = 3;

} // namespace

TaskWatcher::TaskWatcher(ProxmoxClient *client, QString upid, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_upid(std::move(upid))
    , m_node(Upid::nodeOf(m_upid))
    , m_timeoutMs(timeoutMs)
{
    m_pollTimer.setSingleShot(true);
    m_deadline.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &TaskWatcher::poll);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_active)
            finish(true);
    });
}

TaskWatcher::~TaskWatcher() = default;

void TaskWatcher::start()
{
    if (m_active)
        return;
    ++m_generation;
    if (m_node.isEmpty() || !m_client) {
        ProxmoxError error;
        error.code = ErrorCode::InvalidArgument;
        error.path = m_upid;
        error.message = m_client ? QStringLiteral("%1 is not a Proxmox task id (UPID)").arg(m_upid)
                                 : QStringLiteral("no Proxmox client to follow the task with");
        QTimer::singleShot(0, this, [this, error] { emit failed(error); });
        return;
    }
    m_active = true;
    m_intervalMs = kFirstIntervalMs;
    if (m_timeoutMs > 0)
        m_deadline.start(m_timeoutMs);
    poll();
}

void TaskWatcher::cancel()
{
    m_active = false;
    ++m_generation;
    m_pollTimer.stop();
    m_deadline.stop();
}

QString TaskWatcher::taskPath(const QString &leaf) const
{
    return QStringLiteral("/nodes/%1/tasks/%2/%3").arg(m_node, m_upid, leaf);
}

void TaskWatcher::poll()
{
    if (!m_active || !m_client)
        return;
    const quint64 generation = m_generation;
    m_client->get(taskPath(QStringLiteral("status")), {},
                  [self = QPointer<TaskWatcher>(this), generation](const ProxmoxResult &result) {
                      if (self && self->m_active && self->m_generation == generation)
                          self->onStatus(result);
                  });
}

void TaskWatcher::onStatus(const ProxmoxResult &result)
{
    if (const auto *error = std::get_if<ProxmoxError>(&result)) {
        if (tolerate(*error))
            scheduleNext();
        else
            fail(*error);
        return;
    }
    m_failuresInRow = 0;
    const QJsonObject status = std::get<ProxmoxReply>(result).data.toObject();
    m_status = status.value(QLatin1String("status")).toString();
    const bool stopped = m_status == QLatin1String("stopped");
    if (stopped)
        m_exitStatus = status.value(QLatin1String("exitstatus")).toString();
    fetchLog(stopped);
}

void TaskWatcher::fetchLog(bool final)
{
    const quint64 generation = m_generation;
    const QJsonObject params{{QStringLiteral("start"), m_linesSeen},
                             {QStringLiteral("limit"), kLogPageLines}};
    m_client->get(taskPath(QStringLiteral("log")), params,
                  [self = QPointer<TaskWatcher>(this), generation, final](const auto &result) {
                      if (self && self->m_active && self->m_generation == generation)
                          self->onLog(result, final);
                  });
}

void TaskWatcher::onLog(const ProxmoxResult &result, bool final)
{
    if (const auto *error = std::get_if<ProxmoxError>(&result)) {
        // The log is a nicety: a task that ended still ends without its last lines.
        if (final)
            finish(false);
        else if (tolerate(*error))
            scheduleNext();
        else
            fail(*error);
        return;
    }
    QStringList lines;
    const QJsonArray entries = std::get<ProxmoxReply>(result).data.toArray();
    // An empty page is a lone {"t":"no content"} placeholder, not a log line: counting it
    // would skip the task's real first line (often its "TASK ERROR: ...").
    const bool placeholder =
        entries.size() == 1 && entries.first().toObject().value(QLatin1String("t")).toString() ==
                                   QLatin1String("no content");
    for (const QJsonValue &entry : entries) {
        if (!placeholder)
            lines.append(entry.toObject().value(QLatin1String("t")).toString());
    }
    if (!lines.isEmpty()) {
        m_linesSeen += lines.size();
        m_tail += lines;
        if (m_tail.size() > kTailLines)
            m_tail = m_tail.mid(m_tail.size() - kTailLines);
        emit logLines(lines, m_linesSeen);
    }
    if (lines.size() >= kLogPageLines) {
        fetchLog(final); // more lines wait
        return;
    }
    if (final)
        finish(false);
    else
        scheduleNext();
}

bool TaskWatcher::tolerate(const ProxmoxError &error)
{
    const bool passing = error.code == ErrorCode::Unavailable || error.code == ErrorCode::Timeout;
    return passing && ++m_failuresInRow <= kToleratedFailures;
}

void TaskWatcher::scheduleNext()
{
    m_pollTimer.start(m_intervalMs);
    m_intervalMs = std::min(kLongestIntervalMs, m_intervalMs + kFirstIntervalMs);
}

void TaskWatcher::finish(bool timedOut)
{
    TaskOutcome outcome;
    outcome.upid = m_upid;
    outcome.node = m_node;
    outcome.status = m_status;
    outcome.timedOut = timedOut;
    if (!timedOut) {
        outcome.exitStatus = m_exitStatus;
        outcome.ok = m_exitStatus == QLatin1String("OK") ||
                     m_exitStatus.startsWith(QLatin1String("WARNINGS"));
    }
    if (!outcome.ok)
        outcome.logTail = m_tail;
    cancel();
    emit finished(outcome);
}

void TaskWatcher::fail(const ProxmoxError &error)
{
    cancel();
    emit failed(error);
}

} // namespace pmcp
