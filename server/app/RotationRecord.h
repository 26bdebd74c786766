#pragma once

#include "shared/core/Result.h"

#include <QDateTime>
#include <QString>

namespace pmcp {

class Config;

// When each credential the daemon logs in with was made: STATE_DIR/rotation.json, written by
// `rotate ssh-key` and `rotate api-token` (docs/ROTATION.md). A credential never rotated has no
// entry: the SSH key's age is then its file's modification time, the token's is unknown.
class RotationRecord final {
public:
    explicit RotationRecord(const QString &stateDir);

    static QString fileName() { return QStringLiteral("rotation.json"); }

    Result<void> recordSshKey(const QString &keyPath, const QDateTime &when);
    Result<void> recordApiToken(const QString &tokenId, const QDateTime &when);

    // When SSH_KEY_PATH's key was made; invalid when no key is configured or it is missing.
    QDateTime sshKeyCreated(const Config &config) const;
    // When `rotate` made SSH_KEY_PATH's key; invalid when it never did (the key was made
    // outside the daemon, or the record is of another key).
    QDateTime sshKeyRotated(const Config &config) const;
    // When PROXMOX_USER!PROXMOX_TOKEN_NAME was made by a rotation; invalid when unknown.
    QDateTime apiTokenCreated(const Config &config) const;

    // Reads the file as the other members do, and says what it cannot read: not a JSON object,
    // or an entry without an id or an ISO creation time. A missing file is fine (no rotation
    // yet). `proxmox-mcpd check-state` runs it before an upgrade restarts the daemon.
    Result<void> check() const;
    QString path() const { return m_path; }

    // Whole days from created to now; -1 for an invalid time.
    static int ageDays(const QDateTime &created, const QDateTime &now);

private:
    Result<void> record(const QString &credential, const QString &id, const QDateTime &when);
    QDateTime recorded(const QString &credential, const QString &id) const;

    QString m_path;
};

} // namespace pmcp
