#include "server/alerts/AlertStore.h"

#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pmcp {

AlertStore::AlertStore(const QString &stateDir)
    : m_stateDir(stateDir)
    , m_path(QDir(stateDir).filePath(QStringLiteral("alerts/alerts.json")))
{}

Result<AlertStore::State> AlertStore::load() const
{
    State state;
    QFile file(m_path);
    if (!file.exists())
        return state;
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(
            QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return Error::invalid(
            QStringLiteral("%1 is not a JSON object: %2").arg(m_path, parseError.errorString()));
    const QJsonObject root = document.object();
    for (const QJsonValue &value : root.value(QLatin1String("queue")).toArray()) {
        const QJsonObject entry = value.toObject();
        const auto alert = Alert::fromJson(entry.value(QLatin1String("alert")).toObject());
        if (!alert)
            continue;
        state.queue.append(
            {entry.value(QLatin1String("channel")).toString(), *alert,
             entry.value(QLatin1String("attempts")).toInt(),
             QDateTime::fromString(entry.value(QLatin1String("nextAttempt")).toString(),
                                   Qt::ISODateWithMs),
             entry.value(QLatin1String("lastError")).toString()});
    }
    for (const QJsonValue &value : root.value(QLatin1String("recent")).toArray()) {
        const QJsonObject entry = value.toObject();
        const auto alert = Alert::fromJson(entry.value(QLatin1String("alert")).toObject());
        if (!alert)
            continue;
        Recent recent{*alert, {}};
        const QJsonObject channels = entry.value(QLatin1String("channels")).toObject();
        for (auto it = channels.begin(); it != channels.end(); ++it)
            recent.channels.insert(it.key(), it.value().toString());
        state.recent.append(recent);
    }
    for (const QJsonValue &value : root.value(QLatin1String("active")).toArray()) {
        if (const auto alert = Alert::fromJson(value.toObject()))
            state.active.append(*alert);
    }
    state.dropped = root.value(QLatin1String("dropped")).toInteger();
    return state;
}

Result<void> AlertStore::save(const State &state) const
{
    QJsonArray queue;
    for (const Delivery &delivery : state.queue)
        queue.append(QJsonObject{{QStringLiteral("channel"), delivery.channel},
                                 {QStringLiteral("alert"), delivery.alert.toJson()},
                                 {QStringLiteral("attempts"), delivery.attempts},
                                 {QStringLiteral("nextAttempt"),
                                  delivery.nextAttempt.toUTC().toString(Qt::ISODateWithMs)},
                                 {QStringLiteral("lastError"), delivery.lastError}});
    QJsonArray recent;
    for (const Recent &entry : state.recent) {
        QJsonObject channels;
        for (auto it = entry.channels.begin(); it != entry.channels.end(); ++it)
            channels.insert(it.key(), it.value());
        recent.append(QJsonObject{{QStringLiteral("alert"), entry.alert.toJson()},
                                  {QStringLiteral("channels"), channels}});
    }
    QJsonArray active;
    for (const Alert &alert : state.active)
        active.append(alert.toJson());
    const QJsonObject root{{QStringLiteral("queue"), queue},
                           {QStringLiteral("recent"), recent},
                           {QStringLiteral("active"), active},
                           {QStringLiteral("dropped"), state.dropped}};
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(folder))
        return Error::internal(QStringLiteral("cannot create %1").arg(folder));
    AtomicFile::giveLike(folder, m_stateDir);
    return AtomicFile::writeOwnedLike(m_path, QJsonDocument(root).toJson(QJsonDocument::Compact),
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner, m_stateDir);
}

} // namespace pmcp
