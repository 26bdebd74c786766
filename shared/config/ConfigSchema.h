#pragma once

#include "shared/config/ConfigKey.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

namespace pmcp {

enum class ConfigType { String, Bool, Integer, Port, Path, Host, Enum, List, Fingerprint };

// One setting the daemon understands: its type, default and the text the desktop shows.
struct ConfigSetting final {
    ConfigKey key = ConfigKey::LogLevel;
    QString name; // the .env spelling, "STATE_DIR"
    ConfigType type = ConfigType::String;
    QString defaultValue;
    QString description;
    QString group;
    bool secret = false;
    // Whether a running daemon applies a change of this key when it reloads (SIGHUP, `config
    // set`, the admin API) without dropping sessions; false: the change waits for a restart.
    bool live = false;
    QStringList choices;             // Enum: accepted values (case-insensitive), canonical spelling
    qint64 minimum = 0, maximum = 0; // Integer (both 0 = unbounded); Port (both 0 = 1-65535)
    // Enum: further accepted spellings (upper case) and the choice each one stands for.
    QMap<QString, QString> aliases;
    // A check beyond the type's own, e.g. "user@realm" for PROXMOX_USER; returns "" when valid.
    // Called only for non-empty values that passed the type check.
    std::function<QString(const QString &)> check;

    // A key without a default is optional: empty means "not set".
    bool isOptional() const { return defaultValue.isEmpty(); }
};

// The table of every setting, shared by the daemon (validation) and the desktop (the form).
class ConfigSchema final {
public:
    static const ConfigSchema &instance();

    // Every setting, in ConfigKey order (the order of the documentation and the desktop's form).
    const QList<ConfigSetting> &keys() const { return m_keys; }
    const ConfigSetting &setting(ConfigKey key) const { return m_keys.at(static_cast<int>(key)); }
    const ConfigSetting *find(const QString &name) const; // nullptr when unknown
    QStringList groups() const;                           // in the order the table lists them

    // "" when valid, else why not, saying what is expected. An empty value is valid only for an
    // optional key (no default); the reason never contains the value of a secret key.
    QString validate(const ConfigSetting &key, const QString &value) const;
    // The canonical spelling of an Enum value ("warning" -> "WARN"); other values unchanged.
    QString canonical(const ConfigSetting &key, const QString &value) const;

    // Keys of the old Docker deployment that the daemon ignores (IMAGE_TAG, ...).
    static const QStringList &legacyKeys();
    static bool isLegacyKey(const QString &name) { return legacyKeys().contains(name); }

    // Bool spellings: true/false, yes/no, y/n, 1/0, on/off, any case. *ok tells whether it was one.
    static bool parseBool(const QString &value, bool *ok = nullptr);
    static QString typeName(ConfigType type);
    // The textual checks, usable for list items and by the desktop's own fields. "" = valid.
    static QString checkHost(const QString &value);
    static QString checkFingerprint(const QString &value);
    static QString checkOrigin(const QString &value);
    // An IP address or a network in CIDR form (10.0.0.0/8, fd00::/8).
    static QString checkNetwork(const QString &value);

private:
    ConfigSchema();
    QList<ConfigSetting> m_keys;
};

} // namespace pmcp
