#pragma once

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
// by environment variables of keys the schema knows, validated key by key and across keys.
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
    // Schema defaults only, no problems (until set() revalidates).
    static Config defaults();

    bool isValid() const; // no Error-severity problem
    // In a stable order: the file's lines in file order, then environment and set() values in
    // schema order, then cross-key checks.
    QList<ConfigProblem> problems() const { return m_problems; }

    // Effective value (set() / environment / file / default); Enum values canonicalised.
    QString string(const QString &key) const;
    // Typed getters fall back to the key's default when the effective value is not valid.
    bool boolean(const QString &key) const;
    qint64 integer(const QString &key) const;
    QStringList list(const QString &key) const; // comma-separated, trimmed, empties dropped
    bool isSet(const QString &key) const;       // given by the file, the environment or set()
    // "environment", "file" or "default"; "override" for a value given by set().
    QString sourceOf(const QString &key) const;
    // Programmatic override (tests, demo); revalidates everything. Unknown keys become warnings.
    void set(const QString &key, const QString &value);
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

    QString raw(const QString &key) const; // effective value before canonicalisation
    void revalidate();
    void checkValues();
    void checkCrossKeys();
    void checkTls();
    void checkBackends();
    void checkProxmoxCredentials(const QString &because);
    void checkAuthentication();
    bool isValidValue(const QString &name) const;
    void requireSet(const QString &key, const QString &because);
    void requireReadable(const QString &key);
    void addProblem(ConfigProblem::Severity severity, const QString &key, const QString &reason,
                    int line = 0);
    bool hasProblem(const QString &key) const; // an Error-severity one

    QList<EnvFile::Entry> m_fileEntries;  // effective file entries, in file order
    QList<EnvFile::Entry> m_fileShadowed; // earlier duplicates, warned about
    QHash<QString, FileValue> m_file;
    QHash<QString, QString> m_environment; // only keys of the schema
    QHash<QString, QString> m_overrides;
    QList<ConfigProblem> m_loadProblems; // about the file itself (unreadable, malformed, open)
    bool m_fileFailed = false;
    QList<ConfigProblem> m_problems;
};

} // namespace pmcp
