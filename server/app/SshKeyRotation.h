#pragma once

#include "shared/config/Config.h"
#include "shared/core/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace pmcp {

class SshSessionWorker;

// Replaces the SSH key the daemon logs in with (docs/ROTATION.md): a new ed25519 key, its public
// half authorized on the host through a session with the current key, a login with the new key
// proven on a fresh connection, a backup that keeps the old key, the configuration switched
// (ConfigEditor, a kept version) and the daemon told to reload, the old public key removed from
// the host, the old private key file deleted. Synchronous (the CLI runs it as is). Any failure
// undoes the steps before it, in reverse, so the old key still logs in and authorized_keys is
// as it was.
class SshKeyRotation final {
public:
    enum class Step { Generate, Authorize, Prove, Backup, Switch, Revoke, Discard };
    static QList<Step> steps();
    static QString stepName(Step step); // "generate", "authorize", …

    // state: "running", "done", "failed", "undone" (rolled back), "skipped" (dry run).
    using Progress = std::function<void(Step step, const QString &state, const QString &detail)>;
    // The test seam: an error returned for a step fails it before it does anything.
    using Fault = std::function<std::optional<Error>(Step step)>;
    // Tells the running daemon to use the switched configuration (the CLI: SIGHUP through the
    // pid file; the daemon: Daemon::reload).
    using Reload = std::function<Result<void>()>;

    struct Outcome final {
        QString oldKeyPath;
        QString newKeyPath;
        QString backupName;
        QString newFingerprint; // the new public key's base64 blob, for the report
        int configVersion = 0;
    };

    SshKeyRotation(Config config, QString configPath);

    void setFault(Fault fault) { m_fault = std::move(fault); }
    void setReload(Reload reload) { m_reload = std::move(reload); }
    // When the new key is made (its file name and comment); default: now.
    void setClock(std::function<QDateTime()> now) { m_now = std::move(now); }
    void setCommandTimeoutMs(int ms) { m_timeoutMs = ms; }

    // What run() would do, one line per step, nothing changed: `rotate ssh-key --dry-run`.
    Result<QStringList> plan() const;
    Result<Outcome> run(const Progress &progress);

private:
    struct Settings final {
        QString oldKey;
        QString newKey;
        QString passphrase;
        QString authorizedKeys;
        QString comment;
    };
    struct Run;
    Result<Settings> settings() const;
    QString describe(Step step, const Settings &settings) const;
    Result<QString> perform(Step step, Run &run); // the step's detail for the report
    Result<QString> generate(Run &run);
    Result<QString> authorize(Run &run);
    Result<QString> switchConfig(Run &run);
    Result<QString> revoke(Run &run);
    Result<QString> discard(Run &run);
    Result<void> onHost(SshSessionWorker &session, const Result<QString> &command,
                        const QString &what) const;

    Config m_config;
    QString m_configPath;
    Fault m_fault;
    Reload m_reload;
    std::function<QDateTime()> m_now;
    int m_timeoutMs = 30000;
};

} // namespace pmcp
