#include "server/backup/BackupSources.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

namespace pmcp {

namespace {

struct StateEntry {
    const char *path; // a folder ends in '/'
    const char *part;
};

// Everything of STATE_DIR a backup holds, by part.
constexpr StateEntry kStateEntries[] = {
    {"config-versions/", BackupPart::Config},
    {"sudoers", BackupPart::Config},
    {"known_hosts", BackupPart::Keys},
    {"rotation.json", BackupPart::Keys}, // when each credential was made (RotationRecord)
    {"clients.json", BackupPart::Clients},
    {"admin-tokens.json", BackupPart::Clients},
    {"oauth/", BackupPart::Clients},
    {"audit/", BackupPart::Audit},
    {"audit.key", BackupPart::Audit},
};

bool isLockFile(const QString &name)
{
    return name.endsWith(QLatin1String(".lock"));
}

BackupSource stateSource(const QString &stateDir, const QString &relative, const QString &part)
{
    BackupSource source;
    source.filesystemPath = QDir(stateDir).filePath(relative);
    source.file.path = QStringLiteral("state/") + relative;
    source.file.part = part;
    source.file.origin = BackupOrigin::State;
    source.file.target = relative;
    return source;
}

BackupSource outsideSource(const QString &path, const QString &part)
{
    const QFileInfo info(path);
    BackupSource source;
    source.filesystemPath = info.absoluteFilePath();
    source.file.path = QStringLiteral("files/") + info.fileName();
    source.file.part = part;
    source.file.origin = BackupOrigin::File;
    source.file.target = info.absoluteFilePath();
    return source;
}

} // namespace

QStringList BackupSources::stateEntriesOf(const QString &part)
{
    QStringList entries;
    for (const StateEntry &entry : kStateEntries) {
        if (part == QLatin1String(entry.part))
            entries.append(QLatin1String(entry.path));
    }
    return entries;
}

QString BackupSources::partOfStatePath(const QString &relative)
{
    for (const StateEntry &entry : kStateEntries) {
        const QLatin1String path(entry.path);
        if (path.endsWith(QLatin1Char('/')) ? relative.startsWith(path) : relative == path)
            return QLatin1String(entry.part);
    }
    return {};
}

QList<BackupSource> BackupSources::collect(const Config &config, const QString &configPath)
{
    QList<BackupSource> sources;
    if (!configPath.isEmpty() && QFileInfo(configPath).isFile()) {
        BackupSource source;
        source.filesystemPath = QFileInfo(configPath).absoluteFilePath();
        source.file.path = QStringLiteral("config/") + QFileInfo(configPath).fileName();
        source.file.part = QLatin1String(BackupPart::Config);
        source.file.origin = BackupOrigin::Config;
        source.file.target = source.filesystemPath;
        sources.append(source);
    }
    const QString stateDir = config.string(ConfigKey::StateDir);
    const QDir state(stateDir);
    for (const StateEntry &entry : kStateEntries) {
        const QString path = QLatin1String(entry.path);
        if (!path.endsWith(QLatin1Char('/'))) {
            if (QFileInfo(state.filePath(path)).isFile())
                sources.append(stateSource(stateDir, path, QLatin1String(entry.part)));
            continue;
        }
        QStringList files;
        QDirIterator it(state.filePath(path), QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (!isLockFile(QFileInfo(file).fileName()))
                files.append(state.relativeFilePath(file));
        }
        files.sort();
        for (const QString &file : files)
            sources.append(stateSource(stateDir, file, QLatin1String(entry.part)));
    }
    // The SSH key and its public half, and a known_hosts file kept outside STATE_DIR.
    const QString key = config.string(ConfigKey::SshKeyPath);
    if (!key.isEmpty()) {
        for (const QString &path : {key, key + QStringLiteral(".pub")}) {
            if (QFileInfo(path).isFile())
                sources.append(outsideSource(path, QLatin1String(BackupPart::Keys)));
        }
    }
    const QString knownHosts = config.string(ConfigKey::SshKnownHosts);
    if (!knownHosts.isEmpty() && QFileInfo(knownHosts).isFile() &&
        QFileInfo(knownHosts).absoluteFilePath() !=
            QFileInfo(state.filePath(QStringLiteral("known_hosts"))).absoluteFilePath())
        sources.append(outsideSource(knownHosts, QLatin1String(BackupPart::Keys)));
    return sources;
}

} // namespace pmcp
