#pragma once

#include "shared/core/Result.h"
#include "server/ssh/SshConfig.h"

#include <QString>

#include <libssh/libssh.h>

#include <memory>

namespace pmcp {

struct SshSessionDeleter final {
    void operator()(ssh_session session) const;
};
using SshSessionPtr = std::unique_ptr<ssh_session_struct, SshSessionDeleter>;

// Strict host-key checking: the server's key must match the pinned fingerprint or the
// known_hosts file; anything else is refused with the fingerprint and how to trust it.
class HostKeyVerifier final {
public:
    // A TCP connection with the SSH handshake done, before any host-key check or login.
    static Result<SshSessionPtr> connect(const SshConfig &config);
    static Result<QString> serverFingerprint(ssh_session session);
    static Result<void> verify(ssh_session session, const SshConfig &config);

private:
    static Result<void> verifyPinned(ssh_session session, const SshConfig &config,
                                     const QString &actual);
    static Result<void> verifyKnownHosts(ssh_session session, const SshConfig &config,
                                         const QString &actual);
};

} // namespace pmcp
