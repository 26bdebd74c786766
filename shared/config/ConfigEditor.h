#pragma once

#include "shared/config/Config.h"
#include "shared/config/ConfigDiff.h"
#include "shared/config/ConfigVersions.h"
#include "shared/core/Result.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <utility>

namespace pmcp {

// Proposed settings, in order: KEY and its new value. An empty value removes the key's lines, so
// its default applies (an optional key without a default is then not set).
using ConfigChanges = QList<std::pair<QString, QString>>;

// What an applied change or a rollback did.
struct ConfigOutcome final {
    ConfigVersion version;     // the version recorded; number 0 when the file did not change
    ConfigDiff diff;           // from the file as it was to the file as written
    QStringList live;          // changed keys a running daemon applies when it reloads
    QStringList restartNeeded; // changed keys that wait for a restart
};

// What a running daemon did when it re-read its configuration file.
struct ConfigReload final {
    QStringList applied;       // keys whose new value the daemon now uses (changed by this reload)
    QStringList restartNeeded; // every key whose value in the file differs from the one the
                               // daemon started with and that waits for a restart
};

// Changes the configuration file safely: validated with check-config's validator before anything
// is written, written atomically (temporary file, fsync, rename: a reader or a crash sees the old
// file or the new one, never a mix), the previous file kept as a numbered version
// (ConfigVersions), comments and key order kept (EnvFile), and one change at a time across
// processes (a lock under STATE_DIR/config-versions). Knows nothing of a running daemon: the
// caller tells it to reload.
class ConfigEditor final {
public:
    ConfigEditor(QString configPath, const QString &stateDir,
                 QProcessEnvironment environment = QProcessEnvironment::systemEnvironment());

    // "KEY=VALUE" words of the command line; an error names the word that is not one.
    static Result<ConfigChanges> parseAssignments(const QStringList &words);
    // Which of keys apply live and which need a restart (ConfigSetting::live); unknown keys need
    // a restart.
    static void splitByLiveness(const QStringList &keys, QStringList *live,
                                QStringList *restartNeeded);

    // How long apply() and rollback() wait for another process's change to finish (a change
    // takes milliseconds); the daemon waits less than the CLI, so its event loop never stalls.
    static constexpr int kDefaultLockWaitMs = 5000;
    void setLockWaitMs(int milliseconds) { m_lockWaitMs = milliseconds; }

    QString configPath() const { return m_path; }
    const ConfigVersions &versions() const { return m_versions; }

    // Every problem of the configuration these changes would give, as check-config reports them,
    // plus per changed key: an unknown key (an error), a key the environment overrides (a
    // warning). *text receives the file they would give. Reads only.
    QList<ConfigProblem> validate(const ConfigChanges &changes, QByteArray *text = nullptr) const;
    static bool hasError(const QList<ConfigProblem> &problems);

    // Validates, then writes; refused (nothing written) when validate() finds an error, which
    // the message names with its key; *problems receives every problem either way.
    Result<ConfigOutcome> apply(const ConfigChanges &changes, const QString &by,
                                QList<ConfigProblem> *problems = nullptr);
    // Writes a kept version's content back as the file (validated like a change), recorded as
    // a new version. version 0: the one before the current (undo the last change).
    Result<ConfigOutcome> rollback(int version, const QString &by,
                                   QList<ConfigProblem> *problems = nullptr);
    // From version `from` to version `to`; 0 for `to` is the file as it is now, 0 for `from` the
    // version before it (what the last change did).
    Result<ConfigDiff> diff(int from, int to) const;

    // The kept version whose content is the file as it is now; 0 when none is (edited outside).
    int currentVersion() const;
    // The version rollback(0) restores and diff(0, 0) starts from; 0 when there is none.
    int previousVersion() const;

private:
    Result<QByteArray> readCurrent() const;
    Result<ConfigOutcome> write(const QByteArray &text, const QByteArray &current,
                                ConfigVersion version);
    Result<QByteArray> textOf(int version) const;

    QString m_path;
    ConfigVersions m_versions;
    QProcessEnvironment m_environment;
    int m_lockWaitMs = kDefaultLockWaitMs;
};

} // namespace pmcp
