#include "server/ssh/SshConfig.h"

#include "shared/config/Config.h"

#include <QDir>

namespace pmcp {

SshConfig SshConfig::fromConfig(const Config &config)
{
    SshConfig ssh;
    ssh.host = config.string(ConfigKey::SshHost);
    ssh.port = quint16(config.integer(ConfigKey::SshPort));
    ssh.user = config.string(ConfigKey::SshUser);
    ssh.keyPath = config.string(ConfigKey::SshKeyPath);
    ssh.keyPassphrase = config.string(ConfigKey::SshKeyPassphrase);
    ssh.password = config.string(ConfigKey::SshPassword);
    ssh.knownHostsPath = config.string(ConfigKey::SshKnownHosts);
    if (ssh.knownHostsPath.isEmpty())
        ssh.knownHostsPath =
            QDir(config.string(ConfigKey::StateDir)).filePath(QStringLiteral("known_hosts"));
    ssh.hostKeyFingerprint = config.string(ConfigKey::SshHostKeyFingerprint);
    ssh.defaultTimeoutMs = int(config.integer(ConfigKey::SshTimeoutS) * 1000);
    return ssh;
}

QString SshConfig::describe() const
{
    return QStringLiteral("ssh %1@%2:%3").arg(user, host).arg(port);
}

namespace SshFingerprint {

Result<QByteArray> parse(const QString &text)
{
    const Error invalid = Error::invalid(
        QStringLiteral("\"%1\" is not a SHA-256 fingerprint (SHA256:<base64> or 64 hex digits)")
            .arg(text));
    const QString prefix = QStringLiteral("SHA256:");
    if (text.startsWith(prefix, Qt::CaseInsensitive)) {
        QByteArray encoded = text.mid(prefix.size()).toLatin1();
        while (encoded.size() % 4 != 0)
            encoded.append('=');
        const auto decoded =
            QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() != 32)
            return invalid;
        return decoded.decoded;
    }
    QString hex = text;
    hex.remove(QLatin1Char(':'));
    const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
    if (hex.size() != 64 || bytes.size() != 32 || bytes.toHex() != hex.toLower().toLatin1())
        return invalid;
    return bytes;
}

QString format(const QByteArray &sha256)
{
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(sha256.toBase64(QByteArray::OmitTrailingEquals));
}

} // namespace SshFingerprint

} // namespace pmcp
