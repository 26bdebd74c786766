#include "server/cli/MigrateCommand.h"

#include "server/app/LegacyMigration.h"
#include "server/cli/ConfigLoader.h"
#include "shared/config/Config.h"
#include "shared/config/ConfigEditor.h"
#include "shared/config/ConfigSchema.h"
#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <grp.h>
#include <unistd.h>

namespace pmcp {

QString MigrateCommand::summary() const
{
    return QStringLiteral("move the old Docker deployment (/opt/proxmox-mcp) over");
}

QString MigrateCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd migrate --from DIR [--sudoers FILE] [--dry-run] [--config FILE]\n"
        "Reads the old deployment in DIR (/opt/proxmox-mcp): its .env, whose keys are this\n"
        "daemon's (it names each key it ignores and why: IMAGE_TAG, GRAFANA_PASSWORD, ...), the\n"
        "SSH key pair (keys/claude_proxmox_key, copied beside the configuration as keys/), and\n"
        "the old sudoers file (default /etc/sudoers.d/claude-user: whom it names). Writes the\n"
        "keys into the configuration file as `config set` does (validated first, atomic, the\n"
        "previous file kept as a version: `config rollback` undoes it). The old files stay\n"
        "untouched. --dry-run prints the plan and the validation, and writes nothing.\n");
}

QList<QCommandLineOption> MigrateCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("from"), QString(), QStringLiteral("DIR")),
            QCommandLineOption(QStringLiteral("sudoers"), QString(), QStringLiteral("FILE")),
            QCommandLineOption(QStringLiteral("dry-run"))};
}

namespace {

// The daemon's copy of a key: 0600, or 0640 for the service group when it exists (as root).
Result<bool> copyKey(const QString &from, const QString &to, bool secret)
{
    QFile source(from);
    if (!source.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("cannot read %1: %2").arg(from, source.errorString()));
    const QByteArray content = source.readAll();
    QFile existing(to);
    if (existing.open(QIODevice::ReadOnly) && existing.readAll() == content)
        return false; // already there
    QDir().mkpath(QFileInfo(to).absolutePath());
    const group *service = ::getgrnam("proxmox-mcp");
    const bool shared = secret && service && ::geteuid() == 0;
    QFileDevice::Permissions mode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!secret || shared)
        mode |= QFileDevice::ReadGroup;
    if (!secret)
        mode |= QFileDevice::ReadOther;
    if (auto written = AtomicFile::write(to, content, mode); !written.ok())
        return written.error();
    if (shared && ::chown(QFile::encodeName(to).constData(), 0, service->gr_gid) != 0)
        return Error::invalid(QStringLiteral("cannot give %1 the group proxmox-mcp").arg(to));
    return true;
}

} // namespace

int MigrateCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    const QString from = arguments.options.value(QStringLiteral("from"));
    if (from.isEmpty())
        return usageError(QStringLiteral("--from DIR (the old installation, /opt/proxmox-mcp) is "
                                         "required"));
    const bool dryRun = arguments.options.isSet(QStringLiteral("dry-run"));
    const QString sudoers = arguments.options.isSet(QStringLiteral("sudoers"))
                                ? arguments.options.value(QStringLiteral("sudoers"))
                                : QStringLiteral("/etc/sudoers.d/claude-user");
    // The new configuration must be there (the package installs it): its STATE_DIR keeps the
    // versions, and the migration is one change to it.
    const auto config = ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::Exists);
    if (!config.ok())
        return fail(config.error().message, 1);
    const auto plan = LegacyMigration::plan(from, sudoers, arguments.configPath);
    if (!plan.ok())
        return fail(plan.error().message, 1);

    out() << (dryRun ? "Plan (dry run, nothing is written):\n" : "Migrating:\n");
    for (const auto &[key, value] : plan.value().changes) {
        const bool secret =
            ConfigSchema::instance().find(key) && ConfigSchema::instance().find(key)->secret;
        out() << "  set    " << key << "=" << (secret ? QStringLiteral("(secret)") : value) << "\n";
    }
    for (const LegacyMigration::Ignored &ignored : plan.value().ignored)
        out() << "  ignore " << ignored.key << ": " << ignored.reason << "\n";
    if (!plan.value().keySource.isEmpty())
        out() << "  copy   " << plan.value().keySource << "(.pub) to " << plan.value().keyTarget
              << "(.pub)\n";
    if (!plan.value().sudoersUsers.isEmpty())
        out() << "  read   " << sudoers << ": grants commands to "
              << plan.value().sudoersUsers.join(QStringLiteral(", ")) << "\n";

    ConfigEditor editor(arguments.configPath, config.value().string(ConfigKey::StateDir));
    ConfigChanges changes = plan.value().changes;
    if (dryRun) {
        // Validated as it will be written, the key still where it is now.
        for (auto &[key, value] : changes) {
            if (key == QLatin1String("SSH_KEY_PATH"))
                value = plan.value().keySource;
        }
        const QList<ConfigProblem> problems = editor.validate(changes);
        for (const ConfigProblem &problem : problems)
            out() << "  " << ConfigLoader::describe(problem) << "\n";
        out() << (ConfigEditor::hasError(problems) ? "The configuration would be refused.\n"
                                                   : "The configuration would be valid.\n");
        for (const QString &note : plan.value().notes)
            out() << note << "\n";
        out().flush();
        return ConfigEditor::hasError(problems) ? 1 : 0;
    }
    if (!plan.value().keySource.isEmpty()) {
        for (const QString &suffix : {QString(), QStringLiteral(".pub")}) {
            if (suffix.isEmpty() || QFileInfo::exists(plan.value().keySource + suffix)) {
                const auto copied = copyKey(plan.value().keySource + suffix,
                                            plan.value().keyTarget + suffix, suffix.isEmpty());
                if (!copied.ok())
                    return fail(copied.error().message, 1);
            }
        }
    }
    QList<ConfigProblem> problems;
    const auto outcome = editor.apply(changes, QStringLiteral("migrate"), &problems);
    for (const ConfigProblem &problem : std::as_const(problems))
        err() << ConfigLoader::describe(problem) << Qt::endl;
    if (!outcome.ok())
        return fail(outcome.error().message, 1);
    if (outcome.value().version.number == 0)
        out() << "The configuration already says so: nothing changed.\n";
    else
        out() << "Written " << arguments.configPath << " as version "
              << outcome.value().version.number << " (proxmox-mcpd config rollback undoes it).\n";
    for (const QString &note : plan.value().notes)
        out() << note << "\n";
    out().flush();
    return 0;
}

} // namespace pmcp
