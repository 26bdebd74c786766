#include "tests/support/LoopbackSshd.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace pmcp {

namespace {

// Children of pid, from /proc: the per-connection sshd processes of the listener.
QList<pid_t> childrenOf(qint64 pid)
{
    QList<pid_t> children;
    const QDir proc(QStringLiteral("/proc"));
    for (const QString &entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const int candidate = entry.toInt(&numeric);
        if (!numeric)
            continue;
        QFile stat(proc.filePath(entry + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // "pid (comm) state ppid ...": comm may hold spaces, so parse after the last ')'.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields[1].toLongLong() == pid)
            children.append(pid_t(candidate));
    }
    return children;
}

} // namespace

LoopbackSshd::LoopbackSshd() = default;

LoopbackSshd::~LoopbackSshd()
{
    stop();
}

QString LoopbackSshd::userName()
{
    const passwd *entry = ::getpwuid(::geteuid());
    return entry ? QString::fromLocal8Bit(entry->pw_name) : QString();
}

QByteArray LoopbackSshd::runTool(const QString &program, const QStringList &arguments,
                                 int *exitCode)
{
    QProcess process;
    process.start(program, arguments);
    process.waitForFinished(30000);
    if (exitCode)
        *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return process.readAllStandardOutput();
}

bool LoopbackSshd::addClientKey(const QString &name, const QString &type, const QString &passphrase,
                                bool authorize, const QString &forcedCommand)
{
    QFile::remove(path(name));
    QFile::remove(path(name + QStringLiteral(".pub")));
    QStringList arguments{
        QStringLiteral("-q"), QStringLiteral("-t"), type,      QStringLiteral("-N"),
        passphrase,           QStringLiteral("-f"), path(name)};
    if (type == QLatin1String("rsa"))
        arguments << QStringLiteral("-b") << QStringLiteral("2048");
    int code = -1;
    runTool(QStringLiteral("ssh-keygen"), arguments, &code);
    if (code != 0)
        return false;
    if (!authorize)
        return true;
    QFile pub(path(name + QStringLiteral(".pub")));
    QFile keys(path(QStringLiteral("authorized_keys")));
    if (!pub.open(QIODevice::ReadOnly) || !keys.open(QIODevice::Append))
        return false;
    const QByteArray options =
        forcedCommand.isEmpty() ? QByteArray() : "command=\"" + forcedCommand.toUtf8() + "\" ";
    return keys.write(options + pub.readAll()) > 0;
}

QString LoopbackSshd::hostKeyFingerprint() const
{
    // "256 SHA256:xxxx comment (ED25519)"
    const QByteArray line = runTool(QStringLiteral("ssh-keygen"),
                                    {QStringLiteral("-lf"), path(QStringLiteral("host_key.pub"))});
    return QString::fromLatin1(line.split(' ').value(1));
}

QString LoopbackSshd::knownHostsLine() const
{
    QFile pub(path(QStringLiteral("host_key.pub")));
    if (!pub.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> fields = pub.readAll().trimmed().split(' ');
    return QStringLiteral("[127.0.0.1]:%1 %2 %3\n")
        .arg(m_port)
        .arg(QString::fromLatin1(fields.value(0)), QString::fromLatin1(fields.value(1)));
}

bool LoopbackSshd::writeConfig()
{
    if (!QFile::exists(path(QStringLiteral("host_key")))) {
        int code = -1;
        runTool(QStringLiteral("ssh-keygen"),
                {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                 QStringLiteral("-N"), QString(), QStringLiteral("-f"),
                 path(QStringLiteral("host_key"))},
                &code);
        if (code != 0) {
            m_error = QStringLiteral("ssh-keygen failed for the host key");
            return false;
        }
    }
    QFile keys(path(QStringLiteral("authorized_keys")));
    keys.open(QIODevice::Append);
    keys.close();
    QFile config(path(QStringLiteral("sshd_config")));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const QString text =
        QStringLiteral("Port %1\nListenAddress 127.0.0.1\nHostKey %2\nPidFile none\n"
                       "AuthorizedKeysFile %3\nPermitRootLogin prohibit-password\nUsePAM no\n"
                       "StrictModes no\nPasswordAuthentication no\n"
                       "KbdInteractiveAuthentication no\nMaxSessions 50\nMaxStartups 100\n"
                       "LogLevel ERROR\n"
                       // bash run by sshd sources ~/.bashrc only at shell level 1; a developer's
                       // .bashrc (pyenv, nvm) can cost 200 ms per command and is not under test.
                       "SetEnv SHLVL=1\n")
            .arg(m_port)
            .arg(path(QStringLiteral("host_key")), path(QStringLiteral("authorized_keys")));
    config.write(text.toUtf8());
    return true;
}

bool LoopbackSshd::waitUntilAccepting()
{
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (m_sshd.state() == QProcess::NotRunning) {
            m_error = QStringLiteral("sshd exited (its reason is on stderr above)");
            return false;
        }
        QTcpSocket probe;
        probe.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        // A full banner exchange keeps sshd from logging an aborted key exchange as an error.
        if (probe.waitForConnected(200)) {
            probe.write("SSH-2.0-LoopbackSshdProbe\r\n");
            probe.waitForBytesWritten(1000);
            return probe.waitForReadyRead(2000) && probe.peek(4) == "SSH-";
        }
        m_sshd.waitForReadyRead(50); // waits on the process, not a fixed sleep
    }
    m_error = QStringLiteral("sshd did not accept connections within 10 s");
    return false;
}

bool LoopbackSshd::start()
{
    if (!m_dir.isValid())
        return false;
    // OpenSSH's compiled-in privilege separation folder, which its packaging creates at boot.
    // Without root this may fail; sshd then says why on stderr (forwarded).
    QDir().mkpath(QStringLiteral("/run/sshd"));
    if (m_port == 0) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return false;
        m_port = probe.serverPort();
    }
    if (!writeConfig())
        return false;
    m_sshd.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // A test that crashes must not leave its sshd listening.
    m_sshd.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    m_sshd.start(QStringLiteral("/usr/sbin/sshd"),
                 {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                  path(QStringLiteral("sshd_config"))});
    if (!m_sshd.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start /usr/sbin/sshd");
        return false;
    }
    return waitUntilAccepting();
}

void LoopbackSshd::stop()
{
    if (m_sshd.state() == QProcess::NotRunning)
        return;
    const qint64 pid = m_sshd.processId();
    for (const pid_t child : childrenOf(pid))
        ::kill(child, SIGTERM);
    m_sshd.terminate();
    if (!m_sshd.waitForFinished(5000)) {
        m_sshd.kill();
        m_sshd.waitForFinished(5000);
    }
}

bool LoopbackSshd::restart()
{
    stop();
    return start();
}

} // namespace pmcp
