#include "server/ssh/HostKeyTrust.h"

#include "shared/core/AtomicFile.h"
#include "server/ssh/HostKeyVerifier.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace pmcp {

namespace {

SshConfig probeConfig(const QString &host, quint16 port)
{
    SshConfig config;
    config.host = host;
    config.port = port;
    return config;
}

} // namespace

QString HostKeyTrust::hostPattern(const QString &host, quint16 port)
{
    return port == 22 ? host : QStringLiteral("[%1]:%2").arg(host).arg(port);
}

Result<QString> HostKeyTrust::fetchFingerprint(const QString &host, quint16 port)
{
    const auto session = HostKeyVerifier::connect(probeConfig(host, port));
    if (!session.ok())
        return session.error();
    return HostKeyVerifier::serverFingerprint(session.value().get());
}

Result<void> HostKeyTrust::trust(const QString &host, quint16 port, const QString &knownHostsPath,
                                 const QString &expectedFingerprint)
{
    const auto session = HostKeyVerifier::connect(probeConfig(host, port));
    if (!session.ok())
        return session.error();
    const auto actual = HostKeyVerifier::serverFingerprint(session.value().get());
    if (!actual.ok())
        return actual.error();
    if (!expectedFingerprint.isEmpty() && actual.value() != expectedFingerprint)
        return Error{ErrorCode::Conflict,
                     QStringLiteral("the host key of %1:%2 changed while you decided: it is now "
                                    "%3, not %4; nothing was written")
                         .arg(host)
                         .arg(port)
                         .arg(actual.value(), expectedFingerprint)};
    char *entry = nullptr;
    if (ssh_session_export_known_hosts_entry(session.value().get(), &entry) != SSH_OK)
        return Error::internal(QStringLiteral("cannot format the known_hosts entry"));
    QByteArray line(entry);
    ssh_string_free_char(entry);
    if (!line.endsWith('\n'))
        line.append('\n');

    // Replace an older entry for the same host (a reinstalled host) rather than adding a
    // second, conflicting one.
    QByteArray content;
    QFile existing(knownHostsPath);
    if (existing.exists() && !existing.open(QIODevice::ReadOnly))
        return Error::internal(QStringLiteral("cannot read %1").arg(knownHostsPath));
    const QByteArray pattern = hostPattern(host, port).toUtf8();
    if (existing.isOpen()) {
        for (const QByteArray &old : existing.readAll().split('\n')) {
            if (old.isEmpty() || old.split(' ').value(0).split(',').contains(pattern))
                continue;
            content += old + '\n';
        }
    }
    content += line;
    const QString folder = QFileInfo(knownHostsPath).absolutePath();
    if (!QFileInfo::exists(folder)) {
        // Like STATE_DIR itself: readable by the daemon's user only.
        if (!QDir().mkpath(folder) ||
            !QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                               QFileDevice::ExeOwner))
            return Error::internal(QStringLiteral("cannot create the folder %1").arg(folder));
    }
    return AtomicFile::write(knownHostsPath, content);
}

} // namespace pmcp
