#include "server/audit/AuditAnchor.h"

#include "server/audit/AuditFormat.h"

#include "shared/core/AtomicFile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace pmcp {

QString AuditAnchor::pathIn(const QString &directory)
{
    return directory + QLatin1Char('/') + QLatin1String(kFileName);
}

QByteArray AuditAnchor::canonical() const
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("first_file"), AuditFormat::fileName(firstFile)},
                           {QStringLiteral("seq"), seq},
                           {QStringLiteral("mac"), QString::fromLatin1(mac)}})
        .toJson(QJsonDocument::Compact);
}

Result<std::optional<AuditAnchor>> AuditAnchor::read(const QString &directory,
                                                     const QByteArray &key)
{
    QFile file(pathIn(directory));
    if (!file.exists())
        return std::optional<AuditAnchor>();
    const QString name = QLatin1String(kFileName);
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(QStringLiteral("cannot read %1: %2").arg(name, file.errorString()));
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    AuditAnchor anchor;
    const QString first = object.value(QLatin1String("first_file")).toString();
    bool indexOk = false;
    if (first.startsWith(QLatin1String("audit-")) && first.endsWith(QLatin1String(".jsonl")))
        anchor.firstFile = first.mid(6, first.size() - 12).toInt(&indexOk);
    anchor.seq = object.value(QLatin1String("seq")).toInteger(-1);
    anchor.mac = object.value(QLatin1String("mac")).toString().toLatin1();
    const QByteArray signature = object.value(QLatin1String("hmac")).toString().toLatin1();
    if (!indexOk || anchor.firstFile < 1 || anchor.seq < 0 ||
        anchor.mac.size() != AuditFormat::kMacHexChars)
        return Error::internal(QStringLiteral("%1 is malformed").arg(name));
    if (AuditFormat::macOf(key, anchor.canonical()) != signature)
        return Error::internal(
            QStringLiteral("%1 was altered (its HMAC does not match the audit key)").arg(name));
    return std::optional<AuditAnchor>(anchor);
}

Result<void> AuditAnchor::write(const QString &directory, const QByteArray &key) const
{
    QJsonObject object = QJsonDocument::fromJson(canonical()).object();
    object.insert(QStringLiteral("hmac"),
                  QString::fromLatin1(AuditFormat::macOf(key, canonical())));
    return AtomicFile::write(pathIn(directory),
                             QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
}

} // namespace pmcp
