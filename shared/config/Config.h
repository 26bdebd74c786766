#pragma once

#include "shared/config/ConfigKey.h"
#include "shared/config/ConfigSchema.h"
#include "shared/config/EnvFile.h"
#include "shared/core/SecretMask.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace pmcp {

// Something wrong or doubtful in a configuration. The reason says what is expected and never
// contains the value of a secret key (nor any value of an unknown key).
struct ConfigProblem final {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString key;    // "" when the problem is about the file itself
    QString reason; // without the key: "\"80a\" is not a port number (1-65535)"
    int line = 0;   // 0: not from a file line

    // "line 12: MCP_PORT: \"80a\" is not a port number (1-65535)", for logs and the terminal.
    QString message() const;
};

// The daemon's effective configuration: schema defaults, overridden by the .env file, overridden
// by systemd credentials the file names (PROXMOX_TOKEN_CREDENTIAL, SSH_KEY_CREDENTIAL: read from
// $CREDENTIALS_DIRECTORY of the environment), overridden by environment variables of keys the
// schema knows, validated key by key and across keys.
class Config final {
public:
    Config() = default;

    static Config fromSources(const EnvFile &file, const QProcessEnvironment &environment);
    // Loads the file (a missing or malformed file is an Error problem with key "" naming the
    // path, and then cross-key checks are skipped); the environment overrides it. A file that
    // holds a secret and is readable by every user is a Warning.
    static Config
    load(const QString &path,
         const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    // What a file with this text would give, judged as load() judges a file (each syntax error
    // named by its line), without reading or writing anything: how a proposed change is checked.
    static Config fromText(const QByteArray &text, const QProcessEnvironment &environment);
    // Schema defaults only, no problems (until set() revalidates).
    static Config defaults();

    bool isValid() const; // no Error-severity problem
    // In a stable order: the file's lines in file order, then environment and set() values in
    // schema order, then cross-key checks.
    QList<ConfigProblem> problems() const { return m_problems; }

    // Effective value (set() / environment / file / default); Enum values canonicalised.
    QString string(ConfigKey key) const;
    // Typed getters fall back to the key's default when the effective value is not valid.
    bool boolean(ConfigKey key) const;
    qint64 integer(ConfigKey key) const;
    QStringList list(ConfigKey key) const; // comma-separated, trimmed, empties dropped
    bool isSet(ConfigKey key) const;       // given by the file, the environment or set()
    // "environment", "file" or "default"; "override" for a value given by set(), "credential"
    // for one read from a systemd credential.
    QString sourceOf(ConfigKey key) const;
    // Programmatic override (tests, demo); revalidates everything.
    void set(ConfigKey key, const QString &value);

    // {KEY: value} for every schema key, values as strings; a set secret shows as "********".
    QJsonObject toJson(bool revealSecrets = false) const;

    static QString maskedSecret() { return SecretMask::masked(); }
    // Whether a key's value is a secret: the schema's flag for keys it knows (a path such as
    // MCP_AUTH_TOKENS_FILE is not one), SecretMask's name rule for keys it does not know.
    static bool isSecretKey(const QString &key);

private:
    struct FileValue {
        QString value;
        int line = 0;
    };

    // The codec and the validator work on names: the file and set() may hold unknown keys.
    QString raw(const QString &name) const; // effective value before canonicalisation
    QString stringByName(const QString &name) const;
    bool booleanByName(const QString &name) const;
    qint64 integerByName(const QString &name) const;
    QStringList listByName(const QString &name) const;
    QString sourceByName(const QString &name) const;
    void setByName(const QString &name, const QString &value);
    void revalidate();
    // Fills m_credentials from the credential keys and $CREDENTIALS_DIRECTORY; what it cannot
    // read (or, outside the unit, not check) is returned as problems.
    QList<ConfigProblem> resolveCredentials();
    void checkValues();
    void checkCrossKeys();
    void checkTls();
    void checkBackends();
    void checkProxmoxCredentials(const QString &because);
    void checkAuthentication();
    void checkAlerts(); // e-mail needs a sender and recipients
    bool isValidValue(ConfigKey key) const;
    void requireSet(ConfigKey key, const QString &because);
    void requireReadable(ConfigKey key);
    void addProblem(ConfigProblem::Severity severity, const QString &key, const QString &reason,
                    int line = 0);
    void addProblem(ConfigProblem::Severity severity, ConfigKey key, const QString &reason)
    {
        addProblem(severity, configKeyName(key), reason);
    }
    bool hasProblem(ConfigKey key) const; // an Error-severity one

    QList<EnvFile::Entry> m_fileEntries;  // effective file entries, in file order
    QList<EnvFile::Entry> m_fileShadowed; // earlier duplicates, warned about
    QHash<QString, FileValue> m_file;
    QHash<QString, QString> m_environment; // only keys of the schema
    QHash<QString, QString> m_overrides;
    QString m_credentialsDirectory; // $CREDENTIALS_DIRECTORY of the environment; "" outside a unit
    QHash<QString, QString> m_credentials; // key name -> value read from its credential
    QStringList m_awaitingCredential;      // keys whose credential only the service's unit has
    QList<ConfigProblem> m_loadProblems;   // about the file itself (unreadable, malformed, open)
    bool m_fileFailed = false;
    QList<ConfigProblem> m_problems;
};

} // namespace pmcp
