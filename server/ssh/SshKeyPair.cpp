#include "server/ssh/SshKeyPair.h"

#include "shared/core/AtomicFile.h"

#include <QFile>
#include <QRegularExpression>

#include <libssh/libssh.h>

namespace pmcp {

namespace {

// Keeps libssh (and OpenSSL) from asking for a passphrase on a terminal.
int refusePassphrase(const char *, char *, size_t, int, int, void *)
{
    return -1;
}

// A string libssh allocated, freed with its own function.
QString takeLibsshString(char *text)
{
    const QString value = QString::fromLatin1(text);
    ssh_string_free_char(text);
    return value;
}

} // namespace

Result<SshKeyPair> SshKeyPair::generateEd25519(const QString &comment)
{
    ssh_key key = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK || !key)
        return Error{ErrorCode::Internal,
                     QStringLiteral("libssh could not generate an ed25519 key")};
    SshKeyPair pair;
    pair.m_key.reset(key, &ssh_key_free);
    char *blob = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &blob) != SSH_OK || !blob)
        return Error{ErrorCode::Internal, QStringLiteral("libssh could not export the public key")};
    pair.m_blob = takeLibsshString(blob);
    pair.m_type = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(key)));
    pair.m_comment = comment;
    return pair;
}

Result<QString> SshKeyPair::publicBlobOf(const QString &path, const QString &passphrase)
{
    const QByteArray file = path.toUtf8();
    const QByteArray secret = passphrase.toUtf8();
    ssh_key key = nullptr;
    if (ssh_pki_import_privkey_file(file.constData(),
                                    secret.isEmpty() ? nullptr : secret.constData(),
                                    refusePassphrase, nullptr, &key) != SSH_OK)
        return Error{ErrorCode::NotFound,
                     QStringLiteral("cannot read the private key %1 (missing file, or a wrong or "
                                    "missing SSH_KEY_PASSPHRASE)")
                         .arg(path)};
    std::unique_ptr<ssh_key_struct, void (*)(ssh_key)> owned(key, &ssh_key_free);
    char *blob = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &blob) != SSH_OK || !blob)
        return Error{ErrorCode::Internal,
                     QStringLiteral("libssh could not export the public half of %1").arg(path)};
    return takeLibsshString(blob);
}

bool SshKeyPair::isValidBlob(const QString &blob)
{
    static const QRegularExpression base64(QStringLiteral("^[A-Za-z0-9+/]{16,16384}={0,2}$"));
    return base64.match(blob).hasMatch();
}

QString SshKeyPair::publicLine() const
{
    return m_comment.isEmpty() ? QStringLiteral("%1 %2").arg(m_type, m_blob)
                               : QStringLiteral("%1 %2 %3").arg(m_type, m_blob, m_comment);
}

Result<void> SshKeyPair::write(const QString &path, const QString &passphrase) const
{
    const QString publicPath = path + QStringLiteral(".pub");
    if (!m_key)
        return Error{ErrorCode::Internal, QStringLiteral("no key to write")};
    if (QFile::exists(path) || QFile::exists(publicPath))
        return Error{
            ErrorCode::Conflict,
            QStringLiteral("%1 already exists; a new key never replaces a file").arg(path)};
    const QByteArray secret = passphrase.toUtf8();
    char *text = nullptr;
    // Without a passphrase libssh would ask the callback for one: none, so the file is plain.
    const bool encrypt = !secret.isEmpty();
    if (ssh_pki_export_privkey_base64(m_key.get(), encrypt ? secret.constData() : nullptr,
                                      encrypt ? refusePassphrase : nullptr, nullptr,
                                      &text) != SSH_OK ||
        !text)
        return Error{ErrorCode::Internal,
                     QStringLiteral("libssh could not export the private key")};
    QByteArray privateFile = takeLibsshString(text).toLatin1();
    if (!privateFile.endsWith('\n'))
        privateFile.append('\n');
    // AtomicFile sets 0600 on the temporary file before a byte is written.
    if (const auto written = AtomicFile::write(path, privateFile); !written.ok())
        return written.error();
    const auto pub = AtomicFile::write(publicPath, publicLine().toLatin1() + '\n',
                                       QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                           QFileDevice::ReadGroup | QFileDevice::ReadOther);
    if (!pub.ok()) {
        QFile::remove(path);
        return pub.error();
    }
    return {};
}

} // namespace pmcp
