#include "server/backup/BackupVerifier.h"

#include "server/backup/BackupReader.h"
#include "shared/config/Config.h"
#include "shared/config/EnvFile.h"

#include <QCryptographicHash>
#include <QHash>
#include <QProcessEnvironment>
#include <QStringList>

namespace pmcp {

namespace {

struct Seen {
    QByteArray sha256;
    qint64 size = 0;
};

// "" when the configuration validates, else its first errors.
QString configProblems(const QByteArray &content)
{
    const auto file = EnvFile::parse(content);
    if (!file.ok())
        return file.error().message;
    const Config config = Config::fromSources(file.value(), QProcessEnvironment());
    QStringList errors;
    for (const ConfigProblem &problem : config.problems()) {
        if (problem.severity == ConfigProblem::Severity::Error)
            errors.append(problem.message());
    }
    return errors.mid(0, 3).join(QStringLiteral("; "));
}

} // namespace

QString BackupCheck::message() const
{
    if (ok)
        return QStringLiteral("verified: %1 files, every SHA-256 matches").arg(filesChecked);
    if (firstBadFile.isEmpty())
        return QStringLiteral("FAILED: ") + reason;
    return QStringLiteral("FAILED at %1: %2").arg(firstBadFile, reason);
}

BackupCheck BackupVerifier::verify(const QString &path, const Progress &progress)
{
    BackupCheck check;
    QList<std::pair<QString, Seen>> seen; // archive order
    QByteArray manifestJson;
    QHash<QString, QByteArray> configs; // entries under config/, validated once the manifest says
    bool manifestSeen = false;
    BackupReader::Failure failure;
    const auto read = BackupReader::read(
        path,
        [&](const QString &name, const QByteArray &content) -> Result<void> {
            if (manifestSeen)
                return Error::invalid(QStringLiteral("follows the manifest, which must be last"));
            if (name == BackupManifest::entryName()) {
                manifestSeen = true;
                manifestJson = content;
                return {};
            }
            if (name.startsWith(QLatin1String("config/")))
                configs.insert(name, content);
            seen.append(
                {name, Seen{QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex(),
                            content.size()}});
            return {};
        },
        &failure, progress);
    if (!read.ok()) {
        check.firstBadFile = failure.entry;
        check.reason = failure.reason;
        // Damage found only at the end (gzip's CRC) is blamed on the file whose sum differs.
        if (manifestSeen) {
            if (const auto manifest = BackupManifest::fromJson(manifestJson); manifest.ok()) {
                for (const auto &[name, facts] : seen) {
                    const BackupFile *expected = manifest.value().find(name);
                    if (expected &&
                        (expected->size != facts.size || expected->sha256 != facts.sha256)) {
                        check.firstBadFile = name;
                        check.reason = QStringLiteral("its content does not match the manifest's "
                                                      "SHA-256 (the archive is damaged: %1)")
                                           .arg(failure.reason);
                        break;
                    }
                }
            }
        }
        return check;
    }
    if (!manifestSeen) {
        check.reason = QStringLiteral("the archive has no manifest (it was cut short or is not a "
                                      "proxmox-mcp backup)");
        return check;
    }
    auto manifest = BackupManifest::fromJson(manifestJson);
    if (!manifest.ok()) {
        check.firstBadFile = BackupManifest::entryName();
        check.reason = manifest.error().message;
        return check;
    }
    check.manifest = manifest.value();
    QHash<QString, bool> inArchive;
    for (const auto &[name, facts] : seen) {
        inArchive.insert(name, true);
        const BackupFile *expected = check.manifest.find(name);
        if (!expected) {
            check.firstBadFile = name;
            check.reason = QStringLiteral("the manifest does not list this file");
            return check;
        }
        if (expected->size != facts.size || expected->sha256 != facts.sha256) {
            check.firstBadFile = name;
            check.reason = QStringLiteral("its content does not match the manifest's SHA-256 (the "
                                          "file was changed or damaged)");
            return check;
        }
        ++check.filesChecked;
    }
    for (const BackupFile &file : check.manifest.files) {
        if (!inArchive.contains(file.path)) {
            check.firstBadFile = file.path;
            check.reason = QStringLiteral("the manifest lists this file but the archive lacks it");
            return check;
        }
    }
    for (const BackupFile &file : check.manifest.files) {
        if (file.origin != BackupOrigin::Config)
            continue;
        const QByteArray content = configs.value(file.path);
        if (const QString problems = configProblems(content); !problems.isEmpty()) {
            check.firstBadFile = file.path;
            check.reason =
                QStringLiteral("the configuration inside does not validate: ") + problems;
            return check;
        }
    }
    check.ok = true;
    if (progress)
        progress(100);
    return check;
}

} // namespace pmcp
