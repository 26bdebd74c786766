#include "server/backup/BackupStore.h"

#include "server/backup/BackupLogCategory.h"
#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>

namespace pmcp {

namespace {

QString iso(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

QJsonObject BackupEntry::toJson(const QDateTime &now) const
{
    QJsonObject object{{QStringLiteral("name"), name},
                       {QStringLiteral("size"), size},
                       {QStringLiteral("created"), iso(created)},
                       {QStringLiteral("ageSeconds"), created.secsTo(now)},
                       {QStringLiteral("verification"), verification}};
    if (verifiedAt.isValid())
        object.insert(QStringLiteral("verifiedAt"), iso(verifiedAt));
    if (!verifyMessage.isEmpty())
        object.insert(QStringLiteral("verifyMessage"), verifyMessage);
    return object;
}

BackupStore::Lock::~Lock()
{
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }
}

BackupStore::BackupStore(QString directory)
    : m_directory(std::move(directory))
{}

QString BackupStore::directoryFor(const Config &config)
{
    const QString configured = config.string(ConfigKey::BackupDir);
    return configured.isEmpty()
               ? QDir(config.string(ConfigKey::StateDir)).filePath(QStringLiteral("backups"))
               : configured;
}

bool BackupStore::isBackupName(const QString &name)
{
    static const QRegularExpression pattern(
        QStringLiteral("^proxmox-mcp-[0-9]{8}-[0-9]{6}(-[a-z0-9-]+)?\\.tar\\.gz$"));
    return pattern.match(name).hasMatch();
}

QString BackupStore::newPath(const QDateTime &time, const QString &suffix) const
{
    const QString base = QStringLiteral("proxmox-mcp-") +
                         time.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss")) +
                         (suffix.isEmpty() ? QString() : QLatin1Char('-') + suffix);
    const QDir dir(m_directory);
    QString path = dir.filePath(base + QStringLiteral(".tar.gz"));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = dir.filePath(base + QStringLiteral("-%1.tar.gz").arg(n));
    return path;
}

QString BackupStore::sidecarPath(const QString &archivePath)
{
    const QFileInfo info(archivePath);
    return info.dir().filePath(QLatin1Char('.') + info.fileName() + QStringLiteral(".verified"));
}

void BackupStore::recordVerification(const QString &archivePath, const BackupCheck &check) const
{
    const QFileInfo info(archivePath);
    const QJsonObject record{{QStringLiteral("ok"), check.ok},
                             {QStringLiteral("time"), iso(QDateTime::currentDateTimeUtc())},
                             {QStringLiteral("size"), info.size()},
                             {QStringLiteral("mtimeMs"), info.lastModified().toMSecsSinceEpoch()},
                             {QStringLiteral("message"), check.message()}};
    if (auto saved = AtomicFile::write(sidecarPath(archivePath), QJsonDocument(record).toJson());
        !saved.ok())
        qCWarning(lcBackup, "cannot record the verification of %s: %s", qPrintable(archivePath),
                  qPrintable(saved.error().message));
}

QList<BackupEntry> BackupStore::list() const
{
    QList<BackupEntry> entries;
    const QDir dir(m_directory);
    for (const QFileInfo &info : dir.entryInfoList(QDir::Files)) {
        if (!isBackupName(info.fileName()))
            continue;
        BackupEntry entry;
        entry.name = info.fileName();
        entry.path = info.absoluteFilePath();
        entry.size = info.size();
        entry.created = info.lastModified().toUTC();
        entry.verification = QStringLiteral("unverified");
        QFile sidecar(sidecarPath(entry.path));
        if (sidecar.open(QIODevice::ReadOnly)) {
            const QJsonObject record = QJsonDocument::fromJson(sidecar.readAll()).object();
            if (qint64(record[QLatin1String("size")].toDouble()) == info.size() &&
                qint64(record[QLatin1String("mtimeMs")].toDouble()) ==
                    info.lastModified().toMSecsSinceEpoch()) {
                entry.verification = record[QLatin1String("ok")].toBool()
                                         ? QStringLiteral("verified")
                                         : QStringLiteral("failed");
                entry.verifiedAt = QDateTime::fromString(record[QLatin1String("time")].toString(),
                                                         Qt::ISODateWithMs);
                entry.verifyMessage = record[QLatin1String("message")].toString();
            }
        }
        entries.append(entry);
    }
    std::sort(entries.begin(), entries.end(), [](const BackupEntry &a, const BackupEntry &b) {
        return a.created != b.created ? a.created > b.created : a.name > b.name;
    });
    return entries;
}

Result<BackupEntry> BackupStore::find(const QString &name) const
{
    if (isBackupName(name)) {
        for (const BackupEntry &entry : list()) {
            if (entry.name == name)
                return entry;
        }
    }
    return Error::notFound(QStringLiteral("no backup named \"%1\" in %2").arg(name, m_directory));
}

QStringList BackupStore::applyRetention(int keepCount, int keepDays, const QDateTime &now) const
{
    const QList<BackupEntry> entries = list();
    QStringList removed;
    for (qsizetype i = 1; i < entries.size(); ++i) { // the newest always stays
        const BackupEntry &entry = entries.at(i);
        const bool tooMany = keepCount > 0 && i >= keepCount;
        const bool tooOld = keepDays > 0 && entry.created.daysTo(now) > keepDays;
        if (!tooMany && !tooOld)
            continue;
        if (QFile::remove(entry.path)) {
            QFile::remove(sidecarPath(entry.path));
            removed.append(entry.name);
        } else {
            qCWarning(lcBackup, "retention: cannot remove %s", qPrintable(entry.path));
        }
    }
    return removed;
}

Result<std::shared_ptr<BackupStore::Lock>> BackupStore::lock() const
{
    if (!QDir().mkpath(m_directory))
        return Error::internal(
            QStringLiteral("cannot create the backup folder %1").arg(m_directory));
    QFile::setPermissions(m_directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QString path = QDir(m_directory).filePath(QStringLiteral(".backup.lock"));
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error::internal(QStringLiteral("cannot open %1").arg(path));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return Error{ErrorCode::Conflict,
                     QStringLiteral("another backup is being written into %1").arg(m_directory)};
    }
    auto held = std::make_shared<Lock>(fd);
    // Whoever holds the lock is the only writer: partial files are left from killed runs.
    for (const QFileInfo &info : QDir(m_directory).entryInfoList(QDir::Files | QDir::Hidden)) {
        if (info.fileName().startsWith(QLatin1Char('.')) &&
            info.fileName().endsWith(QLatin1String(".partial")))
            QFile::remove(info.absoluteFilePath());
    }
    return held;
}

} // namespace pmcp
