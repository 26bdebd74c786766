#include "server/ssh/SshSessionWorker.h"

#include <QDeadlineTimer>
#include <QTimer>

#include <array>

namespace pmcp {

namespace {

// Keeps libssh (and OpenSSL) from asking for a passphrase on a terminal.
int refusePassphrase(const char *, char *, size_t, int, int, void *)
{
    return -1;
}

struct ChannelDeleter final {
    void operator()(ssh_channel channel) const
    {
        if (ssh_channel_is_open(channel))
            ssh_channel_close(channel);
        ssh_channel_free(channel);
    }
};

struct EventDeleter final {
    void operator()(ssh_event event) const { ssh_event_free(event); }
};

} // namespace

SshSessionWorker::SshSessionWorker(SshConfig config)
    : m_config(std::move(config))
{}

SshSessionWorker::~SshSessionWorker() = default;

void SshSessionWorker::start()
{
    m_keepalive = new QTimer(this);
    m_keepalive->setInterval(m_config.keepaliveIntervalMs);
    connect(m_keepalive, &QTimer::timeout, this, &SshSessionWorker::sendKeepalive);
    m_keepalive->start();
}

void SshSessionWorker::dropSession()
{
    m_session.reset();
}

void SshSessionWorker::sendKeepalive()
{
    if (!m_session)
        return;
    // A write to a dead connection fails here (or on the next tick), so the next command
    // reconnects at once instead of discovering the corpse first.
    if (!ssh_is_connected(m_session.get()) || ssh_send_ignore(m_session.get(), "") != SSH_OK)
        dropSession();
}

Result<void> SshSessionWorker::ensureConnected()
{
    if (m_session && ssh_is_connected(m_session.get()))
        return {};
    dropSession();
    auto connected = HostKeyVerifier::connect(m_config);
    if (!connected.ok())
        return connected.error();
    SshSessionPtr session = std::move(connected).value();
    const auto verified = HostKeyVerifier::verify(session.get(), m_config);
    if (!verified.ok())
        return verified.error();
    const auto authenticated = authenticate(session.get());
    if (!authenticated.ok())
        return authenticated.error();
    m_session = std::move(session);
    ++m_connectCount;
    return {};
}

Result<void> SshSessionWorker::authenticate(ssh_session session)
{
    const QString who = QStringLiteral("%1@%2").arg(m_config.user, m_config.host);
    QString keyProblem;
    if (!m_config.keyPath.isEmpty()) {
        ssh_key key = nullptr;
        const QByteArray path = m_config.keyPath.toUtf8();
        const QByteArray passphrase = m_config.keyPassphrase.toUtf8();
        if (ssh_pki_import_privkey_file(path.constData(),
                                        passphrase.isEmpty() ? nullptr : passphrase.constData(),
                                        refusePassphrase, nullptr, &key) != SSH_OK) {
            keyProblem = QStringLiteral("cannot read the private key %1 (missing file, or a "
                                        "wrong or missing SSH_KEY_PASSPHRASE)")
                             .arg(m_config.keyPath);
        } else {
            const int rc = ssh_userauth_publickey(session, nullptr, key);
            ssh_key_free(key);
            if (rc == SSH_AUTH_SUCCESS)
                return {};
            keyProblem = QStringLiteral("the server refused the key %1").arg(m_config.keyPath);
        }
    }
    if (!m_config.password.isEmpty()) {
        const QByteArray password = m_config.password.toUtf8();
        if (ssh_userauth_password(session, nullptr, password.constData()) == SSH_AUTH_SUCCESS)
            return {};
        keyProblem += (keyProblem.isEmpty() ? QString() : QStringLiteral("; ")) +
                      QStringLiteral("the server refused the password");
    }
    if (keyProblem.isEmpty())
        keyProblem = QStringLiteral("neither SSH_KEY_PATH nor SSH_PASSWORD is set");
    return Error{ErrorCode::Unauthenticated,
                 QStringLiteral("SSH authentication failed for %1: %2").arg(who, keyProblem)};
}

QByteArray SshSessionWorker::wrapCommand(const QString &commandLine)
{
    // sshd runs each command in a new session whose process group id is the shell's pid.
    // The shell announces it first on stderr (stripped again) so that a timeout can end the
    // whole group from a second channel: OpenSSH ignores "signal" requests for root logins.
    return QByteArrayLiteral("echo \"pmcp-pgid:$$\" >&2; ") + commandLine.toUtf8();
}

Result<ssh_channel> SshSessionWorker::openChannel(const QString &commandLine)
{
    ssh_channel channel = ssh_channel_new(m_session.get());
    if (!channel)
        return Error{ErrorCode::Unavailable, QStringLiteral("cannot create an SSH channel")};
    const QByteArray command = wrapCommand(commandLine);
    if (ssh_channel_open_session(channel) != SSH_OK ||
        ssh_channel_request_exec(channel, command.constData()) != SSH_OK) {
        const QString reason = QString::fromUtf8(ssh_get_error(m_session.get()));
        ChannelDeleter()(channel);
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot start the command over SSH: %1").arg(reason)};
    }
    return channel;
}

CommandResult SshSessionWorker::execute(const QString &commandLine, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    Run run;
    // A session that died since the last command (sshd restarted, network gone) shows up only
    // when a channel is opened: then reconnect once. Nothing ran yet, so retrying is safe.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto connected = ensureConnected();
        if (!connected.ok()) {
            run.result.status = CommandResult::Status::ConnectionFailure;
            run.result.error = connected.error().message;
            break;
        }
        auto channel = openChannel(commandLine);
        if (!channel.ok()) {
            dropSession();
            run.result.status = CommandResult::Status::ConnectionFailure;
            run.result.error = channel.error().message;
            continue;
        }
        std::unique_ptr<ssh_channel_struct, ChannelDeleter> owned(channel.value());
        run = Run{};
        runOnChannel(owned.get(), timeoutMs, run);
        break;
    }
    run.result.durationMs = clock.elapsed();
    return run.result;
}

void SshSessionWorker::append(QByteArray &target, bool &truncated, const char *data,
                              qsizetype size) const
{
    const qsizetype room = m_config.outputCap - target.size();
    if (size > room) {
        truncated = true;
        if (room > 0)
            target.append(data, room);
        return;
    }
    target.append(data, size);
}

void SshSessionWorker::takeStderr(Run &run, const char *data, int size) const
{
    if (run.headDone) {
        append(run.result.stderrData, run.result.stderrTruncated, data, size);
        return;
    }
    run.stderrHead.append(data, size);
    const qsizetype newline = run.stderrHead.indexOf('\n');
    if (newline < 0 && run.stderrHead.size() < 64)
        return;
    run.headDone = true;
    const QByteArray line = run.stderrHead.left(newline < 0 ? 0 : newline);
    const QByteArray prefix = QByteArrayLiteral("pmcp-pgid:");
    if (line.startsWith(prefix)) {
        run.remoteGroup = line.mid(prefix.size()).toLongLong();
        run.stderrHead.remove(0, newline + 1);
    }
    append(run.result.stderrData, run.result.stderrTruncated, run.stderrHead.constData(),
           run.stderrHead.size());
    run.stderrHead.clear();
}

bool SshSessionWorker::drain(ssh_channel channel, Run &run)
{
    std::array<char, 64 * 1024> buffer{};
    for (int stream = 0; stream < 2; ++stream) {
        int n = 0;
        while ((n = ssh_channel_read_nonblocking(channel, buffer.data(), uint32_t(buffer.size()),
                                                 stream)) > 0) {
            if (stream == 0)
                append(run.result.stdoutData, run.result.stdoutTruncated, buffer.data(), n);
            else
                takeStderr(run, buffer.data(), n);
        }
        if (n == SSH_ERROR)
            return false;
    }
    return true;
}

void SshSessionWorker::runOnChannel(ssh_channel channel, int timeoutMs, Run &run)
{
    CommandResult &result = run.result;
    std::unique_ptr<ssh_event_struct, EventDeleter> event(ssh_event_new());
    ssh_event_add_session(event.get(), m_session.get());
    const QDeadlineTimer deadline(timeoutMs);
    while (true) {
        if (!drain(channel, run)) {
            ssh_event_remove_session(event.get(), m_session.get());
            dropSession();
            result.status = CommandResult::Status::ConnectionFailure;
            result.error = QStringLiteral("the SSH connection was lost while the command ran");
            return;
        }
        if (ssh_channel_is_eof(channel) || ssh_channel_is_closed(channel))
            break;
        if (deadline.hasExpired() || m_aborted) {
            stopRemote(channel, run);
            ssh_event_remove_session(event.get(), m_session.get());
            result.status = CommandResult::Status::Timeout;
            result.error = QStringLiteral("the command did not finish within %1 ms and was "
                                          "stopped (SIGTERM, then SIGKILL)")
                               .arg(timeoutMs);
            return;
        }
        const int wait = int(std::min<qint64>(deadline.remainingTime(), 100));
        ssh_event_dopoll(event.get(), std::max(wait, 1));
    }
    ssh_event_remove_session(event.get(), m_session.get());
    if (!run.headDone) { // stderr ended before a full line: keep what there is
        run.headDone = true;
        append(result.stderrData, result.stderrTruncated, run.stderrHead.constData(),
               run.stderrHead.size());
    }
    ssh_channel_send_eof(channel);
    result.exitStatus = ssh_channel_get_exit_status(channel);
    result.status = result.exitStatus == 0 ? CommandResult::Status::Success
                                           : CommandResult::Status::NonZeroExit;
    if (result.exitStatus < 0)
        result.error = QStringLiteral("the command ended without an exit status (killed by a "
                                      "signal?)");
}

void SshSessionWorker::stopRemote(ssh_channel channel, const Run &run)
{
    // Where sshd honours it (non-root logins), the signal reaches the whole process group.
    ssh_channel_request_send_signal(channel, "TERM");
    if (run.remoteGroup > 1)
        killRemoteGroup(run.remoteGroup);
    ssh_channel_close(channel);
}

void SshSessionWorker::killRemoteGroup(qint64 group)
{
    ssh_channel channel = ssh_channel_new(m_session.get());
    if (!channel)
        return;
    std::unique_ptr<ssh_channel_struct, ChannelDeleter> owned(channel);
    // TERM, up to a second to go, then KILL.
    const QByteArray command =
        QStringLiteral(
            "kill -TERM -- -%1 2>/dev/null; for i in 1 2 3 4 5 6 7 8 9 10; do "
            "kill -0 -- -%1 2>/dev/null || exit 0; sleep 0.1; done; kill -KILL -- -%1 2>/dev/null")
            .arg(group)
            .toUtf8();
    if (ssh_channel_open_session(channel) != SSH_OK ||
        ssh_channel_request_exec(channel, command.constData()) != SSH_OK)
        return;
    std::array<char, 4096> buffer{};
    const QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired() && !ssh_channel_is_eof(channel) &&
           !ssh_channel_is_closed(channel)) {
        if (ssh_channel_read_timeout(channel, buffer.data(), uint32_t(buffer.size()), 0, 100) ==
            SSH_ERROR)
            return;
    }
}

} // namespace pmcp
