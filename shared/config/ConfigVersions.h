#pragma once

#include "shared/core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pmcp {

// One kept version of the configuration file: its number and what made it.
struct ConfigVersion final {
    int number = 0;
    QDateTime time; // UTC
    // "original" (the file as first seen), "apply", "rollback", or "external" (the file as it
    // was found after an edit outside proxmox-mcpd).
    QString action;
    QString by;           // who: "cli", "admin:NAME"; empty when unknown
    QStringList keys;     // the keys this version changed
    int rolledBackTo = 0; // rollback: the version whose content it restored

    // {"version": "3", "time", "action", "by", "keys", "rolledBackTo"?}
    QJsonObject toJson() const;
};

// The kept versions of the configuration file under STATE_DIR/config-versions/: NNNNNN.env
// (the file's bytes, 0600) and NNNNNN.json (what made it), numbered upwards, the newest
// kMaxKept kept. Not locked itself: ConfigEditor holds lockPath() around every change.
class ConfigVersions final {
public:
    // Enough to undo weeks of changes; a version is a few kilobytes.
    static constexpr int kMaxKept = 100;

    explicit ConfigVersions(const QString &stateDir);

    static QString directoryIn(const QString &stateDir);
    QString directory() const { return m_dir; }
    QString lockPath() const;

    // Oldest first; versions whose metadata is missing or unreadable are listed with what the
    // file tells (number and time).
    QList<ConfigVersion> list() const;
    int latest() const; // 0 when none is kept
    Result<QByteArray> content(int number) const;
    // Writes content as the next version (the number is assigned here), then drops the oldest
    // past kMaxKept. Returns the version as recorded.
    Result<ConfigVersion> add(const QByteArray &content, ConfigVersion version);

private:
    QString filePath(int number, const QString &suffix) const;
    QList<int> numbers() const;

    QString m_dir;
};

} // namespace pmcp
