#include "server/ssh/HostKeyVerifier.h"

#include <QFileInfo>

namespace pmcp {

namespace {

QString trustHint(const SshConfig &config)
{
    return QStringLiteral("If this is the right key (compare it with `ssh-keygen -lf "
                          "/etc/ssh/ssh_host_ed25519_key.pub` on %1), trust it with "
                          "`proxmox-mcpd ssh trust --config FILE` or pin it with "
                          "SSH_HOST_KEY_FINGERPRINT=<fingerprint>.")
        .arg(config.host);
}

Error hostKeyError(const QString &message)
{
    return {ErrorCode::PermissionDenied, message};
}

} // namespace

void SshSessionDeleter::operator()(ssh_session session) const
{
    if (ssh_is_connected(session))
        ssh_disconnect(session);
    ssh_free(session);
}

Result<SshSessionPtr> HostKeyVerifier::connect(const SshConfig &config)
{
    SshSessionPtr session(ssh_new());
    if (!session)
        return Error::internal(QStringLiteral("cannot create an SSH session"));
    const QByteArray host = config.host.toUtf8();
    const unsigned int port = config.port;
    const long timeoutSeconds = std::max(1, config.connectTimeoutMs / 1000);
    const QByteArray user = config.user.toUtf8();
    const QByteArray knownHosts = config.knownHostsPath.toUtf8();
    const int noProcessConfig = 0;
    ssh_options_set(session.get(), SSH_OPTIONS_HOST, host.constData());
    ssh_options_set(session.get(), SSH_OPTIONS_PORT, &port);
    ssh_options_set(session.get(), SSH_OPTIONS_TIMEOUT, &timeoutSeconds);
    ssh_options_set(session.get(), SSH_OPTIONS_PROCESS_CONFIG, &noProcessConfig);
    // Small request/reply packets: without this Nagle and delayed ACKs add ~40 ms per step.
    const int noDelay = 1;
    ssh_options_set(session.get(), SSH_OPTIONS_NODELAY, &noDelay);
    if (!user.isEmpty())
        ssh_options_set(session.get(), SSH_OPTIONS_USER, user.constData());
    // Only the configured file counts, never ~/.ssh/known_hosts or /etc/ssh/ssh_known_hosts.
    ssh_options_set(session.get(), SSH_OPTIONS_KNOWNHOSTS,
                    knownHosts.isEmpty() ? "/dev/null" : knownHosts.constData());
    ssh_options_set(session.get(), SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    if (ssh_connect(session.get()) != SSH_OK)
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot connect to %1:%2: %3")
                         .arg(config.host)
                         .arg(config.port)
                         .arg(QString::fromUtf8(ssh_get_error(session.get())))};
    return session;
}

Result<QString> HostKeyVerifier::serverFingerprint(ssh_session session)
{
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(session, &key) != SSH_OK)
        return Error::internal(QStringLiteral("the server sent no host key"));
    unsigned char *hash = nullptr;
    size_t length = 0;
    const int rc = ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length);
    ssh_key_free(key);
    if (rc != SSH_OK)
        return Error::internal(QStringLiteral("cannot hash the host key"));
    const QByteArray digest(reinterpret_cast<const char *>(hash), qsizetype(length));
    ssh_clean_pubkey_hash(&hash);
    return SshFingerprint::format(digest);
}

Result<void> HostKeyVerifier::verify(ssh_session session, const SshConfig &config)
{
    const auto actual = serverFingerprint(session);
    if (!actual.ok())
        return actual.error();
    if (!config.hostKeyFingerprint.isEmpty())
        return verifyPinned(session, config, actual.value());
    return verifyKnownHosts(session, config, actual.value());
}

Result<void> HostKeyVerifier::verifyPinned(ssh_session, const SshConfig &config,
                                           const QString &actual)
{
    const auto pinned = SshFingerprint::parse(config.hostKeyFingerprint);
    if (!pinned.ok())
        return pinned.error();
    if (SshFingerprint::format(pinned.value()) == actual)
        return {};
    return hostKeyError(
        QStringLiteral("host key of %1:%2 does not match SSH_HOST_KEY_FINGERPRINT: the server "
                       "presents %3, the configuration pins %4. Refusing to connect (possible "
                       "man-in-the-middle, or the host was reinstalled).")
            .arg(config.host)
            .arg(config.port)
            .arg(actual, SshFingerprint::format(pinned.value())));
}

Result<void> HostKeyVerifier::verifyKnownHosts(ssh_session session, const SshConfig &config,
                                               const QString &actual)
{
    const QString where = QStringLiteral("%1:%2").arg(config.host).arg(config.port);
    switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
        return {};
    case SSH_KNOWN_HOSTS_CHANGED:
        return hostKeyError(
            QStringLiteral("HOST KEY CHANGED for %1: the server presents %2, which differs from "
                           "the key in %3. Refusing to connect (possible man-in-the-middle, or "
                           "the host was reinstalled). %4")
                .arg(where, actual, config.knownHostsPath, trustHint(config)));
    case SSH_KNOWN_HOSTS_OTHER:
        return hostKeyError(
            QStringLiteral("host key of %1 is of another type than the one in %2 (server "
                           "presents %3). Refusing to connect. %4")
                .arg(where, config.knownHostsPath, actual, trustHint(config)));
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        return hostKeyError(
            QStringLiteral("unknown host key for %1: the server presents %2 and %3 has no entry "
                           "for it. Refusing to connect. %4")
                .arg(where, actual,
                     QFileInfo::exists(config.knownHostsPath)
                         ? config.knownHostsPath
                         : config.knownHostsPath + QStringLiteral(" (missing)"),
                     trustHint(config)));
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return hostKeyError(
        QStringLiteral("cannot check the host key of %1 against %2: %3")
            .arg(where, config.knownHostsPath, QString::fromUtf8(ssh_get_error(session))));
}

} // namespace pmcp
