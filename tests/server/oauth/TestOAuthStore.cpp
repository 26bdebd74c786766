#include "server/oauth/OAuthStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

const QString kVerifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
const QString kChallenge = QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
const QString kResource = QStringLiteral("http://127.0.0.1:8080/api/mcp");
const QString kRedirect = QStringLiteral("http://127.0.0.1:5000/callback");

// A store in a temporary folder whose clock the test moves.
struct Fixture {
    Fixture()
        : store(dir.path())
    {
        store.setClock([this] { return now; });
        store.setRecheckIntervalMs(0);
    }

    QString registerClient()
    {
        const auto client = store.registerClient(QStringLiteral("Claude Code"),
                                                 {QStringLiteral("http://127.0.0.1/callback")},
                                                 QStringLiteral("dcr"));
        return client.ok() ? client.value().clientId : QString();
    }

    // A request, its browser key and the client it belongs to.
    std::pair<AccessRequest, QString> request(const QString &clientId)
    {
        const auto created = store.createRequest(
            {clientId, kRedirect, QStringLiteral("st"), kChallenge, kResource, QString()});
        if (!created.ok())
            qFatal("createRequest: %s", qPrintable(created.error().message));
        return created.value();
    }

    // Approved and exchanged: the tokens of a grant of this scope.
    IssuedTokens grant(const OAuthScope &scope, QString *clientIdOut = nullptr)
    {
        const QString clientId = registerClient();
        const auto [access, key] = request(clientId);
        if (!store.approve(access.id, scope, 30, QStringLiteral("test")).ok())
            qFatal("approve failed");
        const auto view = store.browserView(key);
        const auto tokens =
            store.exchangeCode({view.value().code, clientId, kRedirect, kVerifier, kResource});
        if (clientIdOut)
            *clientIdOut = clientId;
        return std::get<IssuedTokens>(tokens);
    }

    QTemporaryDir dir;
    QDateTime now = QDateTime(QDate(2026, 12, 4), QTime(10, 0), Qt::UTC);
    OAuthStore store;
};

QString errorOf(const std::variant<IssuedTokens, TokenError> &outcome)
{
    const auto *error = std::get_if<TokenError>(&outcome);
    return error ? error->error : QString();
}

} // namespace

class TestOAuthStore final : public QObject {
    Q_OBJECT
private slots:
    void registrationsAreCheckedAndKept();
    void theWholeFlowGivesAnIdentityBoundToTheResource();
    void theBrowserSeesEachState();
    void codeExchangeChecksEverything();
    void aCodeIsGoodOnceAndForAMinute();
    void refreshRotatesAndAReusedTokenRevokes();
    void accessTokensAndGrantsExpire();
    void pendingRequestsExpire();
    void approvalIsBoundedAndOnlyOfPendingRequests();
    void revocationIsSeenByAnotherInstance();
    void aClientRegisteredElsewhereIsKnownAtOnceToFreshLookups();
    void secretsAreStoredOnlyAsHashes();
    void aCorruptFileDeniesAndIsLeftAlone();
};

void TestOAuthStore::registrationsAreCheckedAndKept()
{
    Fixture f;
    QVERIFY(!f.store.registerClient(QStringLiteral("x"), {QStringLiteral("http://evil.example/cb")},
                                    QStringLiteral("dcr")));
    QVERIFY(!f.store.registerClient(QString(), {kRedirect}, QStringLiteral("dcr")));
    QVERIFY(!f.store.registerClient(QStringLiteral("x"), {}, QStringLiteral("dcr")));
    const QString id = f.registerClient();
    QVERIFY(id.startsWith(QLatin1String("pmc_")));
    OAuthStore other(f.dir.path());
    const auto state = other.read();
    QVERIFY(state.ok());
    QCOMPARE(state.value().clients.size(), 1);
    QCOMPARE(state.value().clients.first().clientId, id);
    QCOMPARE(state.value().clients.first().via, QStringLiteral("dcr"));
    QVERIFY(QFile::exists(f.dir.path() + QStringLiteral("/oauth/oauth.json")));
}

void TestOAuthStore::theWholeFlowGivesAnIdentityBoundToTheResource()
{
    Fixture f;
    const IssuedTokens tokens = f.grant(*OAuthScope::parse(QStringLiteral("tools:list_vms")));
    QVERIFY(tokens.accessToken.startsWith(QLatin1String("pmat_")));
    QVERIFY(tokens.refreshToken.startsWith(QLatin1String("pmrt_")));
    QCOMPARE(tokens.expiresIn, 3600);
    QCOMPARE(tokens.scope, QStringLiteral("tools:list_vms"));
    const auto identity = f.store.authenticate(tokens.accessToken.toLatin1());
    QVERIFY(identity);
    QVERIFY(identity->name.startsWith(QLatin1String("claude-code-")));
    QCOMPARE(identity->kind, QStringLiteral("oauth"));
    QCOMPARE(identity->audience, kResource);
    QCOMPARE(identity->tools, QStringList{QStringLiteral("list_vms")});
    QVERIFY(!f.store.authenticate("pmat_" + QByteArray(43, 'a')));
    QVERIFY(!f.store.authenticate(tokens.refreshToken.toLatin1()));
}

void TestOAuthStore::theBrowserSeesEachState()
{
    Fixture f;
    const QString clientId = f.registerClient();
    const auto [access, key] = f.request(clientId);
    QCOMPARE(access.clientName, QStringLiteral("Claude Code"));
    QCOMPARE(access.redirectHost(), QStringLiteral("127.0.0.1"));
    auto view = f.store.browserView(key);
    QVERIFY(view.ok());
    QCOMPARE(view.value().request.status, AccessRequest::Status::Pending);
    QVERIFY(view.value().code.isEmpty());
    QVERIFY(!f.store.browserView(QStringLiteral("w_unknown")).ok());
    QVERIFY(
        f.store
            .approve(access.id.toLower().remove(u'-'), OAuthScope::full(), 7, QStringLiteral("t"))
            .ok());
    view = f.store.browserView(key);
    QCOMPARE(view.value().request.status, AccessRequest::Status::Approved);
    QVERIFY(view.value().code.startsWith(QLatin1String("pmac_")));
    // A reload gets a new code; only the newest is worth anything.
    const QString first = view.value().code;
    const QString second = f.store.browserView(key).value().code;
    QVERIFY(first != second);
    QCOMPARE(errorOf(f.store.exchangeCode({first, clientId, kRedirect, kVerifier, kResource})),
             QStringLiteral("invalid_grant"));
    QVERIFY(errorOf(f.store.exchangeCode({second, clientId, kRedirect, kVerifier, kResource}))
                .isEmpty());
    QCOMPARE(f.store.browserView(key).value().request.status, AccessRequest::Status::Used);
}

void TestOAuthStore::codeExchangeChecksEverything()
{
    Fixture f;
    const QString clientId = f.registerClient();
    const QString otherClient = f.registerClient();
    const auto [access, key] = f.request(clientId);
    QVERIFY(f.store.approve(access.id, OAuthScope::readOnly(), 7, QStringLiteral("t")).ok());
    const QString code = f.store.browserView(key).value().code;
    QCOMPARE(errorOf(f.store.exchangeCode({code, otherClient, kRedirect, kVerifier, kResource})),
             QStringLiteral("invalid_grant"));
    QCOMPARE(
        errorOf(f.store.exchangeCode(
            {code, clientId, QStringLiteral("http://127.0.0.1:1/callback"), kVerifier, kResource})),
        QStringLiteral("invalid_grant"));
    QCOMPARE(errorOf(f.store.exchangeCode(
                 {code, clientId, kRedirect, kVerifier, QStringLiteral("http://other/api/mcp")})),
             QStringLiteral("invalid_target"));
    QCOMPARE(
        errorOf(f.store.exchangeCode({code, clientId, kRedirect, QString(43, u'x'), kResource})),
        QStringLiteral("invalid_grant"));
    QCOMPARE(errorOf(f.store.exchangeCode({code, clientId, kRedirect, QString(), kResource})),
             QStringLiteral("invalid_request"));
    // None of the failures used the code up.
    QVERIFY(
        errorOf(f.store.exchangeCode({code, clientId, kRedirect, kVerifier, QString()})).isEmpty());
}

void TestOAuthStore::aCodeIsGoodOnceAndForAMinute()
{
    Fixture f;
    const QString clientId = f.registerClient();
    auto [access, key] = f.request(clientId);
    QVERIFY(f.store.approve(access.id, OAuthScope::readOnly(), 7, QStringLiteral("t")).ok());
    QString code = f.store.browserView(key).value().code;
    f.now = f.now.addSecs(61);
    QCOMPARE(errorOf(f.store.exchangeCode({code, clientId, kRedirect, kVerifier, kResource})),
             QStringLiteral("invalid_grant"));
    code = f.store.browserView(key).value().code;
    QVERIFY(
        errorOf(f.store.exchangeCode({code, clientId, kRedirect, kVerifier, kResource})).isEmpty());
    QCOMPARE(errorOf(f.store.exchangeCode({code, clientId, kRedirect, kVerifier, kResource})),
             QStringLiteral("invalid_grant"));
}

void TestOAuthStore::refreshRotatesAndAReusedTokenRevokes()
{
    Fixture f;
    QString clientId;
    const IssuedTokens first = f.grant(OAuthScope::readOnly(), &clientId);
    QCOMPARE(errorOf(f.store.refresh(first.refreshToken, QStringLiteral("pmc_other"), kResource)),
             QStringLiteral("invalid_grant"));
    QCOMPARE(
        errorOf(f.store.refresh(first.refreshToken, clientId, QStringLiteral("http://x/api/mcp"))),
        QStringLiteral("invalid_target"));
    const auto refreshed = f.store.refresh(first.refreshToken, clientId, kResource);
    QVERIFY(std::holds_alternative<IssuedTokens>(refreshed));
    const IssuedTokens second = std::get<IssuedTokens>(refreshed);
    QVERIFY(second.accessToken != first.accessToken && second.refreshToken != first.refreshToken);
    QVERIFY(!f.store.authenticate(first.accessToken.toLatin1()));
    QVERIFY(f.store.authenticate(second.accessToken.toLatin1()));
    // The rotated-out refresh token again: someone copied it; the grant ends.
    QCOMPARE(errorOf(f.store.refresh(first.refreshToken, clientId, kResource)),
             QStringLiteral("invalid_grant"));
    QVERIFY(!f.store.authenticate(second.accessToken.toLatin1()));
    const auto grant = f.store.read().value().grants.first();
    QVERIFY(grant.revoked.isValid());
    QCOMPARE(grant.revokeReason, QStringLiteral("a refresh token was used twice"));
}

void TestOAuthStore::accessTokensAndGrantsExpire()
{
    Fixture f;
    f.store.setAccessTokenLifetimeSeconds(600);
    QString clientId;
    const IssuedTokens tokens = f.grant(OAuthScope::full(), &clientId);
    QCOMPARE(tokens.expiresIn, 600);
    f.now = f.now.addSecs(599);
    QVERIFY(f.store.authenticate(tokens.accessToken.toLatin1()));
    f.now = f.now.addSecs(1);
    QVERIFY(!f.store.authenticate(tokens.accessToken.toLatin1()));
    const auto refreshed = f.store.refresh(tokens.refreshToken, clientId, kResource);
    QVERIFY(std::holds_alternative<IssuedTokens>(refreshed));
    // The grant lasts 30 days; an access token never outlives it.
    f.now = f.now.addDays(30).addSecs(-700);
    const auto late = std::get<IssuedTokens>(
        f.store.refresh(std::get<IssuedTokens>(refreshed).refreshToken, clientId, kResource));
    QVERIFY(late.expiresIn <= 600);
    QVERIFY(f.store.authenticate(late.accessToken.toLatin1()));
    f.now = f.now.addSecs(700);
    QVERIFY(!f.store.authenticate(late.accessToken.toLatin1()));
    QCOMPARE(errorOf(f.store.refresh(late.refreshToken, clientId, kResource)),
             QStringLiteral("invalid_grant"));
}

void TestOAuthStore::pendingRequestsExpire()
{
    Fixture f;
    f.store.setPendingLifetimeSeconds(300);
    const auto [access, key] = f.request(f.registerClient());
    f.now = f.now.addSecs(299);
    QCOMPARE(f.store.browserView(key).value().request.status, AccessRequest::Status::Pending);
    f.now = f.now.addSecs(1);
    QCOMPARE(f.store.browserView(key).value().request.status, AccessRequest::Status::Expired);
    const auto late = f.store.approve(access.id, OAuthScope::full(), 7, QStringLiteral("t"));
    QVERIFY(!late.ok());
    QCOMPARE(late.error().code, ErrorCode::Conflict);
    QVERIFY(late.error().message.contains(QLatin1String("expired")));
}

void TestOAuthStore::approvalIsBoundedAndOnlyOfPendingRequests()
{
    Fixture f;
    const auto [access, key] = f.request(f.registerClient());
    QCOMPARE(f.store.approve(access.id, OAuthScope::full(), 6, QStringLiteral("t")).error().code,
             ErrorCode::InvalidArgument);
    QCOMPARE(f.store.approve(access.id, OAuthScope::full(), 366, QStringLiteral("t")).error().code,
             ErrorCode::InvalidArgument);
    QCOMPARE(
        f.store.approve(QStringLiteral("AAAA-AAAA"), OAuthScope::full(), 7, QStringLiteral("t"))
            .error()
            .code,
        ErrorCode::NotFound);
    QVERIFY(f.store.reject(access.id, QStringLiteral("admin:alice")).ok());
    QCOMPARE(f.store.approve(access.id, OAuthScope::full(), 7, QStringLiteral("t")).error().code,
             ErrorCode::Conflict);
    QCOMPARE(f.store.browserView(key).value().request.status, AccessRequest::Status::Rejected);
    QCOMPARE(f.store.read().value().requests.first().decidedBy, QStringLiteral("admin:alice"));
    QVERIFY(f.store.read().value().grants.isEmpty());
    QVERIFY(!f.store
                 .createRequest(
                     {QStringLiteral("pmc_unknown"), kRedirect, {}, kChallenge, kResource, {}})
                 .ok());
}

void TestOAuthStore::revocationIsSeenByAnotherInstance()
{
    Fixture f;
    const IssuedTokens tokens = f.grant(OAuthScope::full());
    QVERIFY(f.store.authenticate(tokens.accessToken.toLatin1()));
    OAuthStore cli(f.dir.path()); // the CLI, another process
    const QString name = cli.read().value().grants.first().name;
    const auto revoked = cli.revoke(name, QStringLiteral("lost laptop"));
    QVERIFY(revoked.ok());
    QVERIFY(!f.store.authenticate(tokens.accessToken.toLatin1()));
    QCOMPARE(f.store.read().value().grants.first().revokeReason, QStringLiteral("lost laptop"));
    QCOMPARE(cli.revoke(QStringLiteral("nobody"), {}).error().code, ErrorCode::NotFound);
}

void TestOAuthStore::aClientRegisteredElsewhereIsKnownAtOnceToFreshLookups()
{
    Fixture f;
    f.store.setRecheckIntervalMs(60'000);
    f.registerClient();
    QCOMPARE(f.store.state().clients.size(), 1); // cached now, for a minute
    OAuthStore cli(f.dir.path());                // `clients register`, another process
    const auto registered =
        cli.registerClient(QStringLiteral("conformance"),
                           {QStringLiteral("http://127.0.0.1/callback")}, QStringLiteral("cli"));
    QVERIFY(registered.ok());
    QCOMPARE(f.store.state().clients.size(), 1); // the cache, within its interval
    const OAuthState &fresh = f.store.freshState();
    QCOMPARE(fresh.clients.size(), 2);
    QCOMPARE(fresh.clients.last().clientId, registered.value().clientId);
}

void TestOAuthStore::secretsAreStoredOnlyAsHashes()
{
    Fixture f;
    const QString clientId = f.registerClient();
    const auto [access, key] = f.request(clientId);
    QVERIFY(f.store.approve(access.id, OAuthScope::full(), 7, QStringLiteral("t")).ok());
    const QString code = f.store.browserView(key).value().code;
    const auto tokens = std::get<IssuedTokens>(
        f.store.exchangeCode({code, clientId, kRedirect, kVerifier, kResource}));
    QFile file(f.store.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    for (const QString &secret : {key, code, tokens.accessToken, tokens.refreshToken})
        QVERIFY2(!content.contains(secret.toLatin1()), qPrintable(secret.left(5)));
    QVERIFY(content.contains(
        QCryptographicHash::hash(tokens.accessToken.toLatin1(), QCryptographicHash::Sha256)
            .toHex()));
    QCOMPARE(QFile(f.store.filePath()).permissions() & (QFile::ReadOther | QFile::ReadGroup),
             QFile::Permissions());
}

void TestOAuthStore::aCorruptFileDeniesAndIsLeftAlone()
{
    Fixture f;
    const IssuedTokens tokens = f.grant(OAuthScope::full());
    QFile file(f.store.filePath());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("{ not json");
    file.close();
    QVERIFY(!f.store.authenticate(tokens.accessToken.toLatin1()));
    const auto refused =
        f.store.registerClient(QStringLiteral("x"), {kRedirect}, QStringLiteral("cli"));
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.contains(QLatin1String("corrupt")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("{ not json"));
}

QTEST_GUILESS_MAIN(TestOAuthStore)
#include "TestOAuthStore.moc"
