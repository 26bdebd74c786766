#include "server/ssh/SshConfig.h"

#include "shared/config/Config.h"

#include <QDir>

namespace pmcp {

SshConfig SshConfig::fromConfig(const Config &config)
{
    SshConfig ssh;
    ssh.host = config.string(QStringLiteral("SSH_HOST"));
    ssh.port = quint16(config.integer(QStringLiteral("SSH_PORT")));
    ssh.user = config.string(QStringLiteral("SSH_USER"));
    ssh.keyPath = config.string(QStringLiteral("SSH_KEY_PATH"));
    ssh.keyPassphrase = config.string(QStringLiteral("SSH_KEY_PASSPHRASE"));
    ssh.password = config.string(QStringLiteral("SSH_PASSWORD"));
    ssh.knownHostsPath = config.string(QStringLiteral("SSH_KNOWN_HOSTS"));
    if (ssh.knownHostsPath.isEmpty())
        ssh.knownHostsPath = QDir(config.string(QStringLiteral("STATE_DIR")))
                                 .filePath(QStringLiteral("known_hosts"));
    ssh.hostKeyFingerprint = config.string(QStringLiteral("SSH_HOST_KEY_FINGERPRINT"));
    ssh.defaultTimeoutMs = int(config.integer(QStringLiteral("SSH_TIMEOUT_S")) * 1000);
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
