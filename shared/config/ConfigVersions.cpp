#include "shared/config/ConfigVersions.h"

#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace pmcp {

namespace {

constexpr int kNumberDigits = 6;
constexpr qint64 kMaxVersionBytes = 1024 * 1024; // EnvFile's limit for a configuration file

} // namespace

QJsonObject ConfigVersion::toJson() const
{
    QJsonObject json{{QStringLiteral("version"), QString::number(number)},
                     {QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
                     {QStringLiteral("action"), action},
                     {QStringLiteral("by"), by},
                     {QStringLiteral("keys"), QJsonArray::fromStringList(keys)}};
    if (rolledBackTo > 0)
        json.insert(QStringLiteral("rolledBackTo"), QString::number(rolledBackTo));
    return json;
}

ConfigVersions::ConfigVersions(const QString &stateDir)
    : m_dir(directoryIn(stateDir))
{}

QString ConfigVersions::directoryIn(const QString &stateDir)
{
    return QDir::cleanPath(stateDir) + QStringLiteral("/config-versions");
}

QString ConfigVersions::lockPath() const
{
    return m_dir + QStringLiteral("/lock");
}

QString ConfigVersions::filePath(int number, const QString &suffix) const
{
    return QStringLiteral("%1/%2%3")
        .arg(m_dir)
        .arg(number, kNumberDigits, 10, QLatin1Char('0'))
        .arg(suffix);
}

QList<int> ConfigVersions::numbers() const
{
    QList<int> result;
    const QStringList names =
        QDir(m_dir).entryList({QStringLiteral("*.env")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        bool ok = false;
        const int number = name.chopped(4).toInt(&ok);
        if (ok && number > 0 && name.size() == kNumberDigits + 4)
            result.append(number);
    }
    std::sort(result.begin(), result.end());
    return result;
}

QList<ConfigVersion> ConfigVersions::list() const
{
    QList<ConfigVersion> result;
    for (const int number : numbers()) {
        ConfigVersion version;
        version.number = number;
        version.time = QFileInfo(filePath(number, QStringLiteral(".env"))).lastModified().toUTC();
        QFile meta(filePath(number, QStringLiteral(".json")));
        if (meta.open(QIODevice::ReadOnly)) {
            const QJsonObject json = QJsonDocument::fromJson(meta.read(kMaxVersionBytes)).object();
            const QDateTime time =
                QDateTime::fromString(json[QLatin1String("time")].toString(), Qt::ISODateWithMs);
            if (time.isValid())
                version.time = time.toUTC();
            version.action = json[QLatin1String("action")].toString();
            version.by = json[QLatin1String("by")].toString();
            for (const QJsonValue &key : json[QLatin1String("keys")].toArray())
                version.keys.append(key.toString());
            version.rolledBackTo = json[QLatin1String("rolledBackTo")].toString().toInt();
        }
        result.append(version);
    }
    return result;
}

int ConfigVersions::latest() const
{
    const QList<int> all = numbers();
    return all.isEmpty() ? 0 : all.last();
}

Result<QByteArray> ConfigVersions::content(int number) const
{
    QFile file(filePath(number, QStringLiteral(".env")));
    if (number <= 0 || !file.open(QIODevice::ReadOnly)) {
        const QList<int> all = numbers();
        return Error::notFound(
            all.isEmpty()
                ? QStringLiteral("no version %1: no configuration version is kept yet").arg(number)
                : QStringLiteral("no version %1: the kept versions are %2 to %3")
                      .arg(number)
                      .arg(all.first())
                      .arg(all.last()));
    }
    return file.read(kMaxVersionBytes);
}

Result<ConfigVersion> ConfigVersions::add(const QByteArray &content, ConfigVersion version)
{
    if (!QDir().mkpath(m_dir))
        return Error::internal(QStringLiteral("cannot create folder %1").arg(m_dir));
    QFile::setPermissions(m_dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // Root's CLI keeps the folder and its versions the daemon's (STATE_DIR's owner), or the
    // daemon could not add versions and StateDirCheck would refuse to start it.
    const QString stateDir = QFileInfo(m_dir).absolutePath();
    if (!AtomicFile::giveLike(m_dir, stateDir))
        return Error::internal(
            QStringLiteral("cannot give %1 to the owner of %2").arg(m_dir, stateDir));
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    version.number = latest() + 1;
    if (!version.time.isValid())
        version.time = QDateTime::currentDateTimeUtc();
    // The content first: a version without its metadata still lists; the reverse would not.
    if (auto written = AtomicFile::writeOwnedLike(filePath(version.number, QStringLiteral(".env")),
                                                  content, ownerOnly, stateDir);
        !written.ok())
        return written.error();
    const QByteArray meta = QJsonDocument(version.toJson()).toJson(QJsonDocument::Indented);
    if (auto written = AtomicFile::writeOwnedLike(filePath(version.number, QStringLiteral(".json")),
                                                  meta, ownerOnly, stateDir);
        !written.ok())
        return written.error();
    const QList<int> all = numbers();
    for (qsizetype i = 0; i + kMaxKept < all.size(); ++i) {
        QFile::remove(filePath(all[i], QStringLiteral(".json")));
        QFile::remove(filePath(all[i], QStringLiteral(".env")));
    }
    return version;
}

} // namespace pmcp
