#pragma once

#include "shared/core/Result.h"

#include <QDateTime>
#include <QHash>
#include <QString>

namespace pmcp {

// When each MCP client (a static token or an OAuth grant, by name) was last seen and how many
// tool calls it made. The daemon counts in memory and writes STATE_DIR/oauth/usage.json now and
// then (flush()), so the CLI's list shows it too, a few seconds late at most.
class ClientUsage final {
public:
    struct Entry {
        QDateTime lastUsed;
        qint64 calls = 0;
    };

    explicit ClientUsage(QString stateDir);

    QString filePath() const;
    // Starts from what the file holds (a restarted daemon keeps counting).
    void load();
    void seen(const QString &name, const QDateTime &at);
    void called(const QString &name, const QDateTime &at);
    Entry of(const QString &name) const { return m_entries.value(name); }
    QHash<QString, Entry> entries() const { return m_entries; }
    bool isDirty() const { return m_dirty; }
    Result<void> flush();
    // What the file holds (for the CLI, another process).
    static QHash<QString, Entry> readFile(const QString &stateDir);

private:
    QString m_stateDir;
    QHash<QString, Entry> m_entries;
    bool m_dirty = false;
};

} // namespace pmcp
