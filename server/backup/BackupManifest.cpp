#include "server/backup/BackupManifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <optional>

namespace pmcp {

namespace BackupPart {

QStringList all()
{
    return {QLatin1String(Config), QLatin1String(Keys), QLatin1String(Clients),
            QLatin1String(Audit)};
}

bool isValid(const QString &part)
{
    return all().contains(part);
}

} // namespace BackupPart

namespace {

QString originName(BackupOrigin origin)
{
    switch (origin) {
    case BackupOrigin::State:
        return QStringLiteral("state");
    case BackupOrigin::Config:
        return QStringLiteral("config");
    case BackupOrigin::File:
        return QStringLiteral("file");
    }
    return {};
}

std::optional<BackupOrigin> originFromName(const QString &name)
{
    if (name == QLatin1String("state"))
        return BackupOrigin::State;
    if (name == QLatin1String("config"))
        return BackupOrigin::Config;
    if (name == QLatin1String("file"))
        return BackupOrigin::File;
    return std::nullopt;
}

// A target a restore may write to: relative ones must stay below STATE_DIR.
bool isSafeTarget(BackupOrigin origin, const QString &target)
{
    if (origin == BackupOrigin::Config)
        return true;
    if (origin == BackupOrigin::File)
        return target.startsWith(QLatin1Char('/')) && !target.contains(QLatin1String("/../"));
    if (target.isEmpty() || target.startsWith(QLatin1Char('/')))
        return false;
    for (const QString &segment : target.split(QLatin1Char('/'))) {
        if (segment.isEmpty() || segment == QLatin1String(".") || segment == QLatin1String(".."))
            return false;
    }
    return true;
}

} // namespace

const BackupFile *BackupManifest::find(const QString &path) const
{
    for (const BackupFile &file : files) {
        if (file.path == path)
            return &file;
    }
    return nullptr;
}

QByteArray BackupManifest::toJson() const
{
    QJsonArray list;
    for (const BackupFile &file : files) {
        list.append(QJsonObject{{QStringLiteral("path"), file.path},
                                {QStringLiteral("part"), file.part},
                                {QStringLiteral("origin"), originName(file.origin)},
                                {QStringLiteral("target"), file.target},
                                {QStringLiteral("size"), file.size},
                                {QStringLiteral("sha256"), QString::fromLatin1(file.sha256)},
                                {QStringLiteral("mode"), file.mode}});
    }
    const QJsonObject object{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("product"), QStringLiteral("proxmox-mcp")},
        {QStringLiteral("version"), version},
        {QStringLiteral("created"), created.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("host"), host},
        {QStringLiteral("files"), list}};
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

Result<BackupManifest> BackupManifest::fromJson(const QByteArray &json)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return Error::invalid(QStringLiteral("the manifest is not a JSON object"));
    const QJsonObject object = document.object();
    if (object[QLatin1String("format")].toInt() != kFormat)
        return Error::invalid(QStringLiteral("the manifest has format %1; this daemon reads %2")
                                  .arg(object[QLatin1String("format")].toInt())
                                  .arg(kFormat));
    BackupManifest manifest;
    manifest.version = object[QLatin1String("version")].toString();
    manifest.created =
        QDateTime::fromString(object[QLatin1String("created")].toString(), Qt::ISODateWithMs);
    manifest.host = object[QLatin1String("host")].toString();
    for (const QJsonValue &value : object[QLatin1String("files")].toArray()) {
        const QJsonObject entry = value.toObject();
        BackupFile file;
        file.path = entry[QLatin1String("path")].toString();
        file.part = entry[QLatin1String("part")].toString();
        const auto origin = originFromName(entry[QLatin1String("origin")].toString());
        file.target = entry[QLatin1String("target")].toString();
        file.size = qint64(entry[QLatin1String("size")].toDouble(-1));
        file.sha256 = entry[QLatin1String("sha256")].toString().toLatin1();
        file.mode = entry[QLatin1String("mode")].toInt(0600);
        if (file.path.isEmpty() || !BackupPart::isValid(file.part) || !origin || file.size < 0 ||
            file.sha256.size() != 64)
            return Error::invalid(
                QStringLiteral("the manifest's entry for \"%1\" is incomplete").arg(file.path));
        file.origin = *origin;
        if (!isSafeTarget(file.origin, file.target))
            return Error::invalid(QStringLiteral("the manifest's entry for \"%1\" points outside "
                                                 "the places a restore writes to")
                                      .arg(file.path));
        manifest.files.append(file);
    }
    return manifest;
}

} // namespace pmcp
