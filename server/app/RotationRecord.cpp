#include "server/app/RotationRecord.h"

#include "shared/config/Config.h"
#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace pmcp {

namespace {

const QString kSshKey = QStringLiteral("sshKey");
const QString kApiToken = QStringLiteral("apiToken");
const QString kId = QStringLiteral("id");
const QString kCreated = QStringLiteral("created");

QJsonObject readObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

RotationRecord::RotationRecord(const QString &stateDir)
    : m_path(QDir(stateDir).filePath(fileName()))
{}

Result<void> RotationRecord::record(const QString &credential, const QString &id,
                                    const QDateTime &when)
{
    QJsonObject all = readObject(m_path);
    all.insert(credential, QJsonObject{{kId, id}, {kCreated, when.toUTC().toString(Qt::ISODate)}});
    return AtomicFile::writeOwnedLike(m_path, QJsonDocument(all).toJson(),
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner,
                                      QFileInfo(m_path).absolutePath());
}

QDateTime RotationRecord::recorded(const QString &credential, const QString &id) const
{
    const QJsonObject entry = readObject(m_path).value(credential).toObject();
    if (entry.value(kId).toString() != id)
        return {};
    return QDateTime::fromString(entry.value(kCreated).toString(), Qt::ISODate);
}

Result<void> RotationRecord::recordSshKey(const QString &keyPath, const QDateTime &when)
{
    return record(kSshKey, QFileInfo(keyPath).absoluteFilePath(), when);
}

Result<void> RotationRecord::recordApiToken(const QString &tokenId, const QDateTime &when)
{
    return record(kApiToken, tokenId, when);
}

Result<void> RotationRecord::check() const
{
    QFile file(m_path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(
            QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return Error::invalid(
            QStringLiteral("%1 is not a JSON object: %2").arg(m_path, parseError.errorString()));
    const QJsonObject all = document.object();
    for (const QString &credential : {kSshKey, kApiToken}) {
        if (!all.contains(credential))
            continue;
        const QJsonObject entry = all.value(credential).toObject();
        if (entry.value(kId).toString().isEmpty() ||
            !QDateTime::fromString(entry.value(kCreated).toString(), Qt::ISODate).isValid())
            return Error::invalid(
                QStringLiteral("%1: the entry \"%2\" lacks an id or an ISO creation time")
                    .arg(m_path, credential));
    }
    return {};
}

QDateTime RotationRecord::sshKeyCreated(const Config &config) const
{
    const QString key = config.string(ConfigKey::SshKeyPath);
    if (key.isEmpty())
        return {};
    const QFileInfo file(key);
    if (!file.isFile())
        return {};
    const QDateTime rotated = recorded(kSshKey, file.absoluteFilePath());
    return rotated.isValid() ? rotated : file.lastModified().toUTC();
}

QDateTime RotationRecord::sshKeyRotated(const Config &config) const
{
    const QString key = config.string(ConfigKey::SshKeyPath);
    if (key.isEmpty())
        return {};
    return recorded(kSshKey, QFileInfo(key).absoluteFilePath());
}

QDateTime RotationRecord::apiTokenCreated(const Config &config) const
{
    const QString user = config.string(ConfigKey::ProxmoxUser);
    const QString token = config.string(ConfigKey::ProxmoxTokenName);
    if (user.isEmpty() || token.isEmpty())
        return {};
    return recorded(kApiToken, user + u'!' + token);
}

int RotationRecord::ageDays(const QDateTime &created, const QDateTime &now)
{
    if (!created.isValid())
        return -1;
    return int(created.secsTo(now) / 86400);
}

} // namespace pmcp
