#include "server/app/SshKeyRotation.h"

#include "server/app/RotationRecord.h"
#include "server/backup/BackupOperations.h"
#include "server/ssh/AuthorizedKeys.h"
#include "server/ssh/SshConfig.h"
#include "server/ssh/SshKeyPair.h"
#include "server/ssh/SshSessionWorker.h"
#include "shared/config/ConfigEditor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <utility>

namespace pmcp {

namespace {

// The time stamp a rotated key's file name and comment carry: UTC, sortable, file-name safe.
const QString kStampFormat = QStringLiteral("yyyyMMdd'T'HHmmss'Z'");
// A file name's earlier stamp, dropped so that the names do not grow with each rotation.
const QRegularExpression kStampSuffix(QStringLiteral("-\\d{8}T\\d{6}Z$"));
constexpr const char *kDiscardSuffix = ".discarded";

Result<void> commandSucceeded(const CommandResult &result, const QString &what)
{
    if (result.status == CommandResult::Status::Success)
        return {};
    QString why = result.error;
    if (why.isEmpty())
        why = QStringLiteral("exit status %1: %2")
                  .arg(result.exitStatus)
                  .arg(QString::fromUtf8(result.stderrData).trimmed());
    return Error{ErrorCode::Unavailable, QStringLiteral("%1 failed: %2").arg(what, why)};
}

} // namespace

QList<SshKeyRotation::Step> SshKeyRotation::steps()
{
    return {Step::Generate, Step::Authorize, Step::Prove,  Step::Backup,
            Step::Switch,   Step::Revoke,    Step::Discard};
}

QString SshKeyRotation::stepName(Step step)
{
    switch (step) {
    case Step::Generate:
        return QStringLiteral("generate");
    case Step::Authorize:
        return QStringLiteral("authorize");
    case Step::Prove:
        return QStringLiteral("prove");
    case Step::Backup:
        return QStringLiteral("backup");
    case Step::Switch:
        return QStringLiteral("switch");
    case Step::Revoke:
        return QStringLiteral("revoke");
    case Step::Discard:
        return QStringLiteral("discard");
    }
    return {};
}

SshKeyRotation::SshKeyRotation(Config config, QString configPath)
    : m_config(std::move(config))
    , m_configPath(std::move(configPath))
    , m_now([] { return QDateTime::currentDateTimeUtc(); })
{}

Result<SshKeyRotation::Settings> SshKeyRotation::settings() const
{
    Settings settings;
    // The new key would go to SSH_KEY_PATH, which the credential overrides for the service.
    if (const QString credential = m_config.string(ConfigKey::SshKeyCredential);
        !credential.isEmpty())
        return Error::invalid(
            QStringLiteral("SSH_KEY_CREDENTIAL is set: the service reads its SSH key from the "
                           "systemd credential %1, which rotation cannot change; make a new key, "
                           "authorize it on the host, put it in /etc/credstore/%1 and restart "
                           "the service (docs/INSTALL.md \"Secrets as credentials\")")
                .arg(credential));
    if (m_config.string(ConfigKey::SshHost).isEmpty())
        return Error::invalid(
            QStringLiteral("SSH_HOST is not set: there is no SSH login to rotate"));
    settings.oldKey = m_config.string(ConfigKey::SshKeyPath);
    if (settings.oldKey.isEmpty())
        return Error::invalid(QStringLiteral("SSH_KEY_PATH is not set: the daemon logs in with a "
                                             "password, and there is no key to rotate"));
    settings.oldKey = QFileInfo(settings.oldKey).absoluteFilePath();
    if (!QFileInfo(settings.oldKey).isFile())
        return Error::notFound(
            QStringLiteral("SSH_KEY_PATH %1 does not exist").arg(settings.oldKey));
    const auto authorizedKeys =
        AuthorizedKeys::checkPath(m_config.string(ConfigKey::SshAuthorizedKeys));
    if (!authorizedKeys.ok())
        return authorizedKeys.error();
    settings.authorizedKeys = authorizedKeys.value();
    settings.passphrase = m_config.string(ConfigKey::SshKeyPassphrase);
    const QString stamp = m_now().toUTC().toString(kStampFormat);
    const QFileInfo old(settings.oldKey);
    QString base = old.fileName();
    base.remove(kStampSuffix);
    settings.newKey = old.dir().filePath(QStringLiteral("%1-%2").arg(base, stamp));
    if (settings.newKey == settings.oldKey || QFile::exists(settings.newKey))
        return Error{
            ErrorCode::Conflict,
            QStringLiteral("%1 exists already; rotate again in a second").arg(settings.newKey)};
    settings.comment = QStringLiteral("proxmox-mcp-") + stamp;
    return settings;
}

QString SshKeyRotation::describe(Step step, const Settings &s) const
{
    const QString user = m_config.string(ConfigKey::SshUser);
    const QString host = m_config.string(ConfigKey::SshHost);
    switch (step) {
    case Step::Generate:
        return QStringLiteral("generate a new ed25519 key in %1").arg(s.newKey);
    case Step::Authorize:
        return QStringLiteral("add its public key to %1 of %2@%3, logged in with the current key")
            .arg(s.authorizedKeys, user, host);
    case Step::Prove:
        return QStringLiteral("log in with the new key on a fresh connection");
    case Step::Backup:
        return QStringLiteral("back up the state, the current key included");
    case Step::Switch:
        return QStringLiteral("set SSH_KEY_PATH=%1 in %2 and tell the daemon to reload")
            .arg(s.newKey, m_configPath);
    case Step::Revoke:
        return QStringLiteral("remove the old public key from %1, logged in with the new key")
            .arg(s.authorizedKeys);
    case Step::Discard:
        return QStringLiteral("delete the old private key %1 (it stays in the backup)")
            .arg(s.oldKey);
    }
    return {};
}

Result<QStringList> SshKeyRotation::plan() const
{
    const auto s = settings();
    if (!s.ok())
        return s.error();
    QStringList lines;
    for (const Step step : steps())
        lines.append(QStringLiteral("%1: %2").arg(stepName(step), describe(step, s.value())));
    return lines;
}

// What one run holds: the sessions (opened on first use, alive until the run ends), the new key,
// and what each finished step leaves behind, undone in reverse when a later step fails.
struct SshKeyRotation::Run final {
    Run(const Settings &settings, const SshConfig &current, const SshConfig &fresh)
        : s(settings)
        , currentLogin(current)
        , newLogin(fresh)
    {}
    const Settings &s;
    QString oldBlob;
    SshSessionWorker currentLogin;
    SshSessionWorker newLogin;
    SshKeyPair pair;
    Outcome outcome;
    QList<std::pair<Step, std::function<Result<void>()>>> undo;
};

Result<void> SshKeyRotation::onHost(SshSessionWorker &session, const Result<QString> &command,
                                    const QString &what) const
{
    if (!command.ok())
        return command.error();
    return commandSucceeded(session.execute(command.value(), m_timeoutMs), what);
}

Result<SshKeyRotation::Outcome> SshKeyRotation::run(const Progress &progress)
{
    const auto prepared = settings();
    if (!prepared.ok())
        return prepared.error();
    const Settings &s = prepared.value();
    const auto oldBlob = SshKeyPair::publicBlobOf(s.oldKey, s.passphrase);
    if (!oldBlob.ok())
        return oldBlob.error();
    const auto report = [&progress](Step step, const QString &state, const QString &detail) {
        if (progress)
            progress(step, state, detail);
    };
    SshConfig currentLogin = SshConfig::fromConfig(m_config);
    currentLogin.defaultTimeoutMs = m_timeoutMs;
    SshConfig newLogin = currentLogin;
    newLogin.keyPath = s.newKey;
    newLogin.password.clear(); // the proof is the key alone
    Run run(s, currentLogin, newLogin);
    run.oldBlob = oldBlob.value();
    run.outcome.oldKeyPath = s.oldKey;
    run.outcome.newKeyPath = s.newKey;

    for (const Step step : steps()) {
        report(step, QStringLiteral("running"), describe(step, s));
        const std::optional<Error> fault = m_fault ? m_fault(step) : std::nullopt;
        const Result<QString> done = fault ? Result<QString>(*fault) : perform(step, run);
        if (done.ok()) {
            report(step, QStringLiteral("done"), done.value());
            continue;
        }
        report(step, QStringLiteral("failed"), done.error().message);
        while (!run.undo.isEmpty()) {
            auto [undoneStep, action] = run.undo.takeLast();
            const auto undone = action();
            report(undoneStep, undone.ok() ? QStringLiteral("undone") : QStringLiteral("failed"),
                   undone.ok() ? QString()
                               : QStringLiteral("could not be undone: ") + undone.error().message);
        }
        return done.error();
    }
    RotationRecord(m_config.string(ConfigKey::StateDir)).recordSshKey(s.newKey, m_now().toUTC());
    return run.outcome;
}

Result<QString> SshKeyRotation::perform(Step step, Run &run)
{
    switch (step) {
    case Step::Generate:
        return generate(run);
    case Step::Authorize:
        return authorize(run);
    case Step::Prove: {
        const auto proven = onHost(run.newLogin, QStringLiteral("true"),
                                   QStringLiteral("logging in with the new key"));
        if (!proven.ok())
            return proven.error();
        return QString();
    }
    case Step::Backup: {
        const auto backup = BackupOperations(m_config, m_configPath).create();
        if (!backup.ok())
            return backup.error();
        run.outcome.backupName = backup.value().name;
        return backup.value().name;
    }
    case Step::Switch:
        return switchConfig(run);
    case Step::Revoke:
        return revoke(run);
    case Step::Discard:
        return discard(run);
    }
    return QString();
}

Result<QString> SshKeyRotation::generate(Run &run)
{
    auto generated = SshKeyPair::generateEd25519(run.s.comment);
    if (!generated.ok())
        return generated.error();
    run.pair = std::move(generated).value();
    if (const auto written = run.pair.write(run.s.newKey, run.s.passphrase); !written.ok())
        return written.error();
    run.outcome.newFingerprint = run.pair.publicBlob();
    run.undo.append({Step::Generate, [&run]() -> Result<void> {
                         QFile::remove(run.s.newKey);
                         QFile::remove(run.s.newKey + QStringLiteral(".pub"));
                         return {};
                     }});
    return run.pair.publicLine();
}

Result<QString> SshKeyRotation::authorize(Run &run)
{
    const auto added = onHost(run.currentLogin,
                              AuthorizedKeys::addCommand(run.s.authorizedKeys, run.pair.type(),
                                                         run.pair.publicBlob(), run.pair.comment()),
                              QStringLiteral("adding the new public key"));
    if (!added.ok())
        return added.error();
    run.undo.append({Step::Authorize, [this, &run] {
                         return onHost(run.currentLogin,
                                       AuthorizedKeys::removeCommand(run.s.authorizedKeys,
                                                                     run.pair.publicBlob()),
                                       QStringLiteral("removing the new public key"));
                     }});
    return QString();
}

Result<QString> SshKeyRotation::switchConfig(Run &run)
{
    const QString stateDir = m_config.string(ConfigKey::StateDir);
    const auto setKey = [this, stateDir](const QString &key, const QString &by) {
        return ConfigEditor(m_configPath, stateDir)
            .apply({{configKeyName(ConfigKey::SshKeyPath), key}}, by);
    };
    const auto applied = setKey(run.s.newKey, QStringLiteral("rotate"));
    if (!applied.ok())
        return applied.error();
    run.outcome.configVersion = applied.value().version.number;
    run.undo.append({Step::Switch, [this, &run, setKey]() -> Result<void> {
                         const auto restored =
                             setKey(run.s.oldKey, QStringLiteral("rotate (undone)"));
                         if (!restored.ok())
                             return restored.error();
                         return m_reload ? m_reload() : Result<void>{};
                     }});
    // The file may be overridden by the environment: then the switch did nothing.
    if (Config::load(m_configPath).string(ConfigKey::SshKeyPath) != run.s.newKey)
        return Error::invalid(
            QStringLiteral("SSH_KEY_PATH is set in the daemon's environment; the file cannot "
                           "change it"));
    if (m_reload) {
        if (const auto reloaded = m_reload(); !reloaded.ok())
            return reloaded.error();
    }
    return QStringLiteral("configuration version %1").arg(run.outcome.configVersion);
}

Result<QString> SshKeyRotation::revoke(Run &run)
{
    const auto removed =
        onHost(run.newLogin, AuthorizedKeys::removeCommand(run.s.authorizedKeys, run.oldBlob, true),
               QStringLiteral("removing the old public key"));
    if (!removed.ok())
        return removed.error();
    run.undo.append({Step::Revoke, [this, &run] {
                         return onHost(run.newLogin,
                                       AuthorizedKeys::restoreCommand(run.s.authorizedKeys),
                                       QStringLiteral("restoring authorized_keys"));
                     }});
    return QString();
}

Result<QString> SshKeyRotation::discard(Run &run)
{
    // Moved aside first: when the host's copy of the old file cannot go, they come back and
    // everything is undone; afterwards the old private key is only in the backup.
    Result<void> done;
    QStringList moved;
    for (const QString &file : {run.s.oldKey, run.s.oldKey + QStringLiteral(".pub")}) {
        const QString aside = file + QLatin1String(kDiscardSuffix);
        QFile::remove(aside);
        if (!QFile::exists(file))
            continue;
        if (!QFile::rename(file, aside)) {
            done = Error::internal(QStringLiteral("cannot delete %1").arg(file));
            break;
        }
        moved.append(file);
    }
    if (done.ok())
        done = onHost(run.newLogin, AuthorizedKeys::dropCopyCommand(run.s.authorizedKeys),
                      QStringLiteral("deleting the copy of the old authorized_keys"));
    for (const QString &file : std::as_const(moved)) {
        if (done.ok())
            QFile::remove(file + QLatin1String(kDiscardSuffix));
        else
            QFile::rename(file + QLatin1String(kDiscardSuffix), file);
    }
    if (!done.ok())
        return done.error();
    return QString();
}

} // namespace pmcp
