#include "server/oauth/ClientUsage.h"

#include "server/oauth/OAuthStore.h"
#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace pmcp {

namespace {

constexpr qsizetype kMaxFileBytes = 4 * 1024 * 1024;

QString usagePath(const QString &stateDir)
{
    return OAuthStore::directoryIn(stateDir) + QStringLiteral("/usage.json");
}

} // namespace

ClientUsage::ClientUsage(QString stateDir)
    : m_stateDir(std::move(stateDir))
{}

QString ClientUsage::filePath() const
{
    return usagePath(m_stateDir);
}

void ClientUsage::load()
{
    m_entries = readFile(m_stateDir);
    m_dirty = false;
}

void ClientUsage::seen(const QString &name, const QDateTime &at)
{
    m_entries[name].lastUsed = at;
    m_dirty = true;
}

void ClientUsage::called(const QString &name, const QDateTime &at)
{
    Entry &entry = m_entries[name];
    entry.lastUsed = at;
    ++entry.calls;
    m_dirty = true;
}

Result<void> ClientUsage::flush()
{
    if (!m_dirty)
        return {};
    QJsonObject clients;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        clients.insert(it.key(),
                       QJsonObject{{QStringLiteral("last_used"),
                                    it.value().lastUsed.toUTC().toString(Qt::ISODateWithMs)},
                                   {QStringLiteral("calls"), it.value().calls}});
    const QString dir = OAuthStore::directoryIn(m_stateDir);
    if (!QDir().mkpath(dir))
        return Error::internal(QStringLiteral("cannot create folder %1").arg(dir));
    auto written = AtomicFile::write(
        filePath(), QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                              {QStringLiteral("clients"), clients}})
                        .toJson(QJsonDocument::Compact));
    if (written.ok())
        m_dirty = false;
    return written;
}

QHash<QString, ClientUsage::Entry> ClientUsage::readFile(const QString &stateDir)
{
    QHash<QString, Entry> entries;
    QFile file(usagePath(stateDir));
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxFileBytes)
        return entries;
    const QJsonObject clients =
        QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("clients")).toObject();
    for (auto it = clients.constBegin(); it != clients.constEnd(); ++it) {
        const QJsonObject o = it.value().toObject();
        entries.insert(it.key(),
                       Entry{QDateTime::fromString(o.value(QLatin1String("last_used")).toString(),
                                                   Qt::ISODateWithMs)
                                 .toUTC(),
                             qint64(o.value(QLatin1String("calls")).toDouble())});
    }
    return entries;
}

} // namespace pmcp
