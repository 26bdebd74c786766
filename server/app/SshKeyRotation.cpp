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

#include <memory>
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
    return {Step::Generate, Step::Authorize, Step::Prove, Step::Backup,
            Step::Switch,   Step::Revoke,    Step::Discard};
}

QString SshKeyRotation::stepName(Step step)
{
    switch (step) {
    case Step::Generate: return QStringLiteral("generate");
    case Step::Authorize: return QStringLiteral("authorize");
    case Step::Prove: return QStringLiteral("prove");
    case Step::Backup: return QStringLiteral("backup");
    case Step::Switch: return QStringLiteral("switch");
    case Step::Revoke: return QStringLiteral("revoke");
    case Step::Discard: return QStringLiteral("discard");
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
    if (m_config.string(ConfigKey::SshHost).isEmpty())
        return Error::invalid(QStringLiteral("SSH_HOST is not set: there is no SSH login to rotate"));
    settings.oldKey = m_config.string(ConfigKey::SshKeyPath);
    if (settings.oldKey.isEmpty())
        return Error::invalid(QStringLiteral("SSH_KEY_PATH is not set: the daemon logs in with a "
                                             "password, and there is no key to rotate"));
    settings.oldKey = QFileInfo(settings.oldKey).absoluteFilePath();
    if (!QFileInfo(settings.oldKey).isFile())
        return Error::notFound(QStringLiteral("SSH_KEY_PATH %1 does not exist").arg(settings.oldKey));
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
        return Error{ErrorCode::Conflict,
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
        return QStringLiteral("delete the old private key %1 (it stays in the backup)").arg(s.oldKey);
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

Result<SshKeyRotation::Outcome> SshKeyRotation::run(const Progress &progress)
{
    const auto prepared = settings();
    if (!prepared.ok())
        return prepared.error();
    const Settings &s = prepared.value();
    const auto oldBlob = SshKeyPair::publicBlobOf(s.oldKey, s.passphrase);
    if (!oldBlob.ok())
        return oldBlob.error();
    const QString stateDir = m_config.string(ConfigKey::StateDir);
    const auto report = [&progress](Step step, const QString &state, const QString &detail) {
        if (progress)
            progress(step, state, detail);
    };

    SshConfig currentLogin = SshConfig::fromConfig(m_config);
    currentLogin.defaultTimeoutMs = m_timeoutMs;
    SshConfig newLogin = currentLogin;
    newLogin.keyPath = s.newKey;
    newLogin.password.clear(); // the proof is the key alone
    // Sessions are opened on first use and live until the rotation ends.
    SshSessionWorker current(currentLogin);
    std::unique_ptr<SshSessionWorker> fresh;
    const auto onHost = [this](SshSessionWorker &session, const Result<QString> &command,
                               const QString &what) -> Result<void> {
        if (!command.ok())
            return command.error();
        return commandSucceeded(session.execute(command.value(), m_timeoutMs), what);
    };

    Outcome outcome;
    outcome.oldKeyPath = s.oldKey;
    outcome.newKeyPath = s.newKey;
    SshKeyPair pair;
    // What each finished step leaves behind, undone in reverse when a later step fails.
    QList<std::pair<Step, std::function<Result<void>()>>> undo;
    const auto rollBack = [&](const Error &error) -> Error {
        while (!undo.isEmpty()) {
            auto [step, action] = undo.takeLast();
            const auto undone = action();
            report(step, undone.ok() ? QStringLiteral("undone") : QStringLiteral("failed"),
                   undone.ok() ? QString()
                               : QStringLiteral("could not be undone: ") + undone.error().message);
        }
        return error;
    };

    for (const Step step : steps()) {
        report(step, QStringLiteral("running"), describe(step, s));
        Result<void> done;
        QString detail;
        if (const auto fault = m_fault ? m_fault(step) : std::nullopt)
            done = *fault;
        else if (step == Step::Generate) {
            auto generated = SshKeyPair::generateEd25519(s.comment);
            if (generated.ok()) {
                pair = std::move(generated).value();
                done = pair.write(s.newKey, s.passphrase);
                outcome.newFingerprint = pair.publicBlob();
                detail = pair.publicLine();
            } else {
                done = generated.error();
            }
            if (done.ok())
                undo.append({step, [&s]() -> Result<void> {
                                 QFile::remove(s.newKey);
                                 QFile::remove(s.newKey + QStringLiteral(".pub"));
                                 return {};
                             }});
        } else if (step == Step::Authorize) {
            done = onHost(current,
                          AuthorizedKeys::addCommand(s.authorizedKeys, pair.type(),
                                                     pair.publicBlob(), pair.comment()),
                          QStringLiteral("adding the new public key"));
            if (done.ok())
                undo.append({step, [&, blob = pair.publicBlob()] {
                                 return onHost(current,
                                               AuthorizedKeys::removeCommand(s.authorizedKeys, blob),
                                               QStringLiteral("removing the new public key"));
                             }});
        } else if (step == Step::Prove) {
            fresh = std::make_unique<SshSessionWorker>(newLogin);
            done = onHost(*fresh, QStringLiteral("true"),
                          QStringLiteral("logging in with the new key"));
        } else if (step == Step::Backup) {
            const auto backup = BackupOperations(m_config, m_configPath).create();
            if (backup.ok()) {
                outcome.backupName = backup.value().name;
                detail = backup.value().name;
            } else {
                done = backup.error();
            }
        } else if (step == Step::Switch) {
            ConfigEditor editor(m_configPath, stateDir);
            const auto applied = editor.apply(
                {{configKeyName(ConfigKey::SshKeyPath), s.newKey}}, QStringLiteral("rotate"));
            if (!applied.ok()) {
                done = applied.error();
            } else {
                outcome.configVersion = applied.value().version.number;
                undo.append({step, [&, this]() -> Result<void> {
                                 ConfigEditor back(m_configPath, stateDir);
                                 const auto restored = back.apply(
                                     {{configKeyName(ConfigKey::SshKeyPath), s.oldKey}},
                                     QStringLiteral("rotate (undone)"));
                                 if (!restored.ok())
                                     return restored.error();
                                 return m_reload ? m_reload() : Result<void>{};
                             }});
                // The file may be overridden by the environment: then the switch did nothing.
                const Config switched = Config::load(m_configPath);
                if (switched.string(ConfigKey::SshKeyPath) != s.newKey)
                    done = Error::invalid(QStringLiteral("SSH_KEY_PATH is set in the daemon's "
                                                         "environment; the file cannot change it"));
                else if (m_reload)
                    done = m_reload();
            }
        } else if (step == Step::Revoke) {
            done = onHost(*fresh,
                          AuthorizedKeys::removeCommand(s.authorizedKeys, oldBlob.value(), true),
                          QStringLiteral("removing the old public key"));
            if (done.ok())
                undo.append({step, [&] {
                                 return onHost(*fresh, AuthorizedKeys::restoreCommand(s.authorizedKeys),
                                               QStringLiteral("restoring authorized_keys"));
                             }});
        } else if (step == Step::Discard) {
            // Moved aside first: when the host's copy of the old file cannot go, they come back
            // and everything is undone; afterwards the old private key is only in the backup.
            QStringList moved;
            for (const QString &file : {s.oldKey, s.oldKey + QStringLiteral(".pub")}) {
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
                done = onHost(*fresh, AuthorizedKeys::dropCopyCommand(s.authorizedKeys),
                              QStringLiteral("deleting the copy of the old authorized_keys"));
            for (const QString &file : std::as_const(moved)) {
                if (done.ok())
                    QFile::remove(file + QLatin1String(kDiscardSuffix));
                else
                    QFile::rename(file + QLatin1String(kDiscardSuffix), file);
            }
        }
        if (!done.ok()) {
            report(step, QStringLiteral("failed"), done.error().message);
            return rollBack(done.error());
        }
        report(step, QStringLiteral("done"), detail);
    }
    RotationRecord(stateDir).recordSshKey(s.newKey, m_now().toUTC());
    return outcome;
}

} // namespace pmcp
