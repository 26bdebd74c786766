#include "server/cli/BackupCommand.h"

#include "server/app/DailyHealthChecks.h"
#include "server/backup/BackupOperations.h"
#include "server/cli/ConfigLoader.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace pmcp {

namespace {

QString humanSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(double(bytes) / (1024 * 1024), 0, 'f', 1);
}

QString humanAge(qint64 seconds)
{
    if (seconds < 120)
        return QStringLiteral("%1 s").arg(qMax<qint64>(0, seconds));
    if (seconds < 2 * 3600)
        return QStringLiteral("%1 min").arg(seconds / 60);
    if (seconds < 2 * 86400)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    return QStringLiteral("%1 d").arg(seconds / 86400);
}

} // namespace

QString BackupCommand::summary() const
{
    return QStringLiteral("create, list, verify or restore backups of the daemon's state");
}

QString BackupCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd backup create [--output DIR] [--config FILE]\n"
        "       proxmox-mcpd backup list [--json] [--config FILE]\n"
        "       proxmox-mcpd backup verify FILE [--config FILE]\n"
        "       proxmox-mcpd backup restore FILE [--only PART[,PART]] [--config FILE]\n"
        "create writes one .tar.gz (mode 0600) into BACKUP_DIR (default STATE_DIR/backups) or "
        "DIR:\n"
        "the configuration file and its kept versions, clients.json, admin-tokens.json, the OAuth\n"
        "grants, the audit log and its key, the SSH key, known_hosts and the generated sudoers,\n"
        "whatever of these exists, with a manifest of SHA-256 sums; it verifies what it wrote and\n"
        "then applies BACKUP_KEEP and BACKUP_KEEP_DAYS in BACKUP_DIR.\n"
        "list shows each backup in BACKUP_DIR: name, size, age, and whether it verified.\n"
        "verify reads FILE (a path, or a name from list) to the end and checks every SHA-256 and\n"
        "the configuration inside; exit 0 when intact, 1 naming the first bad file.\n"
        "restore verifies FILE, saves the current state as a backup (…-pre-restore), then puts\n"
        "back everything or only the parts given: config, keys, clients, audit. It works when\n"
        "STATE_DIR was deleted. A running daemon must be restarted to use a restored audit log\n"
        "or configuration (the admin API's restore reloads it by itself).\n");
}

QList<QCommandLineOption> BackupCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("output"), QString(), QStringLiteral("DIR")),
            QCommandLineOption(QStringLiteral("json")),
            QCommandLineOption(QStringLiteral("only"), QString(), QStringLiteral("PART"))};
}

int BackupCommand::execute(const Arguments &arguments)
{
    QStringList rest = arguments.positional;
    const QString action = rest.isEmpty() ? QString() : rest.takeFirst();
    const bool needsFile = action == QLatin1String("verify") || action == QLatin1String("restore");
    if (action != QLatin1String("create") && action != QLatin1String("list") && !needsFile)
        return fail(QStringLiteral("backup needs an action: create, list, verify or restore\n\n") +
                        usage(),
                    2);
    if (needsFile && rest.isEmpty())
        return fail(QStringLiteral("backup %1 needs the FILE to %1").arg(action), 2);
    if (rest.size() > (needsFile ? 1 : 0))
        return unexpectedArgument(rest.at(needsFile ? 1 : 0));
    const auto &options = arguments.options;
    if (options.isSet(QStringLiteral("output")) && action != QLatin1String("create"))
        return usageError(QStringLiteral("--output belongs to backup create"));
    if (options.isSet(QStringLiteral("json")) && action != QLatin1String("list"))
        return usageError(QStringLiteral("--json belongs to backup list"));
    QStringList parts;
    if (options.isSet(QStringLiteral("only"))) {
        if (action != QLatin1String("restore"))
            return usageError(QStringLiteral("--only belongs to backup restore"));
        for (const QString &value : options.values(QStringLiteral("only")))
            parts += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &part : parts) {
            if (!BackupPart::isValid(part))
                return usageError(QStringLiteral("--only: no part \"%1\" (parts: %2)")
                                      .arg(part, BackupPart::all().join(QStringLiteral(", "))));
        }
    }
    const auto config = ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::Exists);
    if (!config.ok())
        return fail(config.error().message, 1);
    m_config = config.value();
    const BackupOperations operations(config.value(), arguments.configPath);
    if (action == QLatin1String("create"))
        return create(operations, options.value(QStringLiteral("output")));
    if (action == QLatin1String("list"))
        return list(operations, options.isSet(QStringLiteral("json")));
    if (action == QLatin1String("verify"))
        return verify(operations, rest.first());
    return restore(operations, rest.first(), parts);
}

QString BackupCommand::resolve(const BackupOperations &operations, const QString &file) const
{
    if (QFileInfo(file).isFile() || file.contains(QLatin1Char('/')))
        return file;
    const QString inStore = QDir(operations.store().directory()).filePath(file);
    return QFileInfo(inStore).isFile() ? inStore : file;
}

int BackupCommand::create(const BackupOperations &operations, const QString &outputDir)
{
    const auto entry = operations.create(outputDir);
    if (!entry.ok())
        return fail(entry.error().message, 1);
    out() << "created " << entry.value().path << " (" << humanSize(entry.value().size)
          << "), verified" << Qt::endl;
    return 0;
}

int BackupCommand::list(const BackupOperations &operations, bool json)
{
    const BackupStore store = operations.store();
    const QList<BackupEntry> entries = store.list();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (json) {
        QJsonArray array;
        for (const BackupEntry &entry : entries)
            array.append(entry.toJson(now));
        out() << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return 0;
    }
    if (entries.isEmpty()) {
        out() << "no backups in " << store.directory() << Qt::endl;
        return 0;
    }
    out() << QStringLiteral("%1  %2  %3  %4")
                 .arg(QStringLiteral("NAME"), -44)
                 .arg(QStringLiteral("SIZE"), 10)
                 .arg(QStringLiteral("AGE"), 7)
                 .arg(QStringLiteral("VERIFIED"))
          << Qt::endl;
    for (const BackupEntry &entry : entries) {
        QString verified = entry.verification == QLatin1String("verified") ? QStringLiteral("yes")
                           : entry.verification == QLatin1String("failed")
                               ? QStringLiteral("FAILED: ") + entry.verifyMessage
                               : QStringLiteral("not yet");
        out() << QStringLiteral("%1  %2  %3  %4")
                     .arg(entry.name, -44)
                     .arg(humanSize(entry.size), 10)
                     .arg(humanAge(entry.created.secsTo(now)), 7)
                     .arg(verified)
              << Qt::endl;
    }
    return 0;
}

int BackupCommand::verify(const BackupOperations &operations, const QString &file)
{
    const QString path = resolve(operations, file);
    const BackupCheck check = operations.verify(path);
    out() << path << ": " << check.message() << Qt::endl;
    return check.ok ? 0 : 1;
}

int BackupCommand::restore(const BackupOperations &operations, const QString &file,
                           const QStringList &parts)
{
    const QString path = resolve(operations, file);
    const auto restored = operations.restore(path, parts, [this](const QString &step, int percent) {
        if (percent == 0)
            err() << step << "…" << Qt::endl;
    });
    if (!restored.ok())
        return fail(restored.error().message, 1);
    const auto &value = restored.value();
    if (!value.savedAs.isEmpty())
        out() << "saved the state before the restore as " << value.savedAs << Qt::endl;
    out() << "restored " << value.report.parts.join(QStringLiteral(", ")) << " ("
          << value.report.files.size() << " files) from " << path << Qt::endl;
    // No reload signal exists yet: find out whether a daemon runs on this configuration and
    // say what to do.
    const QString host = m_config.string(ConfigKey::McpHost);
    const QUrl health(
        QStringLiteral("%1://%2:%3/health")
            .arg(m_config.string(ConfigKey::McpTlsCert).isEmpty() ? QStringLiteral("http")
                                                                  : QStringLiteral("https"),
                 host == QLatin1String("0.0.0.0") ? QStringLiteral("127.0.0.1") : host)
            .arg(m_config.integer(ConfigKey::McpPort)));
    if (DailyHealthChecks::systemProbes(2000).httpGet(health).status != 0)
        out() << "A daemon answers on " << health.toString(QUrl::RemovePath)
              << ": restart it now so it uses the restored audit log and configuration "
                 "(systemctl restart proxmox-mcp); client tokens it picks up by itself."
              << Qt::endl;
    else
        out() << "No daemon answers on " << health.toString(QUrl::RemovePath)
              << "; start it as usual (systemctl start proxmox-mcp)." << Qt::endl;
    return 0;
}

} // namespace pmcp
