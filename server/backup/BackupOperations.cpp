#include "server/backup/BackupOperations.h"

#include "server/backup/BackupLogCategory.h"
#include "server/backup/BackupSources.h"
#include "server/backup/BackupWriter.h"

#include <QDateTime>
#include <QFileInfo>

namespace pmcp {

BackupOperations::BackupOperations(Config config, QString configPath)
    : m_config(std::move(config))
    , m_configPath(std::move(configPath))
{}

BackupStore BackupOperations::store() const
{
    return BackupStore(BackupStore::directoryFor(m_config));
}

Result<BackupEntry> BackupOperations::write(const BackupStore &target, const QString &suffix,
                                            const Progress &progress) const
{
    auto held = target.lock();
    if (!held.ok())
        return held.error();
    const QList<BackupSource> sources = BackupSources::collect(m_config, m_configPath);
    if (sources.isEmpty())
        return Error::notFound(QStringLiteral("nothing to back up: no configuration file and "
                                              "no state in %1")
                                   .arg(m_config.string(ConfigKey::StateDir)));
    const QString path = target.newPath(QDateTime::currentDateTimeUtc(), suffix);
    const auto written = BackupWriter::write(sources, path, [&progress](int percent) {
        if (progress)
            progress(QStringLiteral("writing"), percent);
    });
    if (!written.ok())
        return written.error();
    const BackupCheck check = BackupVerifier::verify(path, [&progress](int percent) {
        if (progress)
            progress(QStringLiteral("verifying"), percent);
    });
    target.recordVerification(path, check);
    if (!check.ok)
        return Error::internal(QStringLiteral("the backup %1 was written but does not verify: %2")
                                   .arg(path, check.message()));
    qCInfo(lcBackup, "backup %s: %lld files", qPrintable(path),
           static_cast<long long>(written.value().files.size()));
    return target.find(QFileInfo(path).fileName());
}

Result<BackupEntry> BackupOperations::create(const QString &outputDir, const QString &suffix,
                                             const Progress &progress) const
{
    const BackupStore target = outputDir.isEmpty() ? store() : BackupStore(outputDir);
    auto entry = write(target, suffix, progress);
    if (entry.ok() && outputDir.isEmpty()) {
        const QStringList removed = target.applyRetention(
            int(m_config.integer(ConfigKey::BackupKeep)),
            int(m_config.integer(ConfigKey::BackupKeepDays)), QDateTime::currentDateTimeUtc());
        for (const QString &name : removed)
            qCInfo(lcBackup, "retention removed %s", qPrintable(name));
    }
    return entry;
}

BackupCheck BackupOperations::verify(const QString &archivePath, const Progress &progress) const
{
    const BackupCheck check = BackupVerifier::verify(archivePath, [&progress](int percent) {
        if (progress)
            progress(QStringLiteral("verifying"), percent);
    });
    if (BackupStore::isBackupName(QFileInfo(archivePath).fileName()))
        BackupStore(QFileInfo(archivePath).absolutePath()).recordVerification(archivePath, check);
    return check;
}

Result<BackupOperations::Restored> BackupOperations::restore(const QString &archivePath,
                                                             const QStringList &parts,
                                                             const Progress &progress) const
{
    // Check the archive before touching anything, so a bad one leaves no pre-restore backup.
    const BackupCheck check = BackupVerifier::verify(archivePath, [&progress](int percent) {
        if (progress)
            progress(QStringLiteral("verifying"), percent);
    });
    if (!check.ok)
        return Error::invalid(QStringLiteral("%1 does not verify, nothing was restored: %2")
                                  .arg(QFileInfo(archivePath).fileName(), check.message()));
    Restored restored;
    if (!BackupSources::collect(m_config, m_configPath).isEmpty()) {
        // No retention here: it could remove the very archive being restored.
        auto saved = write(store(), QStringLiteral("pre-restore"),
                           [&progress](const QString &, int percent) {
                               if (progress)
                                   progress(QStringLiteral("saving the current state"), percent);
                           });
        if (!saved.ok())
            return Error{saved.error().code,
                         QStringLiteral("could not save the current state first, nothing was "
                                        "restored: ") +
                             saved.error().message};
        restored.savedAs = saved.value().path;
    }
    auto report = BackupRestorer::restore(archivePath, parts, m_config.string(ConfigKey::StateDir),
                                          m_configPath, [&progress](int percent) {
                                              if (progress)
                                                  progress(QStringLiteral("restoring"), percent);
                                          });
    if (!report.ok())
        return report.error();
    restored.report = report.value();
    return restored;
}

} // namespace pmcp
