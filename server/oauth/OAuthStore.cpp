#include "server/oauth/OAuthStore.h"

#include "server/oauth/OAuthSecrets.h"
#include "server/oauth/RedirectUri.h"
#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QRegularExpression>

#include <algorithm>

#ifdef Q_OS_LINUX
#include <sys/stat.h>
#endif

namespace pmcp {

namespace {

constexpr int kFormatVersion = 1;
constexpr int kStaleLockMs = 30000;
constexpr int kLockWaitMs = 5000;
constexpr int kCodeLifetimeS = 60;
// Decided and expired requests stay this long for the lists, then go.
constexpr qint64 kKeepFinishedRequestsS = 24 * 3600;
constexpr qsizetype kMaxNameLength = 64;
constexpr qsizetype kMaxFieldLength = 2000;
const QLatin1String kAccessPrefix("pmat_");
const QLatin1String kRefreshPrefix("pmrt_");

QJsonValue dateToJson(const QDateTime &date)
{
    if (!date.isValid())
        return QJsonValue::Null;
    return date.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime dateFromJson(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QByteArray bytes(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString().toLatin1();
}

QJsonObject clientToJson(const OAuthClient &c)
{
    return {{QStringLiteral("client_id"), c.clientId},
            {QStringLiteral("name"), c.name},
            {QStringLiteral("redirect_uris"), QJsonArray::fromStringList(c.redirectUris)},
            {QStringLiteral("registered"), dateToJson(c.registered)},
            {QStringLiteral("via"), c.via}};
}

OAuthClient clientFromJson(const QJsonObject &o)
{
    OAuthClient c;
    c.clientId = str(o, "client_id");
    c.name = str(o, "name");
    for (const QJsonValue &uri : o.value(QLatin1String("redirect_uris")).toArray())
        c.redirectUris.append(uri.toString());
    c.registered = dateFromJson(o.value(QLatin1String("registered")));
    c.via = str(o, "via");
    return c;
}

const QList<std::pair<AccessRequest::Status, QString>> &statusNames()
{
    static const QList<std::pair<AccessRequest::Status, QString>> names{
        {AccessRequest::Status::Pending, QStringLiteral("pending")},
        {AccessRequest::Status::Approved, QStringLiteral("approved")},
        {AccessRequest::Status::Rejected, QStringLiteral("rejected")},
        {AccessRequest::Status::Expired, QStringLiteral("expired")},
        {AccessRequest::Status::Used, QStringLiteral("used")},
    };
    return names;
}

std::optional<AccessRequest::Status> statusFromName(const QString &name)
{
    for (const auto &[status, text] : statusNames()) {
        if (text == name)
            return status;
    }
    return std::nullopt;
}

QJsonObject requestToJson(const AccessRequest &r)
{
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("browser_key_sha256"), QString::fromLatin1(r.browserKeyHash)},
            {QStringLiteral("client_id"), r.clientId},
            {QStringLiteral("client_name"), r.clientName},
            {QStringLiteral("redirect_uri"), r.redirectUri},
            {QStringLiteral("state"), r.state},
            {QStringLiteral("code_challenge"), r.codeChallenge},
            {QStringLiteral("resource"), r.resource},
            {QStringLiteral("requested_scope"), r.requestedScope},
            {QStringLiteral("created"), dateToJson(r.created)},
            {QStringLiteral("expires"), dateToJson(r.expires)},
            {QStringLiteral("status"), AccessRequest::statusName(r.status)},
            {QStringLiteral("decided"), dateToJson(r.decided)},
            {QStringLiteral("decided_by"), r.decidedBy},
            {QStringLiteral("grant"), r.grantName},
            {QStringLiteral("code_sha256"), QString::fromLatin1(r.codeHash)},
            {QStringLiteral("code_expires"), dateToJson(r.codeExpires)}};
}

std::optional<AccessRequest> requestFromJson(const QJsonObject &o)
{
    AccessRequest r;
    r.id = str(o, "id");
    r.browserKeyHash = bytes(o, "browser_key_sha256");
    r.clientId = str(o, "client_id");
    r.clientName = str(o, "client_name");
    r.redirectUri = str(o, "redirect_uri");
    r.state = str(o, "state");
    r.codeChallenge = str(o, "code_challenge");
    r.resource = str(o, "resource");
    r.requestedScope = str(o, "requested_scope");
    r.created = dateFromJson(o.value(QLatin1String("created")));
    r.expires = dateFromJson(o.value(QLatin1String("expires")));
    const auto status = statusFromName(str(o, "status"));
    if (!status || r.id.isEmpty() || !r.created.isValid())
        return std::nullopt;
    r.status = *status;
    r.decided = dateFromJson(o.value(QLatin1String("decided")));
    r.decidedBy = str(o, "decided_by");
    r.grantName = str(o, "grant");
    r.codeHash = bytes(o, "code_sha256");
    r.codeExpires = dateFromJson(o.value(QLatin1String("code_expires")));
    return r;
}

QJsonObject grantToJson(const OAuthGrant &g)
{
    return {
        {QStringLiteral("name"), g.name},
        {QStringLiteral("client_id"), g.clientId},
        {QStringLiteral("client_name"), g.clientName},
        {QStringLiteral("scope"), g.scope},
        {QStringLiteral("resource"), g.resource},
        {QStringLiteral("created"), dateToJson(g.created)},
        {QStringLiteral("expires"), dateToJson(g.expires)},
        {QStringLiteral("revoked"), dateToJson(g.revoked)},
        {QStringLiteral("revoke_reason"), g.revokeReason},
        {QStringLiteral("approved_by"), g.approvedBy},
        {QStringLiteral("access_sha256"), QString::fromLatin1(g.accessHash)},
        {QStringLiteral("access_expires"), dateToJson(g.accessExpires)},
        {QStringLiteral("refresh_sha256"), QString::fromLatin1(g.refreshHash)},
        {QStringLiteral("previous_refresh_sha256"), QString::fromLatin1(g.previousRefreshHash)}};
}

std::optional<OAuthGrant> grantFromJson(const QJsonObject &o)
{
    OAuthGrant g;
    g.name = str(o, "name");
    g.clientId = str(o, "client_id");
    g.clientName = str(o, "client_name");
    g.scope = str(o, "scope");
    g.resource = str(o, "resource");
    g.created = dateFromJson(o.value(QLatin1String("created")));
    g.expires = dateFromJson(o.value(QLatin1String("expires")));
    g.revoked = dateFromJson(o.value(QLatin1String("revoked")));
    g.revokeReason = str(o, "revoke_reason");
    g.approvedBy = str(o, "approved_by");
    g.accessHash = bytes(o, "access_sha256");
    g.accessExpires = dateFromJson(o.value(QLatin1String("access_expires")));
    g.refreshHash = bytes(o, "refresh_sha256");
    g.previousRefreshHash = bytes(o, "previous_refresh_sha256");
    if (g.name.isEmpty() || !g.created.isValid() || !g.expires.isValid() ||
        !OAuthScope::parse(g.scope))
        return std::nullopt;
    return g;
}

Error corrupt(const QString &path, const QString &detail)
{
    return Error::internal(QStringLiteral("OAuth store %1 is corrupt (%2); it was left untouched: "
                                          "fix it or restore it from a backup")
                               .arg(path, detail));
}

Result<OAuthState> parse(const QByteArray &content, const QString &path)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(content, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return corrupt(path, parseError.error != QJsonParseError::NoError
                                 ? parseError.errorString()
                                 : QStringLiteral("not a JSON object"));
    const QJsonObject root = document.object();
    if (root.value(QLatin1String("version")).toInt() != kFormatVersion)
        return Error{ErrorCode::Unsupported,
                     QStringLiteral("OAuth store %1 has another format version than %2; it was "
                                    "left untouched")
                         .arg(path)
                         .arg(kFormatVersion)};
    OAuthState state;
    for (const QJsonValue &value : root.value(QLatin1String("clients")).toArray()) {
        OAuthClient client = clientFromJson(value.toObject());
        if (client.clientId.isEmpty())
            return corrupt(path, QStringLiteral("a client has no client_id"));
        state.clients.append(client);
    }
    for (const QJsonValue &value : root.value(QLatin1String("requests")).toArray()) {
        const auto request = requestFromJson(value.toObject());
        if (!request)
            return corrupt(path, QStringLiteral("an access request is incomplete"));
        state.requests.append(*request);
    }
    for (const QJsonValue &value : root.value(QLatin1String("grants")).toArray()) {
        const auto grant = grantFromJson(value.toObject());
        if (!grant)
            return corrupt(path, QStringLiteral("a grant is incomplete"));
        state.grants.append(*grant);
    }
    return state;
}

QByteArray serialize(const OAuthState &state)
{
    QJsonArray clients;
    for (const OAuthClient &c : state.clients)
        clients.append(clientToJson(c));
    QJsonArray requests;
    for (const AccessRequest &r : state.requests)
        requests.append(requestToJson(r));
    QJsonArray grants;
    for (const OAuthGrant &g : state.grants)
        grants.append(grantToJson(g));
    return QJsonDocument(QJsonObject{{QStringLiteral("version"), kFormatVersion},
                                     {QStringLiteral("clients"), clients},
                                     {QStringLiteral("requests"), requests},
                                     {QStringLiteral("grants"), grants}})
        .toJson(QJsonDocument::Indented);
}

// "k7p2 9xqm", "K7P29XQM" and "K7P2-9XQM" name the same request.
QString normalisedCode(const QString &id)
{
    QString code;
    for (const QChar c : id) {
        if (c.isLetterOrNumber())
            code += c.toUpper();
    }
    if (code.size() == 8)
        code.insert(4, u'-');
    return code;
}

// A grant's name from the client's: letters, digits, '.', '_' and '-', as client names are.
QString grantNameFor(const QString &clientName, const QString &requestId)
{
    QString base;
    for (const QChar c : clientName.toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.' || c == u'_')
            base += c;
        else if (!base.endsWith(u'-') && !base.isEmpty())
            base += u'-';
        if (base.size() >= 40)
            break;
    }
    while (base.endsWith(u'-'))
        base.chop(1);
    if (base.isEmpty())
        base = QStringLiteral("client");
    return base + u'-' + QString(requestId).remove(u'-').toLower();
}

TokenError tokenError(const QString &error, const QString &description)
{
    return TokenError{error, description};
}

} // namespace

AccessRequest::Status AccessRequest::statusAt(const QDateTime &now) const
{
    if (status == Status::Pending && expires.isValid() && now >= expires)
        return Status::Expired;
    return status;
}

QString AccessRequest::redirectHost() const
{
    return RedirectUri::displayHost(redirectUri);
}

QString AccessRequest::statusName(Status status)
{
    for (const auto &[value, text] : statusNames()) {
        if (value == status)
            return text;
    }
    return {};
}

bool OAuthGrant::isActive(const QDateTime &now) const
{
    return !revoked.isValid() && now < expires;
}

OAuthStore::OAuthStore(QString stateDir)
    : m_stateDir(QDir::cleanPath(std::move(stateDir)))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{}

QString OAuthStore::directoryIn(const QString &stateDir)
{
    return QDir::cleanPath(stateDir) + QStringLiteral("/oauth");
}

QString OAuthStore::filePath() const
{
    return directoryIn(m_stateDir) + QStringLiteral("/oauth.json");
}

void OAuthStore::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void OAuthStore::setAccessTokenLifetimeSeconds(int seconds)
{
    m_accessLifetimeS = qMax(1, seconds);
}

void OAuthStore::setPendingLifetimeSeconds(int seconds)
{
    m_pendingLifetimeS = qMax(1, seconds);
}

void OAuthStore::setRecheckIntervalMs(int intervalMs)
{
    m_recheckIntervalMs = qMax(0, intervalMs);
}

QDateTime OAuthStore::now() const
{
    return m_clock();
}

OAuthStore::FileStamp OAuthStore::stamp() const
{
    FileStamp result;
#ifdef Q_OS_LINUX
    struct stat status {};
    if (::stat(QFile::encodeName(filePath()).constData(), &status) != 0)
        return result;
    result.exists = true;
    result.size = status.st_size;
    result.modifiedNs = qint64(status.st_mtim.tv_sec) * 1000000000 + status.st_mtim.tv_nsec;
    result.inode = status.st_ino;
#else
    const QFileInfo info(filePath());
    if (!info.exists())
        return result;
    result.exists = true;
    result.size = info.size();
    result.modifiedNs = info.lastModified().toMSecsSinceEpoch() * 1000000;
#endif
    return result;
}

Result<OAuthState> OAuthStore::readFile() const
{
    QFile file(filePath());
    if (!file.exists())
        return OAuthState();
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(
            QStringLiteral("cannot read OAuth store %1: %2").arg(filePath(), file.errorString()));
    return parse(file.readAll(), filePath());
}

Result<OAuthState> OAuthStore::read() const
{
    return readFile();
}

const OAuthState &OAuthStore::state()
{
    if (m_stamp && m_sinceCheck.isValid() && m_sinceCheck.elapsed() < m_recheckIntervalMs)
        return m_cache;
    m_sinceCheck.start();
    const FileStamp current = stamp();
    if (m_stamp && *m_stamp == current)
        return m_cache;
    m_stamp = current;
    auto fresh = readFile();
    // A corrupt file denies everything until it is fixed: no grant authenticates.
    m_cache = fresh.ok() ? std::move(fresh).value() : OAuthState();
    return m_cache;
}

const OAuthState &OAuthStore::freshState()
{
    m_sinceCheck.invalidate();
    return state();
}

Result<void> OAuthStore::modify(const std::function<Result<bool>(OAuthState &)> &change)
{
    const QString dir = directoryIn(m_stateDir);
    if (!QFileInfo(dir).isDir() && !QDir().mkpath(dir) && !QFileInfo(dir).isDir())
        return Error::internal(QStringLiteral("cannot create folder %1").arg(dir));
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QLockFile lock(filePath() + QStringLiteral(".lock"));
    lock.setStaleLockTime(kStaleLockMs);
    if (!lock.tryLock(kLockWaitMs))
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("the OAuth store is locked by another process; try again")};
    auto state = readFile();
    if (!state)
        return state.error();
    // Finished requests are kept a day for the lists, then dropped.
    const QDateTime at = now();
    state.value().requests.removeIf([&at](const AccessRequest &r) {
        return r.statusAt(at) != AccessRequest::Status::Pending &&
               r.status != AccessRequest::Status::Approved &&
               r.created.secsTo(at) > kKeepFinishedRequestsS;
    });
    auto changed = change(state.value());
    if (!changed)
        return changed.error();
    if (!changed.value())
        return {};
    if (auto written = AtomicFile::write(filePath(), serialize(state.value())); !written)
        return written.error();
    m_stamp.reset();
    return {};
}

Result<OAuthClient> OAuthStore::registerClient(const QString &name, const QStringList &redirectUris,
                                               const QString &via)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > kMaxNameLength)
        return Error::invalid(
            QStringLiteral("a client name of 1 to %1 characters is needed").arg(kMaxNameLength));
    if (redirectUris.isEmpty())
        return Error::invalid(QStringLiteral("at least one redirect URI is needed"));
    if (redirectUris.size() > 10)
        return Error::invalid(QStringLiteral("at most 10 redirect URIs"));
    for (const QString &uri : redirectUris) {
        if (const QString problem = RedirectUri::problem(uri); !problem.isEmpty())
            return Error::invalid(problem);
    }
    OAuthClient client;
    client.clientId = OAuthSecrets::newSecret(QStringLiteral("pmc_")).left(28);
    client.name = trimmed;
    client.redirectUris = redirectUris;
    client.registered = now();
    client.via = via;
    auto done = modify([&client](OAuthState &state) -> Result<bool> {
        if (state.clients.size() >= kMaxClients) {
            // Registrations nobody ever used make room first.
            const auto unused = std::find_if(
                state.clients.begin(), state.clients.end(), [&state](const OAuthClient &c) {
                    return c.via == QLatin1String("dcr") &&
                           std::none_of(
                               state.grants.cbegin(), state.grants.cend(),
                               [&c](const OAuthGrant &g) { return g.clientId == c.clientId; }) &&
                           std::none_of(
                               state.requests.cbegin(), state.requests.cend(),
                               [&c](const AccessRequest &r) { return r.clientId == c.clientId; });
                });
            if (unused == state.clients.end())
                return Error{
                    ErrorCode::TooLarge,
                    QStringLiteral("%1 OAuth clients are registered, the limit").arg(kMaxClients)};
            state.clients.erase(unused);
        }
        state.clients.append(client);
        return true;
    });
    if (!done)
        return done.error();
    return client;
}

Result<OAuthClient> OAuthStore::recordMetadataClient(const QString &clientId, const QString &name,
                                                     const QStringList &redirectUris)
{
    OAuthClient client;
    client.clientId = clientId;
    client.name = name.trimmed().left(kMaxNameLength);
    client.redirectUris = redirectUris;
    client.registered = now();
    client.via = QStringLiteral("cimd");
    auto done = modify([&client](OAuthState &state) -> Result<bool> {
        for (OAuthClient &known : state.clients) {
            if (known.clientId != client.clientId)
                continue;
            if (known.name == client.name && known.redirectUris == client.redirectUris)
                return false;
            known.name = client.name;
            known.redirectUris = client.redirectUris;
            return true;
        }
        if (state.clients.size() >= kMaxClients)
            return Error{ErrorCode::TooLarge,
                         QStringLiteral("%1 OAuth clients are known, the limit").arg(kMaxClients)};
        state.clients.append(client);
        return true;
    });
    if (!done)
        return done.error();
    return client;
}

Result<std::pair<AccessRequest, QString>> OAuthStore::createRequest(const NewRequest &request)
{
    for (const QString *field :
         {&request.state, &request.resource, &request.requestedScope, &request.redirectUri}) {
        if (field->size() > kMaxFieldLength)
            return Error::invalid(QStringLiteral("a request parameter is longer than %1 characters")
                                      .arg(kMaxFieldLength));
    }
    const QString browserKey = OAuthSecrets::newSecret(QStringLiteral("w_"));
    AccessRequest created;
    auto done = modify([&](OAuthState &state) -> Result<bool> {
        const auto client = std::find_if(
            state.clients.cbegin(), state.clients.cend(),
            [&request](const OAuthClient &c) { return c.clientId == request.clientId; });
        if (client == state.clients.cend())
            return Error::notFound(QStringLiteral("unknown client_id"));
        const QDateTime at = now();
        const auto pending = std::count_if(
            state.requests.cbegin(), state.requests.cend(), [&at](const AccessRequest &r) {
                return r.statusAt(at) == AccessRequest::Status::Pending;
            });
        if (pending >= kMaxPending)
            return Error{ErrorCode::Unavailable,
                         QStringLiteral("%1 requests are waiting for an administrator already; "
                                        "try again later")
                             .arg(kMaxPending)};
        AccessRequest r;
        do {
            r.id = OAuthSecrets::newRequestCode();
        } while (std::any_of(state.requests.cbegin(), state.requests.cend(),
                             [&r](const AccessRequest &o) { return o.id == r.id; }));
        r.browserKeyHash = OAuthSecrets::hash(browserKey.toLatin1());
        r.clientId = client->clientId;
        r.clientName = client->name;
        r.redirectUri = request.redirectUri;
        r.state = request.state;
        r.codeChallenge = request.codeChallenge;
        r.resource = request.resource;
        r.requestedScope = request.requestedScope;
        r.created = at;
        r.expires = at.addSecs(m_pendingLifetimeS);
        state.requests.append(r);
        created = r;
        return true;
    });
    if (!done)
        return done.error();
    return std::pair{created, browserKey};
}

Result<AccessRequest> OAuthStore::approve(const QString &id, const OAuthScope &scope,
                                          int expiresDays, const QString &by)
{
    if (expiresDays < kMinExpiresDays || expiresDays > kMaxExpiresDays)
        return Error::invalid(QStringLiteral("the expiry must be %1 to %2 days, not %3")
                                  .arg(kMinExpiresDays)
                                  .arg(kMaxExpiresDays)
                                  .arg(expiresDays));
    const QString code = normalisedCode(id);
    AccessRequest approved;
    auto done = modify([&](OAuthState &state) -> Result<bool> {
        const auto request = std::find_if(state.requests.begin(), state.requests.end(),
                                          [&code](const AccessRequest &r) { return r.id == code; });
        if (request == state.requests.end())
            return Error::notFound(QStringLiteral("no access request %1").arg(id));
        const QDateTime at = now();
        const auto status = request->statusAt(at);
        if (status != AccessRequest::Status::Pending)
            return Error{ErrorCode::Conflict,
                         QStringLiteral("request %1 is %2, not pending")
                             .arg(request->id, AccessRequest::statusName(status))};
        OAuthGrant grant;
        grant.name = grantNameFor(request->clientName, request->id);
        grant.clientId = request->clientId;
        grant.clientName = request->clientName;
        grant.scope = scope.toString();
        grant.resource = request->resource;
        grant.created = at;
        grant.expires = at.addDays(expiresDays);
        grant.approvedBy = by;
        state.grants.append(grant);
        request->status = AccessRequest::Status::Approved;
        request->decided = at;
        request->decidedBy = by;
        request->grantName = grant.name;
        approved = *request;
        return true;
    });
    if (!done)
        return done.error();
    return approved;
}

Result<AccessRequest> OAuthStore::reject(const QString &id, const QString &by)
{
    const QString code = normalisedCode(id);
    AccessRequest rejected;
    auto done = modify([&](OAuthState &state) -> Result<bool> {
        const auto request = std::find_if(state.requests.begin(), state.requests.end(),
                                          [&code](const AccessRequest &r) { return r.id == code; });
        if (request == state.requests.end())
            return Error::notFound(QStringLiteral("no access request %1").arg(id));
        const QDateTime at = now();
        const auto status = request->statusAt(at);
        if (status != AccessRequest::Status::Pending)
            return Error{ErrorCode::Conflict,
                         QStringLiteral("request %1 is %2, not pending")
                             .arg(request->id, AccessRequest::statusName(status))};
        request->status = AccessRequest::Status::Rejected;
        request->decided = at;
        request->decidedBy = by;
        rejected = *request;
        return true;
    });
    if (!done)
        return done.error();
    return rejected;
}

Result<OAuthStore::BrowserView> OAuthStore::browserView(const QString &browserKey)
{
    const QByteArray keyHash = OAuthSecrets::hash(browserKey.toLatin1());
    // Most polls find the request still pending: answer those from the file as it is, without
    // the lock (a fresh read: an approval from another process shows at the next poll).
    const QDateTime at = now();
    const auto current = readFile();
    if (!current)
        return current.error();
    for (const AccessRequest &r : current.value().requests) {
        if (OAuthSecrets::constantTimeEquals(r.browserKeyHash, keyHash) &&
            r.statusAt(at) != AccessRequest::Status::Approved) {
            AccessRequest view = r;
            view.status = r.statusAt(at);
            return BrowserView{view, {}};
        }
    }
    BrowserView view;
    bool found = false;
    auto done = modify([&](OAuthState &state) -> Result<bool> {
        for (AccessRequest &r : state.requests) {
            if (!OAuthSecrets::constantTimeEquals(r.browserKeyHash, keyHash))
                continue;
            found = true;
            view.request = r;
            view.request.status = r.statusAt(at);
            if (view.request.status != AccessRequest::Status::Approved)
                return false;
            // A new code each time the page asks: a reload after a lost redirect still works,
            // and only the newest code is worth anything.
            const QString code = OAuthSecrets::newSecret(QStringLiteral("pmac_"));
            r.codeHash = OAuthSecrets::hash(code.toLatin1());
            r.codeExpires = at.addSecs(kCodeLifetimeS);
            view.code = code;
            return true;
        }
        return false;
    });
    if (!done)
        return done.error();
    if (!found)
        return Error::notFound(QStringLiteral("no such access request"));
    return view;
}

IssuedTokens OAuthStore::issue(OAuthGrant &grant)
{
    const QDateTime at = now();
    IssuedTokens tokens;
    tokens.accessToken = OAuthSecrets::newSecret(kAccessPrefix);
    tokens.refreshToken = OAuthSecrets::newSecret(kRefreshPrefix);
    // The access token never outlives the grant.
    const QDateTime accessExpires = std::min(at.addSecs(m_accessLifetimeS), grant.expires);
    tokens.expiresIn = qMax<qint64>(1, at.secsTo(accessExpires));
    tokens.scope = grant.scope;
    grant.accessHash = OAuthSecrets::hash(tokens.accessToken.toLatin1());
    grant.accessExpires = accessExpires;
    grant.previousRefreshHash = grant.refreshHash;
    grant.refreshHash = OAuthSecrets::hash(tokens.refreshToken.toLatin1());
    return tokens;
}

std::variant<IssuedTokens, TokenError> OAuthStore::exchangeCode(const CodeExchange &exchange)
{
    if (exchange.code.isEmpty() || exchange.codeVerifier.isEmpty())
        return tokenError(QStringLiteral("invalid_request"),
                          QStringLiteral("code and code_verifier are required"));
    const QByteArray codeHash = OAuthSecrets::hash(exchange.code.toLatin1());
    std::optional<IssuedTokens> issued;
    std::optional<TokenError> refused;
    auto done = modify([&](OAuthState &state) -> Result<bool> {
        const QDateTime at = now();
        const auto request = std::find_if(
            state.requests.begin(), state.requests.end(), [&codeHash](const AccessRequest &r) {
                return !r.codeHash.isEmpty() &&
                       OAuthSecrets::constantTimeEquals(r.codeHash, codeHash);
            });
        if (request == state.requests.end() || request->status != AccessRequest::Status::Approved ||
            at >= request->codeExpires) {
            refused =
                tokenError(QStringLiteral("invalid_grant"),
                           QStringLiteral("the authorization code is unknown, used or expired"));
            return false;
        }
        if (request->clientId != exchange.clientId) {
            refused = tokenError(QStringLiteral("invalid_grant"),
                                 QStringLiteral("the code was issued to another client"));
            return false;
        }
        if (request->redirectUri != exchange.redirectUri) {
            refused =
                tokenError(QStringLiteral("invalid_grant"),
                           QStringLiteral("redirect_uri differs from the authorization request"));
            return false;
        }
        if (!exchange.resource.isEmpty() && exchange.resource != request->resource) {
            refused = tokenError(QStringLiteral("invalid_target"),
                                 QStringLiteral("resource differs from the authorization request"));
            return false;
        }
        if (!OAuthSecrets::pkceMatches(exchange.codeVerifier, request->codeChallenge)) {
            refused = tokenError(QStringLiteral("invalid_grant"),
                                 QStringLiteral("code_verifier does not match the code_challenge"));
            return false;
        }
        const auto grant =
            std::find_if(state.grants.begin(), state.grants.end(),
                         [&request](const OAuthGrant &g) { return g.name == request->grantName; });
        if (grant == state.grants.end() || !grant->isActive(at)) {
            refused = tokenError(QStringLiteral("invalid_grant"),
                                 QStringLiteral("the grant was revoked or has expired"));
            return false;
        }
        request->status = AccessRequest::Status::Used;
        request->codeHash.clear();
        issued = issue(*grant);
        return true;
    });
    if (!done)
        return tokenError(QStringLiteral("temporarily_unavailable"), done.error().message);
    if (refused)
        return *refused;
    return *issued;
}

std::variant<IssuedTokens, TokenError>
OAuthStore::refresh(const QString &refreshToken, const QString &clientId, const QString &resource)
{
    if (!refreshToken.startsWith(kRefreshPrefix))
        return tokenError(QStringLiteral("invalid_grant"), QStringLiteral("unknown refresh token"));
    const QByteArray tokenHash = OAuthSecrets::hash(refreshToken.toLatin1());
    std::optional<IssuedTokens> issued;
    std::optional<TokenError> refused;
    auto done = modify([&](OAuthState &state) -> Result<bool> {
        const QDateTime at = now();
        for (OAuthGrant &grant : state.grants) {
            if (!grant.previousRefreshHash.isEmpty() &&
                OAuthSecrets::constantTimeEquals(grant.previousRefreshHash, tokenHash)) {
                // A rotated-out refresh token came back: someone else holds a copy.
                refused = tokenError(QStringLiteral("invalid_grant"),
                                     QStringLiteral("this refresh token was already used; the "
                                                    "grant is revoked"));
                if (grant.revoked.isValid())
                    return false;
                grant.revoked = at;
                grant.revokeReason = QStringLiteral("a refresh token was used twice");
                return true;
            }
            if (grant.refreshHash.isEmpty() ||
                !OAuthSecrets::constantTimeEquals(grant.refreshHash, tokenHash))
                continue;
            if (grant.clientId != clientId) {
                refused = tokenError(QStringLiteral("invalid_grant"),
                                     QStringLiteral("the refresh token belongs to another client"));
                return false;
            }
            if (!resource.isEmpty() && resource != grant.resource) {
                refused = tokenError(QStringLiteral("invalid_target"),
                                     QStringLiteral("resource differs from the grant's"));
                return false;
            }
            if (!grant.isActive(at)) {
                refused = tokenError(QStringLiteral("invalid_grant"),
                                     QStringLiteral("the grant was revoked or has expired"));
                return false;
            }
            issued = issue(grant);
            return true;
        }
        refused =
            tokenError(QStringLiteral("invalid_grant"), QStringLiteral("unknown refresh token"));
        return false;
    });
    if (!done)
        return tokenError(QStringLiteral("temporarily_unavailable"), done.error().message);
    if (refused)
        return *refused;
    return *issued;
}

bool OAuthStore::looksLikeAccessToken(const QByteArray &token)
{
    return token.startsWith(QByteArrayView(kAccessPrefix.data(), kAccessPrefix.size())) &&
           token.size() == kAccessPrefix.size() + 43;
}

std::optional<ClientIdentity> OAuthStore::authenticate(const QByteArray &token)
{
    if (!looksLikeAccessToken(token))
        return std::nullopt;
    const QByteArray presented = OAuthSecrets::hash(token);
    const QDateTime at = now();
    std::optional<ClientIdentity> identity;
    for (const OAuthGrant &grant : state().grants) {
        if (grant.accessHash.isEmpty() ||
            !OAuthSecrets::constantTimeEquals(grant.accessHash, presented))
            continue;
        if (!grant.isActive(at) || at >= grant.accessExpires)
            return std::nullopt;
        ClientIdentity found;
        found.name = grant.name;
        found.audience = grant.resource;
        found.kind = QStringLiteral("oauth");
        OAuthScope::parse(grant.scope).value_or(OAuthScope::readOnly()).applyTo(found);
        identity = found;
    }
    return identity;
}

Result<OAuthGrant> OAuthStore::revoke(const QString &name, const QString &reason)
{
    OAuthGrant revoked;
    auto done = modify([&](OAuthState &state) -> Result<bool> {
        const auto grant = std::find_if(state.grants.begin(), state.grants.end(),
                                        [&name](const OAuthGrant &g) { return g.name == name; });
        if (grant == state.grants.end())
            return Error::notFound(QStringLiteral("no OAuth grant named %1").arg(name));
        revoked = *grant;
        if (grant->revoked.isValid())
            return false; // the first revocation is the one the lists keep
        grant->revoked = now();
        grant->revokeReason = reason.left(kMaxFieldLength);
        revoked = *grant;
        return true;
    });
    if (!done)
        return done.error();
    return revoked;
}

} // namespace pmcp
