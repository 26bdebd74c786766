#include "tests/support/SmtpReceiver.h"

#include "tests/support/TestCertificate.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>

#include <csignal>

namespace pmcp::testing {

SmtpReceiver::~SmtpReceiver()
{
    stop();
}

bool SmtpReceiver::start(const QString &user, const QString &password, QString *why)
{
    const QString source = qEnvironmentVariable("PMCP_SOURCE_DIR");
    const QString script = source + QStringLiteral("/tests/support/smtp-receiver.py");
    if (source.isEmpty() || !QFile::exists(script)) {
        *why = QStringLiteral("tests/support/smtp-receiver.py not found (PMCP_SOURCE_DIR)");
        return false;
    }
    // Debian's interpreter, which has python3-aiosmtpd, before any other python3 on PATH.
    const QString debianPython = QStringLiteral("/usr/bin/python3");
    const QString python = QFile::exists(debianPython)
                               ? debianPython
                               : QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) {
        *why = QStringLiteral("python3 not found");
        return false;
    }
    if (!m_dir.isValid() || !QDir(m_dir.path()).mkpath(QStringLiteral("mail"))) {
        *why = QStringLiteral("no temporary folder");
        return false;
    }
    if (!TestCertificate::generate(why, m_dir.path()))
        return false;
    m_process.setProgram(python);
    m_process.setArguments({script, m_dir.filePath(QStringLiteral("cert.pem")),
                            m_dir.filePath(QStringLiteral("key.pem")), user, password,
                            m_dir.filePath(QStringLiteral("mail"))});
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        *why = QStringLiteral("python3 did not start: ") + m_process.errorString();
        return false;
    }
    QByteArray line;
    const QDeadlineTimer deadline(20000);
    while (!line.contains('\n') && !deadline.hasExpired() &&
           m_process.state() == QProcess::Running) {
        if (m_process.waitForReadyRead(int(deadline.remainingTime())))
            line += m_process.readAllStandardOutput();
    }
    if (!line.startsWith("ready ")) {
        *why = QStringLiteral("smtp-receiver.py did not get ready (is python3-aiosmtpd "
                              "installed?): ") +
               QString::fromUtf8(line);
        stop();
        return false;
    }
    m_port = quint16(line.mid(6).trimmed().toUInt());
    return m_port != 0;
}

void SmtpReceiver::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    const qint64 pid = m_process.processId();
    if (pid > 0)
        ::kill(pid_t(pid), SIGTERM);
    if (!m_process.waitForFinished(10000)) {
        if (pid > 0)
            ::kill(pid_t(pid), SIGKILL);
        m_process.waitForFinished(5000);
    }
}

QString SmtpReceiver::url() const
{
    return QStringLiteral("smtp://127.0.0.1:%1").arg(m_port);
}

QString SmtpReceiver::caFile() const
{
    return m_dir.filePath(QStringLiteral("cert.pem"));
}

QList<SmtpReceiver::Message> SmtpReceiver::messages() const
{
    QList<Message> list;
    const QDir folder(m_dir.filePath(QStringLiteral("mail")));
    for (const QString &name :
         folder.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile meta(folder.filePath(name));
        QFile content(folder.filePath(name.chopped(5) + QStringLiteral(".eml")));
        if (!meta.open(QIODevice::ReadOnly) || !content.open(QIODevice::ReadOnly))
            continue;
        list.append({content.readAll(), QJsonDocument::fromJson(meta.readAll()).object()});
    }
    return list;
}

} // namespace pmcp::testing
