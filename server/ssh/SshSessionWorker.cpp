#include "server/ssh/SshSessionWorker.h"

#include "shared/core/CommandBytes.h"

#include <QDeadlineTimer>
#include <QTimer>

#include <array>

namespace pmcp {

namespace {

// How long the command gets to end after SIGTERM before SIGKILL, and after SIGKILL before the
// channel is closed regardless.
constexpr int kTermGraceMs = 1000;
constexpr int kKillGraceMs = 1000;
constexpr const char *kFirstSignal = "TERM";
constexpr const char *kLastSignal = "KILL";

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

void SshSessionWorker::setKey(const QString &keyPath, const QString &passphrase)
{
    m_config.keyPath = keyPath;
    m_config.keyPassphrase = passphrase;
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

Result<ssh_channel> SshSessionWorker::openChannel(const QString &commandLine)
{
    // The executor's own door, behind the policy's: libssh sends a C string, so a NUL would
    // cut the command short, and what the host runs would differ from what was judged.
    if (const auto refused = CommandBytes::refusal(commandLine))
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("refused before sending: %1").arg(refused->reason)};
    const QByteArray command = CommandBytes::encode(commandLine);
    ssh_channel channel = ssh_channel_new(m_session.get());
    if (!channel)
        return Error{ErrorCode::Unavailable, QStringLiteral("cannot create an SSH channel")};
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
    if (const auto refused = CommandBytes::refusal(commandLine)) {
        run.result.status = CommandResult::Status::Denied;
        run.result.error = QStringLiteral("refused before sending: %1").arg(refused->reason);
        return run.result;
    }
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
                append(run.result.stderrData, run.result.stderrTruncated, buffer.data(), n);
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
            const QString how = stopRemote(channel, event.get(), run);
            ssh_event_remove_session(event.get(), m_session.get());
            result.status = CommandResult::Status::Timeout;
            result.error = QStringLiteral("the command did not finish within %1 ms: %2")
                               .arg(timeoutMs)
                               .arg(how);
            return;
        }
        const int wait = int(std::min<qint64>(deadline.remainingTime(), 100));
        ssh_event_dopoll(event.get(), std::max(wait, 1));
    }
    ssh_event_remove_session(event.get(), m_session.get());
    ssh_channel_send_eof(channel);
    result.exitStatus = ssh_channel_get_exit_status(channel);
    result.status = result.exitStatus == 0 ? CommandResult::Status::Success
                                           : CommandResult::Status::NonZeroExit;
    if (result.exitStatus < 0)
        result.error = QStringLiteral("the command ended without an exit status (killed by a "
                                      "signal?)");
}

bool SshSessionWorker::awaitEnd(ssh_channel channel, ssh_event event, Run &run, int ms)
{
    const QDeadlineTimer deadline(ms);
    while (true) {
        if (!drain(channel, run))
            return false;
        if (ssh_channel_is_eof(channel) || ssh_channel_is_closed(channel))
            return true;
        if (deadline.hasExpired())
            return false;
        ssh_event_dopoll(event, int(std::clamp<qint64>(deadline.remainingTime(), 1, 100)));
    }
}

QString SshSessionWorker::stopRemote(ssh_channel channel, ssh_event event, Run &run)
{
    // OpenSSH (7.9 and later) delivers a "signal" request to the session's process group, so
    // the command's children go too. It refuses it for forced commands and subsystems, and
    // for logins without privilege separation (root). docs/POLICY.md, "Timeouts".
    const int termGrace = m_aborted ? 0 : kTermGraceMs;
    const int killGrace = m_aborted ? 0 : kKillGraceMs;
    QString how;
    ssh_channel_request_send_signal(channel, kFirstSignal);
    if (awaitEnd(channel, event, run, termGrace)) {
        how = QStringLiteral("stopped with SIGTERM");
    } else {
        ssh_channel_request_send_signal(channel, kLastSignal);
        if (awaitEnd(channel, event, run, killGrace)) {
            how = QStringLiteral("stopped with SIGTERM, then SIGKILL");
        } else if (!m_aborted && killSiblingGroups() &&
                   awaitEnd(channel, event, run, kKillGraceMs)) {
            how = QStringLiteral(
                "the SSH server refused the signals (a root login or a "
                "forced command); stopped from a second channel with SIGTERM, then SIGKILL");
        } else {
            how = QStringLiteral("the SSH server refused the signals (a forced command?); the "
                                 "channel was closed, and the command may run on until it "
                                 "notices");
        }
    }
    ssh_channel_close(channel);
    return how;
}

bool SshSessionWorker::killSiblingGroups()
{
    ssh_channel channel = ssh_channel_new(m_session.get());
    if (!channel)
        return false;
    std::unique_ptr<ssh_channel_struct, ChannelDeleter> owned(channel);
    // sshd starts each channel's command as the leader of a new session (and so process group),
    // as a child of this connection's sshd: the siblings of this shell are the commands of
    // this connection, one at a time, so the timed-out one. A fixed script, no client input:
    // TERM, up to a second to go, then KILL.
    static const QByteArray script = QByteArrayLiteral(
        "g() { for p in $(pgrep -P \"$PPID\"); do [ \"$p\" = \"$$\" ] || echo \"$p\"; done; }; "
        "for p in $(g); do kill -TERM -- \"-$p\"; done 2>/dev/null; "
        "for i in 1 2 3 4 5 6 7 8 9 10; do [ -z \"$(g)\" ] && exit 0; sleep 0.1; done; "
        "for p in $(g); do kill -KILL -- \"-$p\"; done 2>/dev/null; exit 0");
    if (ssh_channel_open_session(channel) != SSH_OK ||
        ssh_channel_request_exec(channel, script.constData()) != SSH_OK)
        return false;
    std::array<char, 4096> buffer{};
    const QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired() && !ssh_channel_is_eof(channel) &&
           !ssh_channel_is_closed(channel)) {
        if (ssh_channel_read_timeout(channel, buffer.data(), uint32_t(buffer.size()), 0, 100) ==
            SSH_ERROR)
            return false;
    }
    return true;
}

} // namespace pmcp
