#include "server/oauth/OAuthController.h"

#include "server/oauth/ClientMetadataFetcher.h"
#include "server/oauth/OAuthStore.h"
#include "tests/support/FakeHttpReply.h"
#include "tests/support/FakePve.h"
#include "tests/support/TestCertificate.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>

using namespace pmcp;

namespace {

const QString kVerifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
const QString kChallenge = QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
const QString kRedirect = QStringLiteral("http://127.0.0.1:5000/callback");

struct Fixture {
    Fixture()
        : store(dir.path())
        , router(OriginPolicy({}, {}), {}, nullptr)
        , controller(&store, {QStringLiteral("/api/mcp"), [this] { ++changes; }})
    {
        store.setRecheckIntervalMs(0);
        controller.registerRoutes(router);
    }

    std::shared_ptr<testing::FakeHttpReply> send(const QByteArray &method, const QString &target,
                                                 const QByteArray &body = {},
                                                 const QByteArray &contentType = {})
    {
        const QUrl url(target);
        HttpRequest request;
        request.method = method;
        request.path = url.path();
        request.query = QUrlQuery(url.query(QUrl::FullyEncoded));
        request.headers.emplace_back("host", "127.0.0.1:8080");
        if (!contentType.isEmpty())
            request.headers.emplace_back("content-type", contentType);
        request.body = body;
        request.peer = QHostAddress::LocalHost;
        auto reply = std::make_shared<testing::FakeHttpReply>();
        router.handle(request, reply);
        return reply;
    }

    QString registerClient()
    {
        const auto reply =
            send("POST", QStringLiteral("/oauth/register"),
                 R"({"client_name":"Claude Code","redirect_uris":["http://127.0.0.1/callback"]})",
                 "application/json");
        return reply->json().value(QLatin1String("client_id")).toString();
    }

    QString authorizeUrl(const QString &clientId, const QString &extra = {})
    {
        return QStringLiteral("/oauth/authorize?response_type=code&client_id=") + clientId +
               QStringLiteral("&redirect_uri=") +
               QString::fromLatin1(QUrl::toPercentEncoding(kRedirect)) +
               QStringLiteral("&state=s%3D1&code_challenge=") + kChallenge +
               QStringLiteral("&code_challenge_method=S256") + extra;
    }

    std::shared_ptr<testing::FakeHttpReply> token(const QByteArray &form)
    {
        return send("POST", QStringLiteral("/oauth/token"), form,
                    "application/x-www-form-urlencoded");
    }

    QTemporaryDir dir;
    OAuthStore store;
    HttpRouter router;
    int changes = 0;
    OAuthController controller;
};

QUrlQuery queryOf(const QByteArray &location)
{
    return QUrlQuery(QUrl(QString::fromUtf8(location)).query(QUrl::FullyEncoded));
}

} // namespace

class TestOAuthController final : public QObject {
    Q_OBJECT
private slots:
    void protectedResourceMetadata();
    void authorizationServerMetadata();
    void dynamicRegistration();
    void registrationRefusals_data();
    void registrationRefusals();
    void unknownClientOrRedirectStaysOnAnErrorPage();
    void badRequestsGoBackWithAnError_data();
    void badRequestsGoBackWithAnError();
    void theWholeFlow();
    void rejectedGoesBackWithAccessDenied();
    void tokenEndpointRefusals();
    void clientIdMetadataDocument();
};

void TestOAuthController::protectedResourceMetadata()
{
    Fixture f;
    for (const QString &path : {QStringLiteral("/.well-known/oauth-protected-resource/api/mcp"),
                                QStringLiteral("/.well-known/oauth-protected-resource")}) {
        const auto reply = f.send("GET", path);
        QCOMPARE(reply->status(), 200);
        const QJsonObject json = reply->json();
        QCOMPARE(json.value(QLatin1String("resource")).toString(),
                 QStringLiteral("http://127.0.0.1:8080/api/mcp"));
        QCOMPARE(json.value(QLatin1String("authorization_servers")).toArray(),
                 QJsonArray{QStringLiteral("http://127.0.0.1:8080")});
        QCOMPARE(json.value(QLatin1String("scopes_supported")).toArray(),
                 (QJsonArray{QStringLiteral("read-only"), QStringLiteral("full")}));
    }
}

void TestOAuthController::authorizationServerMetadata()
{
    Fixture f;
    const auto reply = f.send("GET", QStringLiteral("/.well-known/oauth-authorization-server"));
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->header("content-type"), QByteArray("application/json"));
    const QJsonObject json = reply->json();
    QCOMPARE(json.value(QLatin1String("issuer")).toString(),
             QStringLiteral("http://127.0.0.1:8080"));
    QCOMPARE(json.value(QLatin1String("authorization_endpoint")).toString(),
             QStringLiteral("http://127.0.0.1:8080/oauth/authorize"));
    QCOMPARE(json.value(QLatin1String("token_endpoint")).toString(),
             QStringLiteral("http://127.0.0.1:8080/oauth/token"));
    QCOMPARE(json.value(QLatin1String("code_challenge_methods_supported")).toArray(),
             QJsonArray{QStringLiteral("S256")});
    QCOMPARE(json.value(QLatin1String("response_types_supported")).toArray(),
             QJsonArray{QStringLiteral("code")});
    QVERIFY(json.value(QLatin1String("authorization_response_iss_parameter_supported")).toBool());
    QCOMPARE(json.value(QLatin1String("token_endpoint_auth_methods_supported")).toArray(),
             QJsonArray{QStringLiteral("none")});
}

void TestOAuthController::dynamicRegistration()
{
    Fixture f;
    const auto reply =
        f.send("POST", QStringLiteral("/oauth/register"),
               R"({"client_name":"Claude","redirect_uris":["http://localhost:6274/cb"],)"
               R"("token_endpoint_auth_method":"client_secret_basic"})",
               "application/json");
    QCOMPARE(reply->status(), 201);
    const QJsonObject json = reply->json();
    QVERIFY(json.value(QLatin1String("client_id")).toString().startsWith(QLatin1String("pmc_")));
    QVERIFY(!json.contains(QLatin1String("client_secret")));
    QCOMPARE(json.value(QLatin1String("token_endpoint_auth_method")).toString(),
             QStringLiteral("none"));
    QCOMPARE(f.store.read().value().clients.first().name, QStringLiteral("Claude"));
}

void TestOAuthController::registrationRefusals_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("not json") << QByteArray("nope") << "invalid_client_metadata";
    QTest::newRow("no redirect") << QByteArray(R"({"client_name":"x"})") << "invalid_redirect_uri";
    QTest::newRow("http elsewhere")
        << QByteArray(R"({"redirect_uris":["http://evil.example/cb"]})") << "invalid_redirect_uri";
    QTest::newRow("implicit grant")
        << QByteArray(R"({"redirect_uris":["https://a.example/cb"],"grant_types":["implicit"]})")
        << "invalid_client_metadata";
}

void TestOAuthController::registrationRefusals()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    Fixture f;
    const auto reply = f.send("POST", QStringLiteral("/oauth/register"), body, "application/json");
    QCOMPARE(reply->status(), 400);
    QCOMPARE(reply->json().value(QLatin1String("error")).toString(), error);
    QVERIFY(f.store.read().value().clients.isEmpty());
}

void TestOAuthController::unknownClientOrRedirectStaysOnAnErrorPage()
{
    Fixture f;
    auto reply = f.send("GET", f.authorizeUrl(QStringLiteral("pmc_nobody")));
    QCOMPARE(reply->status(), 400);
    QVERIFY(!reply->hasHeader("location"));
    QVERIFY(reply->body().contains("Unknown client"));
    const QString clientId = f.registerClient();
    reply = f.send(
        "GET", f.authorizeUrl(clientId).replace(QLatin1String("callback"), QLatin1String("other")));
    QCOMPARE(reply->status(), 400);
    QVERIFY(!reply->hasHeader("location"));
    QVERIFY(reply->body().contains("Unknown redirect URI"));
}

void TestOAuthController::badRequestsGoBackWithAnError_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("error");
    QTest::newRow("token response type") << "response_type=code>response_type=token"
                                         << "unsupported_response_type";
    QTest::newRow("plain pkce") << "code_challenge_method=S256>code_challenge_method=plain"
                                << "invalid_request";
    QTest::newRow("no pkce") << "code_challenge=>nothing="
                             << "invalid_request";
    QTest::newRow("other resource") << "&state=>&resource=https%3A%2F%2Fother.example%2Fmcp&state="
                                    << "invalid_target";
    QTest::newRow("repeated") << "&state=>&state=a&state="
                              << "invalid_request";
}

void TestOAuthController::badRequestsGoBackWithAnError()
{
    QFETCH(QString, change);
    QFETCH(QString, error);
    Fixture f;
    const QString clientId = f.registerClient();
    const QStringList parts = change.split(u'>');
    const auto reply = f.send("GET", f.authorizeUrl(clientId).replace(parts.at(0), parts.at(1)));
    QCOMPARE(reply->status(), 302);
    const QByteArray location = reply->header("location");
    QVERIFY2(location.startsWith(kRedirect.toLatin1() + '?'), location.constData());
    const QUrlQuery query = queryOf(location);
    QCOMPARE(query.queryItemValue(QStringLiteral("error")), error);
    QCOMPARE(query.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded),
             QStringLiteral("http://127.0.0.1:8080"));
    QVERIFY(f.store.read().value().requests.isEmpty());
}

void TestOAuthController::theWholeFlow()
{
    Fixture f;
    const QString clientId = f.registerClient();
    auto reply = f.send("GET", f.authorizeUrl(clientId, QStringLiteral("&scope=full")));
    QCOMPARE(reply->status(), 302);
    QCOMPARE(f.changes, 1);
    const QString wait = QUrl(QString::fromLatin1(reply->header("location"))).path();
    QVERIFY(wait.startsWith(QLatin1String("/oauth/wait/w_")));
    const AccessRequest pending = f.store.read().value().requests.first();
    QCOMPARE(pending.requestedScope, QStringLiteral("full"));
    QCOMPARE(pending.resource, QStringLiteral("http://127.0.0.1:8080/api/mcp"));
    QCOMPARE(pending.state, QStringLiteral("s=1"));

    reply = f.send("GET", wait);
    QCOMPARE(reply->status(), 200);
    QVERIFY(reply->header("content-type").startsWith("text/html"));
    QVERIFY(reply->body().contains(pending.id.toUtf8()));
    QVERIFY(reply->header("content-security-policy").contains("frame-ancestors 'none'"));
    QCOMPARE(f.send("GET", wait + QStringLiteral("?format=json"))
                 ->json()
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("pending"));

    QVERIFY(f.store.approve(pending.id, OAuthScope::readOnly(), 7, QStringLiteral("t")).ok());
    QCOMPARE(f.send("GET", wait + QStringLiteral("?format=json"))
                 ->json()
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("approved"));
    reply = f.send("GET", wait);
    QCOMPARE(reply->status(), 302);
    const QUrlQuery back = queryOf(reply->header("location"));
    QCOMPARE(back.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded),
             QStringLiteral("s=1"));
    QCOMPARE(back.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded),
             QStringLiteral("http://127.0.0.1:8080"));
    const QString code = back.queryItemValue(QStringLiteral("code"));
    QVERIFY(!code.isEmpty());

    const QByteArray form =
        "grant_type=authorization_code&code=" + code.toLatin1() +
        "&client_id=" + clientId.toLatin1() +
        "&redirect_uri=" + QUrl::toPercentEncoding(kRedirect) +
        "&code_verifier=" + kVerifier.toLatin1() +
        "&resource=" + QUrl::toPercentEncoding(QStringLiteral("http://127.0.0.1:8080/api/mcp"));
    reply = f.token(form);
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->header("cache-control"), QByteArray("no-store"));
    const QJsonObject tokens = reply->json();
    QCOMPARE(tokens.value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
    QCOMPARE(tokens.value(QLatin1String("scope")).toString(), QStringLiteral("read-only"));
    QVERIFY(
        f.store.authenticate(tokens.value(QLatin1String("access_token")).toString().toLatin1()));
    QCOMPARE(f.send("GET", wait)->status(), 200); // "Done"

    reply =
        f.token("grant_type=refresh_token&client_id=" + clientId.toLatin1() + "&refresh_token=" +
                tokens.value(QLatin1String("refresh_token")).toString().toLatin1());
    QCOMPARE(reply->status(), 200);
    QVERIFY(reply->json().value(QLatin1String("access_token")) !=
            tokens.value(QLatin1String("access_token")));
}

void TestOAuthController::rejectedGoesBackWithAccessDenied()
{
    Fixture f;
    const QString clientId = f.registerClient();
    const auto started = f.send("GET", f.authorizeUrl(clientId));
    const QString wait = QUrl(QString::fromLatin1(started->header("location"))).path();
    QVERIFY(f.store.reject(f.store.read().value().requests.first().id, QStringLiteral("t")).ok());
    const auto reply = f.send("GET", wait);
    QCOMPARE(reply->status(), 302);
    const QUrlQuery back = queryOf(reply->header("location"));
    QCOMPARE(back.queryItemValue(QStringLiteral("error")), QStringLiteral("access_denied"));
    QCOMPARE(back.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded),
             QStringLiteral("s=1"));
    QVERIFY(!back.hasQueryItem(QStringLiteral("code")));
    QCOMPARE(f.send("GET", QStringLiteral("/oauth/wait/w_nothing"))->status(), 404);
}

void TestOAuthController::tokenEndpointRefusals()
{
    Fixture f;
    const QString clientId = f.registerClient();
    QCOMPARE(f.send("POST", QStringLiteral("/oauth/token"), "grant_type=authorization_code",
                    "application/json")
                 ->status(),
             400);
    auto reply = f.token("grant_type=authorization_code&code=x");
    QCOMPARE(reply->status(), 401);
    QCOMPARE(reply->json().value(QLatin1String("error")).toString(),
             QStringLiteral("invalid_client"));
    reply = f.token("grant_type=password&client_id=" + clientId.toLatin1());
    QCOMPARE(reply->json().value(QLatin1String("error")).toString(),
             QStringLiteral("unsupported_grant_type"));
    reply =
        f.token("grant_type=authorization_code&code=pmac_x&code_verifier=" + kVerifier.toLatin1() +
                "&client_id=" + clientId.toLatin1());
    QCOMPARE(reply->status(), 400);
    QCOMPARE(reply->json().value(QLatin1String("error")).toString(),
             QStringLiteral("invalid_grant"));
    reply =
        f.token("grant_type=refresh_token&refresh_token=pmrt_x&client_id=" + clientId.toLatin1());
    QCOMPARE(reply->json().value(QLatin1String("error")).toString(),
             QStringLiteral("invalid_grant"));
}

void TestOAuthController::clientIdMetadataDocument()
{
    QString why;
    const auto cert = testing::TestCertificate::generate(&why);
    if (!cert)
        QSKIP(qPrintable(why));
    int port = 0;
    testing::FakePve server([&port](
                                const testing::SeenRequest &seen) -> std::optional<HttpResponse> {
        const QString url =
            QStringLiteral("https://127.0.0.1:%1/api2/json%2").arg(port).arg(seen.path);
        return HttpResponse::text(
            200,
            QStringLiteral(
                R"({"client_id":"%1","client_name":"Metadata App","redirect_uris":["http://127.0.0.1/callback"]})")
                .arg(url)
                .toUtf8(),
            "application/json");
    });
    QVERIFY(server.start(*cert));
    port = server.port();
    Fixture f;
    QCOMPARE(f.send("GET", QStringLiteral("/.well-known/oauth-authorization-server"))
                 ->json()
                 .value(QLatin1String("client_id_metadata_document_supported"))
                 .toBool(),
             false);
    ClientMetadataFetcher fetcher;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates({cert->certificate});
    fetcher.setTlsConfiguration(tls);
    fetcher.setAllowPrivateAddresses(true);
    f.controller.setMetadataFetcher(&fetcher);
    QCOMPARE(f.send("GET", QStringLiteral("/.well-known/oauth-authorization-server"))
                 ->json()
                 .value(QLatin1String("client_id_metadata_document_supported"))
                 .toBool(),
             true);

    const QString clientId = QStringLiteral("https://127.0.0.1:%1/api2/json/client.json").arg(port);
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(clientId));
    auto reply = f.send("GET", f.authorizeUrl(encoded));
    QVERIFY(!reply->answered()); // the document is being fetched
    QTRY_VERIFY_WITH_TIMEOUT(reply->answered(), 5000);
    QCOMPARE(reply->status(), 302);
    QVERIFY(reply->header("location").contains("/oauth/wait/"));
    const OAuthState state = f.store.read().value();
    QCOMPARE(state.clients.first().clientId, clientId);
    QCOMPARE(state.clients.first().via, QStringLiteral("cimd"));
    QCOMPARE(state.requests.first().clientName, QStringLiteral("Metadata App"));

    // A redirect URI the document does not list stays on an error page.
    reply = f.send("GET", f.authorizeUrl(encoded).replace(QLatin1String("callback"),
                                                          QLatin1String("elsewhere")));
    QTRY_VERIFY_WITH_TIMEOUT(reply->answered(), 5000);
    QCOMPARE(reply->status(), 400);
    QVERIFY(!reply->hasHeader("location"));
    // A document that cannot be had: an error page naming it.
    reply = f.send("GET", f.authorizeUrl(QString::fromLatin1(QUrl::toPercentEncoding(
                              QStringLiteral("https://127.0.0.1:1/client.json")))));
    QTRY_VERIFY_WITH_TIMEOUT(reply->answered(), 5000);
    QCOMPARE(reply->status(), 400);
    QVERIFY(reply->body().contains("cannot be fetched"));
}

QTEST_GUILESS_MAIN(TestOAuthController)
#include "TestOAuthController.moc"
