#include "server/app/LegacyMigration.h"

#include "shared/config/ConfigSchema.h"
#include "shared/config/EnvFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace pmcp {

QString LegacyMigration::ignoredBecause(const QString &key)
{
    if (key == QLatin1String("IMAGE_TAG"))
        return QStringLiteral("the container image's version; the package's version replaces it "
                              "(apt)");
    if (key == QLatin1String("GRAFANA_PASSWORD"))
        return QStringLiteral("Grafana is not part of the daemon; keep the password in your "
                              "Grafana");
    if (key == QLatin1String("SSH_TARGET"))
        return QStringLiteral("the old container's name for the SSH target; SSH_HOST says where");
    return {};
}

namespace {

// The container saw the installation folder as /app: /app/keys/x is DIR/keys/x on the host.
QString hostPath(const QString &oldDir, const QString &containerPath)
{
    if (containerPath.startsWith(QLatin1String("/app/")))
        return QDir(oldDir).filePath(containerPath.mid(5));
    return containerPath;
}

QStringList sudoersUsers(const QByteArray &text)
{
    // "claude-user ALL=(root) NOPASSWD: ..." and "Defaults:claude-user ...".
    static const QRegularExpression grant(QStringLiteral("^([a-z_][a-z0-9_-]*)\\s+ALL\\s*="));
    static const QRegularExpression defaults(QStringLiteral("^Defaults:([a-z_][a-z0-9_-]*)"));
    QStringList users;
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        for (const QRegularExpression *pattern : {&grant, &defaults}) {
            const auto match = pattern->match(line);
            if (match.hasMatch() && !users.contains(match.captured(1)))
                users.append(match.captured(1));
        }
    }
    return users;
}

} // namespace

Result<LegacyMigration::Plan>
LegacyMigration::plan(const QString &oldDir, const QString &sudoersPath, const QString &configPath)
{
    const QString envPath = QDir(oldDir).filePath(QStringLiteral(".env"));
    if (!QFileInfo::exists(envPath))
        return Error::notFound(
            QStringLiteral("%1 has no .env: is it the old installation folder (/opt/proxmox-mcp)?")
                .arg(oldDir));
    const auto env = EnvFile::load(envPath);
    if (!env.ok())
        return env.error();

    Plan plan;
    const ConfigSchema &schema = ConfigSchema::instance();
    const QString keyDir = QFileInfo(configPath).absolutePath() + QStringLiteral("/keys");
    for (const EnvFile::Entry &entry : env.value().entries()) {
        const QString reason = ignoredBecause(entry.key);
        if (!reason.isEmpty()) {
            plan.ignored.append({entry.key, reason});
            continue;
        }
        if (!schema.find(entry.key)) {
            plan.ignored.append(
                {entry.key,
                 QStringLiteral("not a key of proxmox-mcpd (proxmox-mcpd help config)")});
            continue;
        }
        QString value = entry.value;
        if (entry.key == QLatin1String("SSH_KEY_PATH") && !value.isEmpty()) {
            // The daemon gets its own copy beside its configuration; the old file stays.
            plan.keySource = hostPath(oldDir, value);
            value = keyDir + u'/' + QFileInfo(plan.keySource).fileName();
            plan.keyTarget = value;
        }
        plan.changes.append({entry.key, value});
    }
    const QString defaultKey = QDir(oldDir).filePath(QStringLiteral("keys/claude_proxmox_key"));
    if (plan.keySource.isEmpty() && QFileInfo::exists(defaultKey)) {
        plan.keySource = defaultKey;
        plan.keyTarget = keyDir + QStringLiteral("/claude_proxmox_key");
        plan.changes.append({QStringLiteral("SSH_KEY_PATH"), plan.keyTarget});
    }
    if (!plan.keySource.isEmpty() && !QFileInfo::exists(plan.keySource))
        return Error::notFound(
            QStringLiteral("SSH_KEY_PATH: the old key %1 does not exist").arg(plan.keySource));

    if (!sudoersPath.isEmpty() && QFileInfo::exists(sudoersPath)) {
        QFile file(sudoersPath);
        if (!file.open(QIODevice::ReadOnly))
            return Error::invalid(QStringLiteral("cannot read %1 (run as root)").arg(sudoersPath));
        plan.sudoersUsers = sudoersUsers(file.readAll());
        plan.notes.append(
            QStringLiteral("%1 stays as it is. Replace it with the file generated from the command "
                           "policy: proxmox-mcpd setup-host (or proxmox-mcpd sudoers), then remove "
                           "the old one on the host.")
                .arg(sudoersPath));
        const QString sshUser = env.value().value(QStringLiteral("SSH_USER"));
        if (!sshUser.isEmpty() && !plan.sudoersUsers.isEmpty() &&
            !plan.sudoersUsers.contains(sshUser))
            plan.notes.append(QStringLiteral("The old sudoers file names %1, not SSH_USER %2.")
                                  .arg(plan.sudoersUsers.join(QStringLiteral(", ")), sshUser));
    }
    plan.notes.append(QStringLiteral("The old files under %1 are untouched; stop the old service "
                                     "(systemctl disable --now proxmox-mcp) once the new one runs.")
                          .arg(oldDir));
    return plan;
}

} // namespace pmcp
