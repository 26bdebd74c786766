#include "server/http/HttpRouter.h"

#include "tests/support/FakeHttpReply.h"

#include <QRegularExpression>
#include <QTest>

using namespace pmcp;
using pmcp::testing::FakeHttpReply;

namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

HttpRequest request(const QByteArray &method, const QString &path,
                    QList<std::pair<QByteArray, QByteArray>> headers = {{"host", "localhost:8771"}})
{
    HttpRequest result;
    result.method = method;
    result.path = path;
    result.headers = std::move(headers);
    result.peer = QHostAddress::LocalHost;
    return result;
}

// Counts what the router reports, by route/method/status and by refusal reason.
class RecordingObserver final : public HttpObserver {
public:
    void requestAnswered(const QString &route, const QString &method, int status,
                         double seconds) override
    {
        QVERIFY(seconds >= 0);
        ++answered[route + u' ' + method + u' ' + QString::number(status)];
        ++answeredByRoute[route];
    }
    void requestRefused(const QString &reason) override { ++refused[reason]; }
    void requestLogged(const HttpRequestLine &line) override { lines.append(line); }
    void tokenRefused(const QString &reason, const QString &peer, const QString &path) override
    {
        tokenRefusals.append(reason + u' ' + peer + u' ' + path);
    }

    QList<HttpRequestLine> lines;
    QStringList tokenRefusals;
    QHash<QString, int> answered;
    QHash<QString, int> answeredByRoute;
    QHash<QString, int> refused;
};

} // namespace

class TestHttpRouter final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void resourceMetadataInTheChallenge();
    void tokenBoundToAnotherResourceIsRefused();
    void routesToHandler();
    void refusedHostIs403();
    void refusedOriginIs403();
    void originPolicyChangesForTheNextRequest();
    void duplicateHostOrOriginIs400_data();
    void duplicateHostOrOriginIs400();
    void unknownPathIs404();
    void wrongMethodIs405WithAllow();
    void tokenRoute_data();
    void tokenRoute();
    void tokenRouteRecordsReadOnlyIdentity();
    void tokenCheckedBeforeMethod();
    void optionalTokenRoute_data();
    void optionalTokenRoute();
    void publicRouteSkipsAuthenticator();
    void withoutAuthenticatorClientIsAnonymous();
    void asyncAndStreamedRepliesAreCountedOnce();
    void unusualMethodIsLabelledOther();
    void worksWithoutObserver();
    void requestLinesNameClientPathAndPeer();
    void refusedTokensNameTheirSource();
    void adminRoute_data();
    void adminRoute();
    void adminRoutesAreOffWithoutAnAdminAuthenticator();
    void prefixRoutes_data();
    void prefixRoutes();
    void routesListsEveryRoute();
    void aBurstOfWrongTokensGets429_data();
    void aBurstOfWrongTokensGets429();
    void adminNetworks_data();
    void adminNetworks();

private:
    struct Seen {
        int calls = 0;
        HttpRequest last;
    };
    // A router with "/mcp" (token, POST/GET/DELETE), "/health" (optional token, GET) and
    // "/public" (public, GET); tokens "good" (rw client) and "reader" (read-only client).
    std::unique_ptr<HttpRouter> makeRouter(Seen &seen, int *authCalls = nullptr,
                                           bool withAuthenticator = true);
    double requests(const QString &route, const QString &method, int status) const
    {
        return m_observer->answered.value(route + u' ' + method + u' ' + QString::number(status));
    }
    double authFailures(const QString &reason) const { return m_observer->refused.value(reason); }
    quint64 answeredOn(const QString &route) const
    {
        return quint64(m_observer->answeredByRoute.value(route));
    }

    std::unique_ptr<RecordingObserver> m_observer;
};

void TestHttpRouter::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    m_observer = std::make_unique<RecordingObserver>();
}

std::unique_ptr<HttpRouter> TestHttpRouter::makeRouter(Seen &seen, int *authCalls,
                                                       bool withAuthenticator)
{
    HttpRouter::Authenticator authenticator;
    if (withAuthenticator) {
        authenticator = [authCalls](const QByteArray &token) -> std::optional<ClientIdentity> {
            if (authCalls)
                ++*authCalls;
            if (token == "good")
                return ClientIdentity{QStringLiteral("claude"), false};
            if (token == "reader")
                return ClientIdentity{QStringLiteral("viewer"), true};
            return std::nullopt;
        };
    }
    auto router =
        std::make_unique<HttpRouter>(OriginPolicy({}, {}), authenticator, m_observer.get());
    const auto handler = [&seen](const HttpRequest &req, const std::shared_ptr<HttpReply> &reply) {
        ++seen.calls;
        seen.last = req;
        reply->send(HttpResponse::text(200, "ok"));
    };
    router->addRoute(QStringLiteral("/mcp"), {"POST", "GET", "DELETE"}, RouteAccess::Token,
                     handler);
    router->addRoute(QStringLiteral("/health"), {"GET"}, RouteAccess::OptionalToken, handler);
    router->addRoute(QStringLiteral("/public"), {"GET"}, RouteAccess::Public, handler);
    return router;
}

void TestHttpRouter::resourceMetadataInTheChallenge()
{
    Seen seen;
    auto router = makeRouter(seen);
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("POST", QStringLiteral("/mcp")), reply);
    QCOMPARE(reply->header("www-authenticate"), QByteArray("Bearer realm=\"proxmox-mcp\""));
    router->setResourceMetadataPath(QStringLiteral("/.well-known/oauth-protected-resource/mcp"));
    reply = std::make_shared<FakeHttpReply>();
    router->handle(request("POST", QStringLiteral("/mcp")), reply);
    QCOMPARE(reply->status(), 401);
    QCOMPARE(reply->header("www-authenticate"),
             QByteArray("Bearer resource_metadata=\"http://localhost:8771/.well-known/"
                        "oauth-protected-resource/mcp\""));
    reply = std::make_shared<FakeHttpReply>();
    router->handle(request("POST", QStringLiteral("/mcp"),
                           {{"host", "localhost:8771"}, {"authorization", "Bearer nope"}}),
                   reply);
    QVERIFY(reply->header("www-authenticate").endsWith(", error=\"invalid_token\""));
    QCOMPARE(seen.calls, 0);
}

void TestHttpRouter::tokenBoundToAnotherResourceIsRefused()
{
    Seen seen;
    HttpRouter router(
        OriginPolicy({}, {}),
        [](const QByteArray &token) -> std::optional<ClientIdentity> {
            ClientIdentity identity{QStringLiteral("oauth-client"), false};
            identity.audience = token == "here" ? QStringLiteral("http://localhost:8771/mcp")
                                                : QStringLiteral("http://elsewhere:1/mcp");
            return identity;
        },
        m_observer.get());
    router.setResourceMetadataPath(QStringLiteral("/.well-known/oauth-protected-resource/mcp"));
    router.addRoute(QStringLiteral("/mcp"), {"POST"}, RouteAccess::Token,
                    [&seen](const HttpRequest &req, const std::shared_ptr<HttpReply> &reply) {
                        ++seen.calls;
                        seen.last = req;
                        reply->send(HttpResponse::text(200, "ok"));
                    });
    auto reply = std::make_shared<FakeHttpReply>();
    router.handle(request("POST", QStringLiteral("/mcp"),
                          {{"host", "localhost:8771"}, {"authorization", "Bearer elsewhere"}}),
                  reply);
    QCOMPARE(reply->status(), 401);
    QCOMPARE(seen.calls, 0);
    reply = std::make_shared<FakeHttpReply>();
    router.handle(request("POST", QStringLiteral("/mcp"),
                          {{"host", "localhost:8771"}, {"authorization", "Bearer here"}}),
                  reply);
    QCOMPARE(reply->status(), 200);
    QCOMPARE(seen.last.client->name, QStringLiteral("oauth-client"));
}

void TestHttpRouter::routesToHandler()
{
    Seen seen;
    auto router = makeRouter(seen);
    auto reply = std::make_shared<FakeHttpReply>();
    HttpRequest req = request("GET", QStringLiteral("/public"));
    req.body = "payload";
    req.query = QUrlQuery(QStringLiteral("a=1"));
    router->handle(req, reply);

    QCOMPARE(seen.calls, 1);
    QCOMPARE(seen.last.path, QStringLiteral("/public"));
    QCOMPARE(seen.last.body, QByteArray("payload"));
    QCOMPARE(seen.last.query.queryItemValue(QStringLiteral("a")), QStringLiteral("1"));
    QVERIFY(!seen.last.client);
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->sent->body, QByteArray("ok"));
    QCOMPARE(requests(QStringLiteral("/public"), QStringLiteral("GET"), 200), 1.0);
    QCOMPARE(answeredOn(QStringLiteral("/public")), quint64(1));
}

void TestHttpRouter::refusedHostIs403()
{
    Seen seen;
    auto router = makeRouter(seen);
    for (const QByteArray &host :
         {QByteArray("evil.example.com"), QByteArray("localhost.evil.com")}) {
        auto reply = std::make_shared<FakeHttpReply>();
        router->handle(request("GET", QStringLiteral("/public"), {{"host", host}}), reply);
        QCOMPARE(reply->status(), 403);
        QCOMPARE(reply->json()
                     .value(QLatin1String("error"))
                     .toObject()
                     .value(QLatin1String("message"))
                     .toString(),
                 QStringLiteral("Host not allowed"));
    }
    // No Host at all, on a token route with a good token: the Host check comes first.
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("POST", QStringLiteral("/mcp"), {{"authorization", "Bearer good"}}),
                   reply);
    QCOMPARE(reply->status(), 403);
    // An unknown path on a refused host is 403 too, and does not reveal the routes.
    auto unknown = std::make_shared<FakeHttpReply>();
    router->handle(request("GET", QStringLiteral("/nope"), {{"host", "evil.example.com"}}),
                   unknown);
    QCOMPARE(unknown->status(), 403);

    QCOMPARE(seen.calls, 0);
    QCOMPARE(authFailures(QStringLiteral("host")), 4.0);
    QCOMPARE(requests(QStringLiteral("/public"), QStringLiteral("GET"), 403), 2.0);
    QCOMPARE(requests(QStringLiteral("/mcp"), QStringLiteral("POST"), 403), 1.0);
    QCOMPARE(requests(QStringLiteral("other"), QStringLiteral("GET"), 403), 1.0);
}

void TestHttpRouter::originPolicyChangesForTheNextRequest()
{
    Seen seen;
    auto router = makeRouter(seen);
    const auto status = [&router](const QByteArray &host, const QByteArray &origin) {
        auto reply = std::make_shared<FakeHttpReply>();
        router->handle(
            request("GET", QStringLiteral("/public"), {{"host", host}, {"origin", origin}}), reply);
        return reply->status();
    };
    QCOMPARE(status("mcp.example.com", "https://admin.example.com"), 403);
    // A configuration reload names them: the very next request passes.
    router->setOriginPolicy(OriginPolicy({QStringLiteral("mcp.example.com")},
                                         {QStringLiteral("https://admin.example.com")}));
    QCOMPARE(status("mcp.example.com", "https://admin.example.com"), 200);
    QCOMPARE(status("mcp.example.com", "https://evil.example.com"), 403);
    router->setOriginPolicy(OriginPolicy({}, {}));
    QCOMPARE(status("mcp.example.com", "https://admin.example.com"), 403);
    QCOMPARE(seen.calls, 1);
}

void TestHttpRouter::refusedOriginIs403()
{
    Seen seen;
    auto router = makeRouter(seen);
    for (const QByteArray &origin : {QByteArray("http://evil.example.com"), QByteArray("null")}) {
        auto reply = std::make_shared<FakeHttpReply>();
        router->handle(
            request("GET", QStringLiteral("/public"), {{"host", "localhost"}, {"origin", origin}}),
            reply);
        QCOMPARE(reply->status(), 403);
        QCOMPARE(reply->json()
                     .value(QLatin1String("error"))
                     .toObject()
                     .value(QLatin1String("message"))
                     .toString(),
                 QStringLiteral("Origin not allowed"));
    }
    QCOMPARE(seen.calls, 0);
    QCOMPARE(authFailures(QStringLiteral("origin")), 2.0);
    QCOMPARE(authFailures(QStringLiteral("host")), 0.0);

    auto allowed = std::make_shared<FakeHttpReply>();
    router->handle(request("GET", QStringLiteral("/public"),
                           {{"host", "localhost"}, {"origin", "http://localhost:1234"}}),
                   allowed);
    QCOMPARE(allowed->status(), 200);
    QCOMPARE(seen.calls, 1);
}

void TestHttpRouter::duplicateHostOrOriginIs400_data()
{
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("reason");
    QTest::newRow("two hosts") << Headers{{"host", "localhost"}, {"host", "evil.example.com"}}
                               << QStringLiteral("duplicate Host header")
                               << QStringLiteral("duplicate_host");
    QTest::newRow("same host twice, any case")
        << Headers{{"host", "localhost"}, {"HOST", "localhost"}}
        << QStringLiteral("duplicate Host header") << QStringLiteral("duplicate_host");
    QTest::newRow("three origins")
        << Headers{{"host", "localhost"},
                   {"origin", "http://localhost"},
                   {"Origin", "http://evil.example.com"},
                   {"origin", "http://localhost"}}
        << QStringLiteral("duplicate Origin header") << QStringLiteral("duplicate_origin");
}

void TestHttpRouter::duplicateHostOrOriginIs400()
{
    QFETCH(Headers, headers);
    QFETCH(QString, message);
    QFETCH(QString, reason);
    Seen seen;
    int authCalls = 0;
    auto router = makeRouter(seen, &authCalls);
    headers.append(std::pair<QByteArray, QByteArray>("authorization", "Bearer good"));
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("POST", QStringLiteral("/mcp"), headers), reply);

    QCOMPARE(reply->status(), 400);
    QCOMPARE(reply->json()
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("message"))
                 .toString(),
             message);
    // Refused before the token is looked at, and the handler never runs.
    QCOMPARE(authCalls, 0);
    QCOMPARE(seen.calls, 0);
    QCOMPARE(authFailures(reason), 1.0);
    QCOMPARE(requests(QStringLiteral("/mcp"), QStringLiteral("POST"), 400), 1.0);
}

void TestHttpRouter::unknownPathIs404()
{
    Seen seen;
    int authCalls = 0;
    auto router = makeRouter(seen, &authCalls);
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("GET", QStringLiteral("/mcp/extra")), reply);
    QCOMPARE(reply->status(), 404);
    QVERIFY(reply->json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QLatin1String("/mcp/extra")));
    QCOMPARE(seen.calls, 0);
    QCOMPARE(authCalls, 0);
    // Unknown paths share one label, so a scanner cannot grow the metrics without bound.
    QCOMPARE(requests(QStringLiteral("other"), QStringLiteral("GET"), 404), 1.0);
    QCOMPARE(requests(QStringLiteral("/mcp/extra"), QStringLiteral("GET"), 404), 0.0);
}

void TestHttpRouter::wrongMethodIs405WithAllow()
{
    Seen seen;
    auto router = makeRouter(seen);
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("PUT", QStringLiteral("/mcp"),
                           {{"host", "localhost"}, {"authorization", "Bearer good"}}),
                   reply);
    QCOMPARE(reply->status(), 405);
    QCOMPARE(reply->header("Allow"), QByteArray("POST, GET, DELETE"));

    auto health = std::make_shared<FakeHttpReply>();
    router->handle(request("POST", QStringLiteral("/health")), health);
    QCOMPARE(health->status(), 405);
    QCOMPARE(health->header("Allow"), QByteArray("GET"));

    QCOMPARE(seen.calls, 0);
    QCOMPARE(requests(QStringLiteral("/mcp"), QStringLiteral("PUT"), 405), 1.0);
    QCOMPARE(requests(QStringLiteral("/health"), QStringLiteral("POST"), 405), 1.0);
}

void TestHttpRouter::tokenRoute_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<bool>("sendHeader");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("failureReason");

    QTest::newRow("no header") << QByteArray() << false << 401 << QStringLiteral("missing_token");
    QTest::newRow("empty header") << QByteArray() << true << 401 << QStringLiteral("missing_token");
    QTest::newRow("Bearer without token")
        << QByteArray("Bearer ") << true << 401 << QStringLiteral("missing_token");
    QTest::newRow("Basic scheme") << QByteArray("Basic Z29vZDo=") << true << 401
                                  << QStringLiteral("missing_token");
    QTest::newRow("bare token") << QByteArray("good") << true << 401
                                << QStringLiteral("missing_token");
    QTest::newRow("bad token") << QByteArray("Bearer wrong") << true << 401
                               << QStringLiteral("invalid_token");
    QTest::newRow("token case matters")
        << QByteArray("Bearer GOOD") << true << 401 << QStringLiteral("invalid_token");
    QTest::newRow("good token") << QByteArray("Bearer good") << true << 200 << QString();
    QTest::newRow("scheme is case-insensitive")
        << QByteArray("bEaReR good") << true << 200 << QString();
    QTest::newRow("blanks around") << QByteArray("  Bearer   good  ") << true << 200 << QString();
}

void TestHttpRouter::tokenRoute()
{
    QFETCH(QByteArray, authorization);
    QFETCH(bool, sendHeader);
    QFETCH(int, status);
    QFETCH(QString, failureReason);

    Seen seen;
    auto router = makeRouter(seen);
    QList<std::pair<QByteArray, QByteArray>> headers{{"host", "127.0.0.1:8771"}};
    if (sendHeader)
        headers.append({"authorization", authorization});
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("POST", QStringLiteral("/mcp"), headers), reply);

    QCOMPARE(reply->status(), status);
    QCOMPARE(requests(QStringLiteral("/mcp"), QStringLiteral("POST"), status), 1.0);
    if (status == 401) {
        QCOMPARE(seen.calls, 0);
        QCOMPARE(reply->header("WWW-Authenticate"), QByteArray("Bearer realm=\"proxmox-mcp\""));
        QCOMPARE(reply->header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(authFailures(failureReason), 1.0);
        const QString other = failureReason == QLatin1String("missing_token")
                                  ? QStringLiteral("invalid_token")
                                  : QStringLiteral("missing_token");
        QCOMPARE(authFailures(other), 0.0);
    } else {
        QCOMPARE(seen.calls, 1);
        QCOMPARE(seen.last.client.value_or(ClientIdentity()).name, QStringLiteral("claude"));
        QCOMPARE(seen.last.client->readOnly, false);
        QVERIFY(!reply->hasHeader("WWW-Authenticate"));
        QCOMPARE(authFailures(QStringLiteral("missing_token")), 0.0);
        QCOMPARE(authFailures(QStringLiteral("invalid_token")), 0.0);
    }
}

void TestHttpRouter::tokenRouteRecordsReadOnlyIdentity()
{
    Seen seen;
    auto router = makeRouter(seen);
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("GET", QStringLiteral("/mcp"),
                           {{"host", "localhost"}, {"authorization", "Bearer reader"}}),
                   reply);
    QCOMPARE(reply->status(), 200);
    QCOMPARE(seen.last.client.value_or(ClientIdentity()).name, QStringLiteral("viewer"));
    QVERIFY(seen.last.client->readOnly);
}

void TestHttpRouter::tokenCheckedBeforeMethod()
{
    // Without a token, even the list of methods of a protected route stays hidden.
    Seen seen;
    auto router = makeRouter(seen);
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("PUT", QStringLiteral("/mcp")), reply);
    QCOMPARE(reply->status(), 401);
    QVERIFY(!reply->hasHeader("Allow"));
}

void TestHttpRouter::optionalTokenRoute_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<std::optional<QString>>("clientName");

    QTest::newRow("no token") << QByteArray() << std::optional<QString>();
    QTest::newRow("bad token") << QByteArray("Bearer wrong") << std::optional<QString>();
    QTest::newRow("good token") << QByteArray("Bearer good")
                                << std::optional<QString>(QStringLiteral("claude"));
}

void TestHttpRouter::optionalTokenRoute()
{
    QFETCH(QByteArray, authorization);
    QFETCH(std::optional<QString>, clientName);

    Seen seen;
    auto router = makeRouter(seen);
    QList<std::pair<QByteArray, QByteArray>> headers{{"host", "localhost"}};
    if (!authorization.isEmpty())
        headers.append({"authorization", authorization});
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("GET", QStringLiteral("/health"), headers), reply);

    QCOMPARE(reply->status(), 200);
    QCOMPARE(seen.calls, 1);
    QCOMPARE(seen.last.client ? std::optional<QString>(seen.last.client->name) : std::nullopt,
             clientName);
    // Not an authentication failure: the route does not require a token.
    QCOMPARE(authFailures(QStringLiteral("missing_token")), 0.0);
    QCOMPARE(authFailures(QStringLiteral("invalid_token")), 0.0);
    QCOMPARE(requests(QStringLiteral("/health"), QStringLiteral("GET"), 200), 1.0);
}

void TestHttpRouter::publicRouteSkipsAuthenticator()
{
    Seen seen;
    int authCalls = 0;
    auto router = makeRouter(seen, &authCalls);
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("GET", QStringLiteral("/public"),
                           {{"host", "localhost"}, {"authorization", "Bearer good"}}),
                   reply);
    QCOMPARE(reply->status(), 200);
    QCOMPARE(authCalls, 0);
    QVERIFY(!seen.last.client);
}

void TestHttpRouter::withoutAuthenticatorClientIsAnonymous()
{
    Seen seen;
    auto router = makeRouter(seen, nullptr, false);
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("POST", QStringLiteral("/mcp")), reply);
    QCOMPARE(reply->status(), 200);
    QCOMPARE(seen.last.client.value_or(ClientIdentity()).name, QStringLiteral("anonymous"));

    auto publicReply = std::make_shared<FakeHttpReply>();
    router->handle(request("GET", QStringLiteral("/public")), publicReply);
    QVERIFY(!seen.last.client);
}

void TestHttpRouter::asyncAndStreamedRepliesAreCountedOnce()
{
    HttpRouter router(OriginPolicy({}, {}), {}, m_observer.get());
    std::shared_ptr<HttpReply> kept;
    router.addRoute(
        QStringLiteral("/later"), {"POST"}, RouteAccess::Public,
        [&kept](const HttpRequest &, const std::shared_ptr<HttpReply> &reply) { kept = reply; });
    router.addRoute(QStringLiteral("/stream"), {"GET"}, RouteAccess::Public,
                    [](const HttpRequest &, const std::shared_ptr<HttpReply> &reply) {
                        reply->startStream(200, {{"Content-Type", "text/event-stream"}});
                        reply->writeChunk("data: 1\n\n");
                        reply->writeChunk("data: 2\n\n");
                        reply->endStream();
                    });

    auto later = std::make_shared<FakeHttpReply>();
    router.handle(request("POST", QStringLiteral("/later")), later);
    QVERIFY(kept);
    QVERIFY(kept->isOpen());
    QCOMPARE(requests(QStringLiteral("/later"), QStringLiteral("POST"), 202), 0.0);
    kept->send(HttpResponse::empty(202));
    kept->send(HttpResponse::empty(500)); // ignored: the reply is closed
    QCOMPARE(later->status(), 202);
    QVERIFY(!kept->isOpen());
    QCOMPARE(requests(QStringLiteral("/later"), QStringLiteral("POST"), 202), 1.0);
    QCOMPARE(requests(QStringLiteral("/later"), QStringLiteral("POST"), 500), 0.0);

    auto stream = std::make_shared<FakeHttpReply>();
    router.handle(request("GET", QStringLiteral("/stream")), stream);
    QCOMPARE(stream->streamStatus, 200);
    QCOMPARE(stream->chunks, (QList<QByteArray>{"data: 1\n\n", "data: 2\n\n"}));
    QVERIFY(stream->ended);
    QCOMPARE(requests(QStringLiteral("/stream"), QStringLiteral("GET"), 200), 1.0);
    QCOMPARE(answeredOn(QStringLiteral("/stream")), quint64(1));

    // The metered wrapper passes onClosed through.
    bool closed = false;
    std::shared_ptr<HttpReply> waiting;
    router.addRoute(QStringLiteral("/wait"), {"GET"}, RouteAccess::Public,
                    [&](const HttpRequest &, const std::shared_ptr<HttpReply> &reply) {
                        waiting = reply;
                        reply->onClosed([&closed] { closed = true; });
                    });
    auto wait = std::make_shared<FakeHttpReply>();
    router.handle(request("GET", QStringLiteral("/wait")), wait);
    wait->disconnect();
    QVERIFY(closed);
    QVERIFY(!waiting->isOpen());
}

void TestHttpRouter::unusualMethodIsLabelledOther()
{
    Seen seen;
    auto router = makeRouter(seen);
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("BREW", QStringLiteral("/public")), reply);
    QCOMPARE(reply->status(), 405);
    QCOMPARE(requests(QStringLiteral("/public"), QStringLiteral("OTHER"), 405), 1.0);
}

void TestHttpRouter::worksWithoutObserver()
{
    HttpRouter router(
        OriginPolicy({}, {}), [](const QByteArray &) { return std::nullopt; }, nullptr);
    int calls = 0;
    router.addRoute(QStringLiteral("/x"), {"GET"}, RouteAccess::Token,
                    [&calls](const HttpRequest &, const std::shared_ptr<HttpReply> &reply) {
                        ++calls;
                        reply->send(HttpResponse::empty(204));
                    });
    auto denied = std::make_shared<FakeHttpReply>();
    router.handle(request("GET", QStringLiteral("/x"),
                          {{"host", "localhost"}, {"authorization", "Bearer x"}}),
                  denied);
    QCOMPARE(denied->status(), 401);
    auto host = std::make_shared<FakeHttpReply>();
    router.handle(request("GET", QStringLiteral("/x"), {{"host", "evil"}}), host);
    QCOMPARE(host->status(), 403);
    QCOMPARE(calls, 0);
}

void TestHttpRouter::requestLinesNameClientPathAndPeer()
{
    Seen seen;
    auto router = makeRouter(seen);
    auto reply = std::make_shared<FakeHttpReply>();
    HttpRequest req = request("POST", QStringLiteral("/mcp"),
                              {{"host", "localhost:8771"}, {"authorization", "Bearer good"}});
    req.query.addQueryItem(QStringLiteral("token"), QStringLiteral("secret"));
    router->handle(req, reply);
    router->handle(request("GET", QStringLiteral("/public")), std::make_shared<FakeHttpReply>());
    QCOMPARE(m_observer->lines.size(), 2);
    const HttpRequestLine &line = m_observer->lines.first();
    QCOMPARE(line.method, QStringLiteral("POST"));
    QCOMPARE(line.path, QStringLiteral("/mcp")); // never the query
    QCOMPARE(line.status, 200);
    QCOMPARE(line.client, QStringLiteral("claude"));
    QCOMPARE(line.peer, QHostAddress(QHostAddress::LocalHost).toString());
    QVERIFY(line.seconds >= 0);
    QCOMPARE(m_observer->lines.last().client, QString()); // a public route names nobody
}

void TestHttpRouter::refusedTokensNameTheirSource()
{
    Seen seen;
    auto router = makeRouter(seen);
    HttpRequest wrong = request("POST", QStringLiteral("/mcp"),
                                {{"host", "localhost:8771"}, {"authorization", "Bearer bad"}});
    wrong.peer = QHostAddress(QStringLiteral("10.0.0.7"));
    router->handle(wrong, std::make_shared<FakeHttpReply>());
    router->handle(request("GET", QStringLiteral("/mcp")), std::make_shared<FakeHttpReply>());
    QCOMPARE(m_observer->tokenRefusals,
             (QStringList{QStringLiteral("invalid_token 10.0.0.7 /mcp"),
                          QStringLiteral("missing_token %1 /mcp")
                              .arg(QHostAddress(QHostAddress::LocalHost).toString())}));
    QCOMPARE(m_observer->lines.size(), 2);
    QCOMPARE(m_observer->lines.first().status, 401);
}

void TestHttpRouter::adminRoute_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");

    QTest::newRow("no token") << QByteArray() << 401 << s("missing_admin_token");
    QTest::newRow("wrong token") << QByteArray("Bearer wrong") << 401 << s("invalid_admin_token");
    QTest::newRow("an MCP token") << QByteArray("Bearer good") << 401 << s("invalid_admin_token");
    QTest::newRow("an admin token") << QByteArray("Bearer root-admin") << 200 << QString();
}

void TestHttpRouter::adminRoute()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QFETCH(QString, reason);

    Seen seen;
    int mcpAuthCalls = 0;
    auto router = makeRouter(seen, &mcpAuthCalls);
    router->setAdminAuthenticator([](const QByteArray &token) -> std::optional<ClientIdentity> {
        if (token == "root-admin")
            return ClientIdentity{s("desk"), false};
        return std::nullopt;
    });
    router->addRoute(s("/api/admin/status"), {"GET"}, RouteAccess::Admin,
                     [&seen](const HttpRequest &req, const std::shared_ptr<HttpReply> &reply) {
                         ++seen.calls;
                         seen.last = req;
                         reply->send(HttpResponse::text(200, "ok"));
                     });
    QList<std::pair<QByteArray, QByteArray>> headers{{"host", "localhost"}};
    if (!authorization.isEmpty())
        headers.append({"authorization", authorization});
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("GET", s("/api/admin/status"), headers), reply);
    QCOMPARE(reply->status(), status);
    QCOMPARE(mcpAuthCalls, 0);
    if (status == 401) {
        QCOMPARE(seen.calls, 0);
        QCOMPARE(authFailures(reason), 1.0);
        QCOMPARE(reply->header("WWW-Authenticate"),
                 QByteArray("Bearer realm=\"proxmox-mcp-admin\""));
        QCOMPARE(m_observer->tokenRefusals.size(), 1);
    } else {
        QCOMPARE(seen.calls, 1);
        QCOMPARE(seen.last.client.value_or(ClientIdentity()).name, s("desk"));
        QCOMPARE(m_observer->lines.last().client, s("admin:desk"));
    }

    // And the admin token never opens an MCP route.
    auto mcpReply = std::make_shared<FakeHttpReply>();
    router->handle(
        request("POST", s("/mcp"), {{"host", "localhost"}, {"authorization", "Bearer root-admin"}}),
        mcpReply);
    QCOMPARE(mcpReply->status(), 401);
}

void TestHttpRouter::adminRoutesAreOffWithoutAnAdminAuthenticator()
{
    Seen seen;
    auto router = makeRouter(seen);
    router->addRoute(s("/api/admin/status"), {"GET"}, RouteAccess::Admin,
                     [&seen](const HttpRequest &, const std::shared_ptr<HttpReply> &reply) {
                         ++seen.calls;
                         reply->send(HttpResponse::text(200, "ok"));
                     });
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("GET", s("/api/admin/status"),
                           {{"host", "localhost"}, {"authorization", "Bearer good"}}),
                   reply);
    QCOMPARE(reply->status(), 403);
    QCOMPARE(seen.calls, 0);
    QCOMPARE(authFailures(s("admin_disabled")), 1.0);
}

void TestHttpRouter::prefixRoutes_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("handler"); // "" = 404
    QTest::addColumn<QString>("label");

    QTest::newRow("below the prefix")
        << s("/api/admin/clients/abc/approve") << s("clients") << s("/api/admin/clients/*");
    QTest::newRow("the longest prefix wins")
        << s("/api/admin/clients/pending/7") << s("pending") << s("/api/admin/clients/pending/*");
    QTest::newRow("an exact route wins")
        << s("/api/admin/clients/exact") << s("exact") << s("/api/admin/clients/exact");
    QTest::newRow("the prefix alone is not below it")
        << s("/api/admin/clients/") << QString() << s("other");
    QTest::newRow("a sibling is not below it")
        << s("/api/admin/clientsx/1") << QString() << s("other");
}

void TestHttpRouter::prefixRoutes()
{
    QFETCH(QString, path);
    QFETCH(QString, handler);
    QFETCH(QString, label);

    Seen seen;
    auto router = makeRouter(seen);
    QString called;
    const auto named = [&called](const QString &name) {
        return [&called, name](const HttpRequest &, const std::shared_ptr<HttpReply> &reply) {
            called = name;
            reply->send(HttpResponse::text(200, "ok"));
        };
    };
    router->addPrefixRoute(s("/api/admin/clients/"), {"GET"}, RouteAccess::Public,
                           named(s("clients")));
    router->addPrefixRoute(s("/api/admin/clients/pending/"), {"GET"}, RouteAccess::Public,
                           named(s("pending")));
    router->addRoute(s("/api/admin/clients/exact"), {"GET"}, RouteAccess::Public,
                     named(s("exact")));
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(request("GET", path), reply);
    QCOMPARE(called, handler);
    QCOMPARE(reply->status(), handler.isEmpty() ? 404 : 200);
    QCOMPARE(answeredOn(label), quint64(1));
}

void TestHttpRouter::routesListsEveryRoute()
{
    Seen seen;
    auto router = makeRouter(seen);
    const auto ok = [](const HttpRequest &, const std::shared_ptr<HttpReply> &reply) {
        reply->send(HttpResponse::text(200, "ok"));
    };
    router->addRoute(s("/api/admin/status"), {"GET"}, RouteAccess::Admin, ok);
    router->addPrefixRoute(s("/api/admin/clients/"), {"POST"}, RouteAccess::Admin, ok);
    QStringList listed;
    for (const HttpRouter::RouteInfo &route : router->routes())
        listed.append(route.path + (route.prefix ? s("*") : QString()) + u' ' +
                      QString::fromLatin1(route.methods.join(',')) +
                      (route.access == RouteAccess::Admin ? s(" admin") : QString()));
    QCOMPARE(listed, (QStringList{s("/api/admin/status GET admin"), s("/health GET"),
                                  s("/mcp POST,GET,DELETE"), s("/public GET"),
                                  s("/api/admin/clients/* POST admin")}));
}

void TestHttpRouter::aBurstOfWrongTokensGets429_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    QTest::newRow("mcp") << s("/mcp") << s("throttled");
    QTest::newRow("admin") << s("/api/admin/status") << s("throttled_admin");
}

void TestHttpRouter::aBurstOfWrongTokensGets429()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    Seen seen;
    auto router = makeRouter(seen);
    router->setAdminAuthenticator([](const QByteArray &token) -> std::optional<ClientIdentity> {
        if (token == "root-admin")
            return ClientIdentity{s("desk"), false};
        return std::nullopt;
    });
    router->addRoute(s("/api/admin/status"), {"GET"}, RouteAccess::Admin,
                     [](const HttpRequest &, const std::shared_ptr<HttpReply> &reply) {
                         reply->send(HttpResponse::text(200, "ok"));
                     });
    const QByteArray method = path == s("/mcp") ? "POST" : "GET";
    const QByteArray good = path == s("/mcp") ? "Bearer good" : "Bearer root-admin";
    const auto send = [&](const QByteArray &authorization, const QHostAddress &peer) {
        HttpRequest r =
            request(method, path, {{"host", "localhost"}, {"authorization", authorization}});
        r.peer = peer;
        auto reply = std::make_shared<FakeHttpReply>();
        router->handle(r, reply);
        return reply;
    };
    const QHostAddress guesser(s("192.0.2.7"));
    for (int i = 0; i < AuthThrottle::kBurst; ++i)
        QCOMPARE(send("Bearer guess", guesser)->status(), 401);
    const auto throttled = send("Bearer guess", guesser);
    QCOMPARE(throttled->status(), 429);
    const int retryAfter = throttled->header("Retry-After").toInt();
    QVERIFY2(retryAfter >= 1 && retryAfter <= 6, throttled->header("Retry-After").constData());
    QVERIFY(m_observer->tokenRefusals.last().startsWith(reason + s(" 192.0.2.7")));
    // Guessing on keeps the address waiting.
    QCOMPARE(send("Bearer guess2", guesser)->status(), 429);
    // A client with the right token behind the same address is not locked out.
    QCOMPARE(send(good, guesser)->status(), 200);
    QCOMPARE(send("Bearer guess3", guesser)->status(), 429);
    // Another address is not affected.
    QCOMPARE(send("Bearer guess", QHostAddress(s("192.0.2.8")))->status(), 401);
    QCOMPARE(router->throttle().trackedAddresses(), 2);
}

void TestHttpRouter::adminNetworks_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QByteArray>("forwardedFor");
    QTest::addColumn<int>("status");
    QTest::newRow("inside") << s("10.1.2.3") << QByteArray() << 200;
    QTest::newRow("outside") << s("192.0.2.1") << QByteArray() << 403;
    QTest::newRow("IPv4 on an IPv6 socket") << s("::ffff:10.1.2.3") << QByteArray() << 200;
    QTest::newRow("through the trusted proxy") << s("172.16.0.1") << QByteArray("10.9.9.9") << 200;
    QTest::newRow("outsider through the trusted proxy")
        << s("172.16.0.1") << QByteArray("10.9.9.9, 192.0.2.1") << 403;
    QTest::newRow("spoofed header from an untrusted peer")
        << s("192.0.2.1") << QByteArray("10.9.9.9") << 403;
    QTest::newRow("a garbled header stops at the proxy")
        << s("172.16.0.1") << QByteArray("10.9.9.9, not-an-address") << 403;
}

void TestHttpRouter::adminNetworks()
{
    QFETCH(QString, peer);
    QFETCH(QByteArray, forwardedFor);
    QFETCH(int, status);
    Seen seen;
    auto router = makeRouter(seen);
    router->setAdminAuthenticator([](const QByteArray &token) -> std::optional<ClientIdentity> {
        if (token == "root-admin")
            return ClientIdentity{s("desk"), false};
        return std::nullopt;
    });
    router->setAdminNetworks(*NetworkList::parse({s("10.0.0.0/8")}));
    router->setTrustedProxies(*NetworkList::parse({s("172.16.0.1")}));
    router->addRoute(s("/api/admin/status"), {"GET"}, RouteAccess::Admin,
                     [&seen](const HttpRequest &req, const std::shared_ptr<HttpReply> &reply) {
                         seen.last = req;
                         reply->send(HttpResponse::text(200, "ok"));
                     });
    Headers headers{{"host", "localhost"}, {"authorization", "Bearer root-admin"}};
    if (!forwardedFor.isEmpty())
        headers.append({"x-forwarded-for", forwardedFor});
    HttpRequest r = request("GET", s("/api/admin/status"), headers);
    r.peer = QHostAddress(peer);
    auto reply = std::make_shared<FakeHttpReply>();
    router->handle(r, reply);
    QCOMPARE(reply->status(), status);
    if (status == 403) {
        QCOMPARE(authFailures(s("admin_network")), 1.0);
        QVERIFY(reply->json()[QLatin1String("error")][QLatin1String("message")].toString().contains(
            s("ADMIN_ALLOWED_NETWORKS")));
    } else if (!forwardedFor.isEmpty()) {
        QCOMPARE(seen.last.peer, QHostAddress(s("10.9.9.9")));
    }
}

QTEST_GUILESS_MAIN(TestHttpRouter)
#include "TestHttpRouter.moc"
