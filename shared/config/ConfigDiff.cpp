#include "shared/config/ConfigDiff.h"

#include "shared/config/Config.h"

#include <QJsonArray>
#include <QSet>

namespace pmcp {

ConfigDiff ConfigDiff::between(const QByteArray &from, const QByteArray &to)
{
    ConfigDiff diff =
        between(EnvFile::parseLenient(from, nullptr), EnvFile::parseLenient(to, nullptr));
    diff.m_layoutChanged = diff.m_changes.isEmpty() && from != to;
    return diff;
}

ConfigDiff ConfigDiff::between(const EnvFile &from, const EnvFile &to)
{
    ConfigDiff diff;
    QSet<QString> seen;
    const auto changeOf = [](const QString &key, Kind kind, const QString &before,
                             const QString &after) {
        Change change{key, kind, Config::isSecretKey(key), {}, {}};
        if (!change.secret) {
            change.from = before;
            change.to = after;
        }
        return change;
    };
    for (const EnvFile::Entry &entry : to.entries()) {
        seen.insert(entry.key);
        if (!from.contains(entry.key))
            diff.m_changes.append(changeOf(entry.key, Kind::Added, {}, entry.value));
        else if (from.value(entry.key) != entry.value)
            diff.m_changes.append(
                changeOf(entry.key, Kind::Changed, from.value(entry.key), entry.value));
    }
    for (const EnvFile::Entry &entry : from.entries()) {
        if (!seen.contains(entry.key))
            diff.m_changes.append(changeOf(entry.key, Kind::Removed, entry.value, {}));
    }
    return diff;
}

QStringList ConfigDiff::keys() const
{
    QStringList result;
    for (const Change &change : m_changes)
        result.append(change.key);
    return result;
}

QString ConfigDiff::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Added:
        return QStringLiteral("added");
    case Kind::Removed:
        return QStringLiteral("removed");
    case Kind::Changed:
        break;
    }
    return QStringLiteral("changed");
}

QStringList ConfigDiff::lines() const
{
    QStringList result;
    for (const Change &change : m_changes) {
        const QString shown = [&change] {
            if (change.secret)
                return QStringLiteral("(secret, %1)").arg(kindName(change.kind));
            switch (change.kind) {
            case Kind::Added:
                return change.to;
            case Kind::Removed:
                return change.from + QStringLiteral(" (removed: the default applies)");
            case Kind::Changed:
                break;
            }
            return change.from + QStringLiteral(" -> ") + change.to;
        }();
        const QChar sign = change.kind == Kind::Added     ? u'+'
                           : change.kind == Kind::Removed ? u'-'
                                                          : u'~';
        result.append(QStringLiteral("%1 %2: %3").arg(sign).arg(change.key, shown));
    }
    if (m_layoutChanged)
        result.append(QStringLiteral("(only comments, blank lines or the order differ)"));
    return result;
}

QJsonObject ConfigDiff::toJson() const
{
    QJsonArray changes;
    for (const Change &change : m_changes) {
        QJsonObject item{{QStringLiteral("key"), change.key},
                         {QStringLiteral("change"), kindName(change.kind)},
                         {QStringLiteral("secret"), change.secret}};
        if (!change.secret && change.kind != Kind::Added)
            item.insert(QStringLiteral("from"), change.from);
        if (!change.secret && change.kind != Kind::Removed)
            item.insert(QStringLiteral("to"), change.to);
        changes.append(item);
    }
    return {{QStringLiteral("changes"), changes},
            {QStringLiteral("layoutChanged"), m_layoutChanged}};
}

} // namespace pmcp
