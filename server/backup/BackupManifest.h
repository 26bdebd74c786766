#pragma once

#include "shared/core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pmcp {

// The parts of the state a restore can be limited to (`backup restore --only PART`).
namespace BackupPart {
inline constexpr char Config[] = "config";   // the configuration file, its kept versions, sudoers
inline constexpr char Keys[] = "keys";       // SSH key(s) and known_hosts
inline constexpr char Clients[] = "clients"; // client and admin tokens, OAuth grants
inline constexpr char Audit[] = "audit";     // the audit log and its key
QStringList all();
bool isValid(const QString &part);
} // namespace BackupPart

// Where a file of the archive came from, and so where a restore puts it back.
enum class BackupOrigin {
    State,  // below STATE_DIR; target is the path relative to it
    Config, // the configuration file; restored to the configuration file in use
    File,   // elsewhere (SSH_KEY_PATH, SSH_KNOWN_HOSTS); target is the absolute path
};

// One file inside a backup archive, as the manifest records it.
struct BackupFile final {
    QString path; // inside the archive: "state/clients.json"
    QString part; // BackupPart
    BackupOrigin origin = BackupOrigin::State;
    QString target;
    qint64 size = 0;
    QByteArray sha256; // hex
    int mode = 0600;
};

// What a backup holds: every file with its SHA-256, the daemon version and the time. Stored as
// the archive's last entry (MANIFEST.json), so an archive cut short has none and never verifies.
struct BackupManifest final {
    static constexpr int kFormat = 1;
    static QString entryName() { return QStringLiteral("MANIFEST.json"); }

    QString version; // the daemon's
    QDateTime created;
    QString host;
    QList<BackupFile> files;

    const BackupFile *find(const QString &path) const;
    QByteArray toJson() const;
    static Result<BackupManifest> fromJson(const QByteArray &json);
};

} // namespace pmcp
