#pragma once

#include "shared/core/Result.h"
#include "server/auth/ClientIdentity.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace pmcp {

// What each store needs to say about its tokens: where they live and how they are named.
struct TokenKind final {
    QString fileName;  // under STATE_DIR: "clients.json"
    QString listKey;   // the file's list of records: "clients"
    QString noun;      // in messages: "client"
    QString storeName; // in messages: "client store"
    QString tokenNoun; // in messages: "client token"
    QByteArray prefix; // every token starts with it: "pmcp_"
};

// One token as a store keeps it: the hash of the token, never the token itself.
struct TokenRecord final {
    QString name;
    QByteArray tokenHash; // hex SHA-256 of the token
    QDateTime created;
    QDateTime expires; // invalid = never
    bool readOnly = false;
    QDateTime revoked; // invalid = active

    bool isActive(const QDateTime &now) const;
};

// A file of named bearer tokens under STATE_DIR, stored only as hashes: the one implementation
// behind the MCP client tokens (ClientStore) and the admin tokens (AdminTokenStore). The CLI
// (another process) changes the file while the daemon runs: writes are serialised by a lock file,
// and authenticate() notices changes by the file's stamp. Not thread-safe: use one instance per
// thread (the daemon uses it on its event loop).
class TokenFile {
public:
    using Clock = std::function<QDateTime()>;

    TokenFile(QString stateDir, TokenKind kind);

    QString filePath() const;

    // expiresDays: 0 = never. Returns the token: the only time it exists in clear.
    Result<QString> create(const QString &name, bool readOnly, int expiresDays);
    // Keeps the record with its revocation time for the audit trail.
    Result<void> revoke(const QString &name);
    // Re-reads the file.
    Result<QList<TokenRecord>> list();
    // Denies everything while the file is corrupt or unreadable.
    std::optional<ClientIdentity> authenticate(const QByteArray &token);
    int activeCount();

    // Re-reads the file now, whatever its stamp and the recheck interval say.
    Result<void> reload();
    // How often authenticate() and activeCount() look at the file's stamp; 0 = every call.
    void setRecheckIntervalMs(int intervalMs);
    // For tests of expiry; the default is the system clock in UTC.
    void setClock(Clock clock);

    static bool isValidName(const QString &name);
    // Compares every byte whatever the content, so timing tells nothing about a stored hash.
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

private:
    struct FileStamp final {
        bool exists = false;
        qint64 size = -1;
        qint64 modifiedNs = 0;
        quint64 inode = 0;
        bool operator==(const FileStamp &) const = default;
    };

    QString lockPath() const;
    QDateTime now() const;
    FileStamp stamp() const;
    Result<QList<TokenRecord>> readFile() const;
    Result<void> writeFile(const QList<TokenRecord> &records) const;
    Result<void> ensureStateDir() const;
    Result<void> loadCache();
    void refreshIfChanged();

    TokenKind m_kind;
    QString m_stateDir;
    Clock m_clock;
    int m_recheckIntervalMs = 1000;
    QElapsedTimer m_sinceCheck;
    std::optional<FileStamp> m_stamp; // of the file m_records was read from; none = read again
    QList<TokenRecord> m_records;
    bool m_recordsValid = false;
    bool m_warned = false;
};

} // namespace pmcp
