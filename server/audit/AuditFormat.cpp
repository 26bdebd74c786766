#include "server/audit/AuditFormat.h"

#include <QDir>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>

#include <algorithm>

namespace pmcp {

namespace {

const QByteArray kMacPrefix = QByteArrayLiteral(",\"mac\":\"");

} // namespace

QByteArray AuditFormat::genesis()
{
    return QByteArray(kMacHexChars, '0');
}

QByteArray AuditFormat::macOf(const QByteArray &key, const QByteArray &canonical)
{
    return QMessageAuthenticationCode::hash(canonical, key, QCryptographicHash::Sha256).toHex();
}

QByteArray AuditFormat::join(const QByteArray &canonical, const QByteArray &mac)
{
    return canonical.chopped(1) + kMacPrefix + mac + "\"}";
}

// Verification hashes the exact bytes that were written, never a re-serialisation.
std::optional<AuditFormat::Line> AuditFormat::split(const QByteArray &raw)
{
    const qsizetype suffix = kMacPrefix.size() + kMacHexChars + 2;
    if (raw.size() <= suffix || !raw.endsWith("\"}"))
        return std::nullopt;
    const qsizetype at = raw.size() - suffix;
    if (raw.mid(at, kMacPrefix.size()) != kMacPrefix)
        return std::nullopt;
    const QByteArray mac = raw.mid(at + kMacPrefix.size(), kMacHexChars);
    if (QByteArray::fromHex(mac).size() != kMacHexChars / 2)
        return std::nullopt;
    return Line{raw.left(at) + '}', mac};
}

QString AuditFormat::fileName(int index)
{
    return QStringLiteral("audit-%1.jsonl").arg(index, 6, 10, QLatin1Char('0'));
}

QList<int> AuditFormat::fileIndexes(const QString &directory)
{
    static const QRegularExpression kName(QStringLiteral("^audit-(\\d{6})\\.jsonl$"));
    QList<int> indexes;
    const auto names = QDir(directory).entryList({QStringLiteral("audit-*.jsonl")}, QDir::Files);
    for (const auto &name : names) {
        const auto match = kName.match(name);
        if (match.hasMatch())
            indexes.append(match.captured(1).toInt());
    }
    std::sort(indexes.begin(), indexes.end());
    return indexes;
}

} // namespace pmcp
