#include "server/ssh/SshExecutor.h"

#include "server/ssh/SshSessionWorker.h"

namespace pmcp {

SshExecutor::SshExecutor(SshConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_worker(new SshSessionWorker(m_config))
{
    m_thread.setObjectName(QStringLiteral("ssh %1").arg(m_config.host));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &SshSessionWorker::start, Qt::QueuedConnection);
}

SshExecutor::~SshExecutor()
{
    m_worker->abort();
    m_thread.quit();
    m_thread.wait();
}

void SshExecutor::run(const QString &commandLine, int timeoutMs, Callback callback)
{
    if (timeoutMs <= 0)
        timeoutMs = m_config.defaultTimeoutMs;
    SshSessionWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        m_worker,
        [this, worker, commandLine, timeoutMs, callback = std::move(callback)]() {
            const CommandResult result = worker->execute(commandLine, timeoutMs);
            // Posted to this object: dropped if the executor is gone by then.
            QMetaObject::invokeMethod(
                this, [callback, result]() { callback(result); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void SshExecutor::setKey(const QString &keyPath, const QString &passphrase)
{
    m_config.keyPath = keyPath;
    m_config.keyPassphrase = passphrase;
    SshSessionWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        m_worker, [worker, keyPath, passphrase] { worker->setKey(keyPath, passphrase); },
        Qt::QueuedConnection);
}

QString SshExecutor::describe() const
{
    return m_config.describe();
}

int SshExecutor::connectCount() const
{
    return m_worker->connectCount();
}

} // namespace pmcp
