#include "DaemonProcess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>

DaemonProcess::DaemonProcess(QString program, QByteArray extraSettings)
    : m_program(std::move(program))
    , m_extraSettings(std::move(extraSettings))
{}

DaemonProcess::~DaemonProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool DaemonProcess::start(QString *error)
{
    const QString config = m_dir.filePath(QStringLiteral("bench.env"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1").arg(config);
        return false;
    }
    file.write("LOG_LEVEL=INFO\nMCP_HOST=127.0.0.1\nMCP_PORT=0\nENABLE_PROXMOX_API=false\n"
               "ENABLE_SSH=false\nSTATE_DIR=" +
               m_dir.filePath(QStringLiteral("state")).toUtf8() + "\n" + m_extraSettings);
    file.close();

    QProcess create;
    create.start(m_program, {QStringLiteral("clients"), QStringLiteral("create"),
                             QStringLiteral("bench"), QStringLiteral("--config"), config});
    if (!create.waitForFinished(10000) || create.exitCode() != 0) {
        *error = QStringLiteral("clients create failed: %1")
                     .arg(QString::fromUtf8(create.readAllStandardError()));
        return false;
    }
    m_token = create.readAllStandardOutput().trimmed().split('\n').last();

    m_process.start(m_program, {QStringLiteral("serve"), QStringLiteral("--config"), config});
    QElapsedTimer timer;
    timer.start();
    QByteArray log;
    static const QRegularExpression listening(
        QStringLiteral("listening on http://127.0.0.1:(\\d+)/"));
    while (timer.elapsed() < 10000) {
        m_process.waitForReadyRead(200);
        log += m_process.readAllStandardError();
        const auto match = listening.match(QString::fromUtf8(log));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(1).toUInt());
            return true;
        }
        if (m_process.state() == QProcess::NotRunning)
            break;
    }
    *error = QStringLiteral("the daemon did not start: %1").arg(QString::fromUtf8(log));
    return false;
}

qint64 DaemonProcess::rssKiB() const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}
