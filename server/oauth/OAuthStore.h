#pragma once

#include "server/auth/ClientIdentity.h"
#include "server/oauth/OAuthScope.h"
#include "shared/core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <utility>
#include <variant>

namespace pmcp {

// A registered OAuth client (public: no secret; PKCE proves the code's owner).
struct OAuthClient final {
    QString clientId;
    QString name;
    QStringList redirectUris;
    QDateTime registered;
    QString via; // "dcr" (RFC 7591), "cli" (clients register), "cimd" (a metadata document URL)
};

// An authorization request waiting for, or past, an administrator's decision.
struct AccessRequest final {
    enum class Status { Pending, Approved, Rejected, Expired, Used };

    QString id;                // the short code the waiting page shows and the administrator types
    QByteArray browserKeyHash; // of the waiting page's secret URL
    QString clientId;
    QString clientName;
    QString redirectUri;
    QString state;
    QString codeChallenge;
    QString resource;
    QString requestedScope;
    QDateTime created;
    QDateTime expires; // while pending
    Status status = Status::Pending;
    QDateTime decided;
    QString decidedBy;
    QString grantName;   // once approved
    QByteArray codeHash; // the authorization code, once the browser fetched it
    QDateTime codeExpires;

    // Pending until expires: an undecided request past it reads as Expired.
    Status statusAt(const QDateTime &now) const;
    QString redirectHost() const;
    static QString statusName(Status status);
};

// What an administrator approved: the client's access until it expires or is revoked.
struct OAuthGrant final {
    QString name; // unique; what the lists show and revoke takes
    QString clientId;
    QString clientName;
    QString scope; // OAuthScope::toString
    QString resource;
    QDateTime created;
    QDateTime expires;
    QDateTime revoked; // invalid = not revoked
    QString revokeReason;
    QString approvedBy;
    QByteArray accessHash;
    QDateTime accessExpires;
    QByteArray refreshHash;
    QByteArray previousRefreshHash; // presented again: the grant is revoked (token theft)

    bool isActive(const QDateTime &now) const;
};

struct OAuthState final {
    QList<OAuthClient> clients;
    QList<AccessRequest> requests;
    QList<OAuthGrant> grants;
};

// Tokens the token endpoint hands out, in clear this once.
struct IssuedTokens final {
    QString accessToken;
    QString refreshToken;
    qint64 expiresIn = 0; // seconds
    QString scope;
};

// A token request that failed: the OAuth error code (RFC 6749 5.2) and a sentence.
struct TokenError final {
    QString error;
    QString description;
};

// The OAuth authorization server's state under STATE_DIR/oauth/ (oauth.json): registered
// clients, access requests, approved grants. Secrets (waiting page keys, codes, access and
// refresh tokens) only as SHA-256 hashes. The CLI (another process) changes the file while the
// daemon runs: every change holds a lock file and writes atomically; readers notice changes by the
// file's stamp. Not thread-safe: one instance per thread.
class OAuthStore final {
public:
    using Clock = std::function<QDateTime()>;

    static constexpr int kMinExpiresDays = 7;
    static constexpr int kMaxExpiresDays = 365;
    static constexpr int kMaxClients = 500;
    static constexpr int kMaxPending = 50;

    explicit OAuthStore(QString stateDir);

    static QString directoryIn(const QString &stateDir);
    QString filePath() const;

    Result<OAuthClient> registerClient(const QString &name, const QStringList &redirectUris,
                                       const QString &via);
    // A client whose client_id is the URL of its metadata document ("cimd"): added, or updated
    // to what the document says now.
    Result<OAuthClient> recordMetadataClient(const QString &clientId, const QString &name,
                                             const QStringList &redirectUris);
    // The state as the file has it now (requests past their time read as expired).
    Result<OAuthState> read() const;
    // The cached state, re-read when the file changed (at most every recheck interval).
    const OAuthState &state();
    // The cached state, re-read now if the file changed, whatever the recheck interval: for
    // lookups that must see what another process (the CLI) has just written.
    const OAuthState &freshState();

    struct NewRequest {
        QString clientId;
        QString redirectUri;
        QString state;
        QString codeChallenge;
        QString resource;
        QString requestedScope;
    };
    // The request and the secret key of its waiting page.
    Result<std::pair<AccessRequest, QString>> createRequest(const NewRequest &request);
    // id: the request code (case and the dash optional).
    Result<AccessRequest> approve(const QString &id, const OAuthScope &scope, int expiresDays,
                                  const QString &by);
    Result<AccessRequest> reject(const QString &id, const QString &by);

    // What the waiting page shows for its key; code is set (a new authorization code, valid a
    // minute) when the request is approved and not yet exchanged.
    struct BrowserView {
        AccessRequest request;
        QString code;
    };
    Result<BrowserView> browserView(const QString &browserKey);

    struct CodeExchange {
        QString code;
        QString clientId;
        QString redirectUri;
        QString codeVerifier;
        QString resource;
    };
    std::variant<IssuedTokens, TokenError> exchangeCode(const CodeExchange &exchange);
    std::variant<IssuedTokens, TokenError>
    refresh(const QString &refreshToken, const QString &clientId, const QString &resource);

    // An access token (pmat_…) of an active grant, not past its lifetime.
    std::optional<ClientIdentity> authenticate(const QByteArray &token);
    static bool looksLikeAccessToken(const QByteArray &token);

    Result<OAuthGrant> revoke(const QString &name, const QString &reason);

    void setClock(Clock clock);
    void setAccessTokenLifetimeSeconds(int seconds);
    void setPendingLifetimeSeconds(int seconds);
    void setRecheckIntervalMs(int intervalMs);
    QDateTime now() const;

private:
    struct FileStamp final {
        bool exists = false;
        qint64 size = -1;
        qint64 modifiedNs = 0;
        quint64 inode = 0;
        bool operator==(const FileStamp &) const = default;
    };
    // Locks, reads, lets change() edit the state, writes if it returned true (or an error).
    Result<void> modify(const std::function<Result<bool>(OAuthState &)> &change);
    Result<OAuthState> readFile() const;
    FileStamp stamp() const;
    IssuedTokens issue(OAuthGrant &grant);

    QString m_stateDir;
    Clock m_clock;
    int m_accessLifetimeS = 3600;
    int m_pendingLifetimeS = 300;
    int m_recheckIntervalMs = 1000;
    QElapsedTimer m_sinceCheck;
    std::optional<FileStamp> m_stamp;
    OAuthState m_cache;
};

} // namespace pmcp
