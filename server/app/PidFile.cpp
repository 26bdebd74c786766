#include "server/app/PidFile.h"

#include <QDir>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace pmcp {

PidFile::PidFile(const QString &stateDir)
    : m_lock(pathIn(stateDir))
{
    m_lock.setStaleLockTime(0); // held for the daemon's life: stale only when its pid is gone
}

PidFile::~PidFile()
{
    if (m_lock.isLocked())
        m_lock.unlock();
}

QString PidFile::pathIn(const QString &stateDir)
{
    return QDir::cleanPath(stateDir) + QStringLiteral("/proxmox-mcpd.pid");
}

Result<void> PidFile::acquire()
{
    if (m_lock.tryLock(0))
        return {};
    qint64 pid = 0;
    QString host;
    QString application;
    if (m_lock.error() == QLockFile::LockFailedError &&
        m_lock.getLockInfo(&pid, &host, &application))
        return Error{ErrorCode::Conflict,
                     QStringLiteral("another daemon (pid %1) already serves this STATE_DIR; stop "
                                    "it first")
                         .arg(pid)};
    return Error::internal(QStringLiteral("cannot write %1").arg(m_lock.fileName()));
}

std::optional<qint64> PidFile::runningPid(const QString &stateDir)
{
    const QString path = pathIn(stateDir);
    if (!QFile::exists(path))
        return std::nullopt;
    QLockFile probe(path);
    probe.setStaleLockTime(0);
    // QLockFile takes over a file whose process is gone (or is another program now): then no
    // daemon runs, and the probe's own lock goes again at once.
    if (probe.tryLock(0)) {
        probe.unlock();
        return std::nullopt;
    }
    qint64 pid = 0;
    QString host;
    QString application;
    if (probe.error() != QLockFile::LockFailedError ||
        !probe.getLockInfo(&pid, &host, &application) || pid <= 0)
        return std::nullopt;
    return pid;
}

Result<std::optional<qint64>> PidFile::signalReload(const QString &stateDir)
{
    const std::optional<qint64> pid = runningPid(stateDir);
    if (!pid)
        return std::optional<qint64>();
    if (::kill(pid_t(*pid), SIGHUP) != 0)
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot tell the daemon (pid %1) to reload: %2; reload it "
                                    "with `systemctl reload proxmox-mcpd`")
                         .arg(*pid)
                         .arg(QString::fromLocal8Bit(std::strerror(errno)))};
    return pid;
}

} // namespace pmcp
