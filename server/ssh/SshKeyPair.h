#pragma once

#include "shared/core/Result.h"

#include <QString>

#include <memory>

struct ssh_key_struct;

namespace pmcp {

// A client key pair for SSH logins: generated with libssh (ed25519), written as OpenSSH files
// (the private key 0600 from its first byte, the public half as one authorized_keys line), and
// the public half of an existing private key file, for finding its line on the host.
class SshKeyPair final {
public:
    // A new ed25519 key; comment ends the public line ("proxmox-mcp 2026-12-07").
    static Result<SshKeyPair> generateEd25519(const QString &comment);
    // The public half of the private key in path (passphrase empty: not encrypted).
    static Result<QString> publicBlobOf(const QString &path, const QString &passphrase);
    // True for a public key blob as authorized_keys holds it: base64 only, so it can be put on
    // a command line between single quotes without any shell meaning.
    static bool isValidBlob(const QString &blob);

    QString type() const { return m_type; }       // "ssh-ed25519"
    QString publicBlob() const { return m_blob; } // the base64 field of the public line
    QString comment() const { return m_comment; }
    QString publicLine() const; // "ssh-ed25519 AAAA… comment"

    // path: the private key (encrypted with passphrase when not empty), path.pub the public
    // line. Neither file may exist yet; on failure neither is left behind.
    Result<void> write(const QString &path, const QString &passphrase) const;

private:
    QString m_type;
    QString m_blob;
    QString m_comment;
    std::shared_ptr<ssh_key_struct> m_key;
};

} // namespace pmcp
