#pragma once

#include "shared/core/Result.h"

#include <QString>

namespace pmcp {

// Trust on first use, done deliberately by a person: reads a server's host key without logging
// in and records it in a known_hosts file (`proxmox-mcpd ssh trust`). Blocking; for the CLI.
class HostKeyTrust final {
public:
    // "SHA256:<base64>" of the key the server presents.
    static Result<QString> fetchFingerprint(const QString &host, quint16 port);
    // Writes (or replaces) the known_hosts entry for host:port with the server's key. With
    // expectedFingerprint, refuses when the server now presents another key.
    static Result<void> trust(const QString &host, quint16 port, const QString &knownHostsPath,
                              const QString &expectedFingerprint = {});
    // The host field OpenSSH uses in known_hosts: "host" for port 22, "[host]:port" otherwise.
    static QString hostPattern(const QString &host, quint16 port);
};

} // namespace pmcp
