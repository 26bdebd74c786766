#include "server/cli/RotateCommand.h"

#include "server/app/ApiTokenRotation.h"
#include "server/app/PidFile.h"
#include "server/app/SshKeyRotation.h"
#include "server/cli/ConfigLoader.h"

#include <QEventLoop>

namespace pmcp {

QString RotateCommand::summary() const
{
    return QStringLiteral("replace the SSH key or the Proxmox API token, step by step");
}

QString RotateCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd rotate ssh-key [--dry-run] [--config FILE]\n"
        "       proxmox-mcpd rotate api-token [--dry-run] [--config FILE]\n"
        "ssh-key makes a new ed25519 key beside SSH_KEY_PATH, adds its public key to\n"
        "SSH_AUTHORIZED_KEYS of SSH_USER on SSH_HOST (logged in with the current key), logs in\n"
        "with the new key on a fresh connection, backs up the state (the old key with it),\n"
        "sets SSH_KEY_PATH to the new key (a kept configuration version) and tells a running\n"
        "daemon to reload, removes the old public key from the host and deletes the old private\n"
        "key file. Each step is printed as it happens; when one fails, the steps before it are\n"
        "undone in reverse, and the old key logs in as before (exit 1).\n"
        "Usage: proxmox-mcpd rotate api-token [--dry-run] [--config FILE]\n"
        "api-token reads PROXMOX_USER!PROXMOX_TOKEN_NAME (privilege separation, expiry, ACL\n"
        "rows), creates a new token NAME-YYYYMMDDHHMMSS for the same user with the same\n"
        "privilege separation, copies the ACL rows to it, proves it (its permissions must equal\n"
        "the old token's), sets PROXMOX_TOKEN_NAME and PROXMOX_TOKEN_VALUE and tells a running\n"
        "daemon to reload, then deletes the old token; a failure undoes the steps before it.\n"
        "--dry-run prints the steps and changes nothing.\n");
}

QList<QCommandLineOption> RotateCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("dry-run"))};
}

int RotateCommand::execute(const Arguments &arguments)
{
    const QStringList &rest = arguments.positional;
    const QString what = rest.isEmpty() ? QString() : rest.first();
    if (what != QLatin1String("ssh-key") && what != QLatin1String("api-token"))
        return fail(
            QStringLiteral("rotate needs what to rotate: ssh-key or api-token\n\n") + usage(), 2);
    if (rest.size() > 1)
        return unexpectedArgument(rest.at(1));
    const bool dryRun = arguments.options.isSet(QStringLiteral("dry-run"));
    if (what == QLatin1String("api-token"))
        return rotateApiToken(arguments.configPath, dryRun);
    return rotateSshKey(arguments.configPath, dryRun);
}

int RotateCommand::rotateSshKey(const QString &configPath, bool dryRun)
{
    const auto config = ConfigLoader(err()).load(configPath, ConfigLoader::Check::NoErrors);
    if (!config.ok())
        return fail(config.error().message, 1);
    SshKeyRotation rotation(config.value(), configPath);
    if (dryRun) {
        const auto plan = rotation.plan();
        if (!plan.ok())
            return fail(plan.error().message, 1);
        out() << "rotate ssh-key would (dry run, nothing changed):\n";
        for (const QString &line : plan.value())
            out() << "  " << line << "\n";
        out().flush();
        return 0;
    }
    const QString stateDir = config.value().string(ConfigKey::StateDir);
    rotation.setReload([this, stateDir]() -> Result<void> {
        const auto signalled = PidFile::signalReload(stateDir);
        if (!signalled.ok())
            return signalled.error();
        if (signalled.value())
            out() << "  (the running daemon, pid " << *signalled.value() << ", reloads)\n";
        return {};
    });
    const auto outcome = rotation.run(
        [this](SshKeyRotation::Step step, const QString &state, const QString &detail) {
            out() << SshKeyRotation::stepName(step) << ": " << state;
            if (!detail.isEmpty())
                out() << ": " << detail;
            out() << Qt::endl;
        });
    if (!outcome.ok())
        return fail(QStringLiteral("the rotation failed and was undone; the old key %1 logs in "
                                   "as before: %2")
                        .arg(config.value().string(ConfigKey::SshKeyPath), outcome.error().message),
                    1);
    out() << "rotated: SSH_KEY_PATH is now " << outcome.value().newKeyPath << "; the old key is in "
          << outcome.value().backupName << " only" << Qt::endl;
    return 0;
}

int RotateCommand::rotateApiToken(const QString &configPath, bool dryRun)
{
    const auto config = ConfigLoader(err()).load(configPath, ConfigLoader::Check::NoErrors);
    if (!config.ok())
        return fail(config.error().message, 1);
    ApiTokenRotation rotation(config.value(), configPath);
    if (dryRun) {
        const auto plan = rotation.plan();
        if (!plan.ok())
            return fail(plan.error().message, 1);
        out() << "rotate api-token would (dry run, nothing changed):\n";
        for (const QString &line : plan.value())
            out() << "  " << line << "\n";
        out().flush();
        return 0;
    }
    const QString stateDir = config.value().string(ConfigKey::StateDir);
    rotation.setReload([this, stateDir]() -> Result<void> {
        const auto signalled = PidFile::signalReload(stateDir);
        if (!signalled.ok())
            return signalled.error();
        if (signalled.value())
            out() << "  (the running daemon, pid " << *signalled.value() << ", reloads)\n";
        return {};
    });
    std::optional<Result<ApiTokenRotation::Outcome>> outcome;
    QEventLoop loop;
    rotation.run(
        [this](ApiTokenRotation::Step step, const QString &state, const QString &detail) {
            out() << ApiTokenRotation::stepName(step) << ": " << state;
            if (!detail.isEmpty())
                out() << ": " << detail;
            out() << Qt::endl;
        },
        [&](const Result<ApiTokenRotation::Outcome> &result) {
            outcome = result;
            loop.quit();
        });
    if (!outcome)
        loop.exec();
    if (!outcome->ok())
        return fail(
            QStringLiteral("the rotation failed and was undone; the token %1 works as "
                           "before: %2")
                .arg(config.value().string(ConfigKey::ProxmoxTokenName), outcome->error().message),
            1);
    out() << "rotated: the daemon now calls Proxmox as " << outcome->value().newTokenId << " ("
          << outcome->value().aclRows << " ACL rows copied); " << outcome->value().oldTokenId
          << " is deleted" << Qt::endl;
    return 0;
}

} // namespace pmcp
