#pragma once

#include "shared/config/EnvFile.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pmcp {

// What changed between two versions of a configuration file, key by key (a pure value). The
// values of secret keys are never kept: only that they were added, changed or removed.
class ConfigDiff final {
public:
    enum class Kind { Added, Removed, Changed };

    struct Change {
        QString key;
        Kind kind = Kind::Changed;
        bool secret = false;
        QString from; // empty for Added and for secrets
        QString to;   // empty for Removed and for secrets
    };

    ConfigDiff() = default;
    // Keys in the order of `to`'s lines, then the keys only `from` defines in its order.
    static ConfigDiff between(const EnvFile &from, const EnvFile &to);
    static ConfigDiff between(const QByteArray &from, const QByteArray &to);

    const QList<Change> &changes() const { return m_changes; }
    QStringList keys() const;
    bool isEmpty() const { return m_changes.isEmpty(); }
    // Comments, blank lines or the order changed (the bytes differ) beyond the keys' values.
    bool layoutChanged() const { return m_layoutChanged; }

    // "~ LOG_LEVEL: INFO -> DEBUG", "+ MCP_ALLOWED_HOSTS: mcp.example.com",
    // "~ PROXMOX_TOKEN_VALUE: (secret, changed)", one a line.
    QStringList lines() const;
    // {"changes": [{"key", "change": "added"|"removed"|"changed", "secret", "from"?, "to"?}],
    //  "layoutChanged"}
    QJsonObject toJson() const;
    static QString kindName(Kind kind);

private:
    QList<Change> m_changes;
    bool m_layoutChanged = false;
};

} // namespace pmcp
