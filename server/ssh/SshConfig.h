#pragma once

#include "shared/core/Result.h"

#include <QByteArray>
#include <QString>

namespace pmcp {

class Config;

// Where and how to log in over SSH: one target, read from the SSH_* configuration keys.
struct SshConfig final {
    QString host;
    quint16 port = 22;
    QString user;
    QString keyPath;            // private key (ed25519, ECDSA or RSA, OpenSSH or PEM format)
    QString keyPassphrase;      // empty: the key is not encrypted
    QString password;           // used only when set explicitly
    QString knownHostsPath;     // OpenSSH known_hosts checked when no fingerprint is pinned
    QString hostKeyFingerprint; // "SHA256:<base64>" or hex; empty: use known_hosts
    int connectTimeoutMs = 10000;
    int keepaliveIntervalMs = 30000;
    int defaultTimeoutMs = 30000;
    qsizetype outputCap = 1024 * 1024; // per stream

    static SshConfig fromConfig(const Config &config);
    // "ssh claude-user@pve1:22"
    QString describe() const;
};

// SHA-256 fingerprints in the forms ssh-keygen and the configuration use.
namespace SshFingerprint {
// 32 raw bytes from "SHA256:<base64>" (padding optional) or 64 hex digits (colons optional).
Result<QByteArray> parse(const QString &text);
// "SHA256:<base64 without padding>", as ssh-keygen -l prints it.
QString format(const QByteArray &sha256);
} // namespace SshFingerprint

} // namespace pmcp
