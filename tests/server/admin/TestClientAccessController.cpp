#include "server/admin/ClientAccessController.h"

#include "server/auth/ClientStore.h"
#include "server/events/EventBus.h"
#include "server/oauth/ClientUsage.h"
#include "server/oauth/OAuthStore.h"
#include "tests/support/FakeHttpReply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

const QString kChallenge = QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

// The admin routes on a router with an MCP authenticator (token "mcp") and an admin one
// (token "admin"), as the daemon has them.
struct Fixture {
    Fixture()
        : tokens(dir.path())
        , oauth(dir.path())
        , usage(dir.path())
        , router(
              OriginPolicy({}, {}),
              [](const QByteArray &token) -> std::optional<ClientIdentity> {
                  if (token == "mcp")
                      return ClientIdentity{QStringLiteral("claude"), false};
                  return std::nullopt;
              },
              nullptr)
        , controller({&tokens, &oauth, &usage, &events, [this] { ++changes; }})
    {
        oauth.setRecheckIntervalMs(0);
        router.setAdminAuthenticator([](const QByteArray &token) -> std::optional<ClientIdentity> {
            if (token == "admin")
                return ClientIdentity{QStringLiteral("desk"), false};
            return std::nullopt;
        });
        controller.registerRoutes(router);
    }

    std::shared_ptr<testing::FakeHttpReply> send(const QByteArray &method, const QString &path,
                                                 const QByteArray &body = {},
                                                 const QByteArray &token = "admin")
    {
        HttpRequest request;
        request.method = method;
        request.path = path;
        request.headers.emplace_back("host", "127.0.0.1:8080");
        if (!token.isEmpty())
            request.headers.emplace_back("authorization", "Bearer " + token);
        if (!body.isEmpty())
            request.headers.emplace_back("content-type", "application/json");
        request.body = body;
        auto reply = std::make_shared<testing::FakeHttpReply>();
        router.handle(request, reply);
        return reply;
    }

    QString pendingRequest()
    {
        const QString clientId =
            oauth
                .registerClient(QStringLiteral("Claude"), {QStringLiteral("https://claude.ai/cb")},
                                QStringLiteral("dcr"))
                .value()
                .clientId;
        return oauth
            .createRequest({clientId,
                            QStringLiteral("https://claude.ai/cb"),
                            {},
                            kChallenge,
                            QStringLiteral("http://127.0.0.1:8080/api/mcp"),
                            {}})
            .value()
            .first.id;
    }

    QTemporaryDir dir;
    ClientStore tokens;
    OAuthStore oauth;
    ClientUsage usage;
    EventBus events;
    HttpRouter router;
    int changes = 0;
    ClientAccessController controller;
};

QString messageOf(const std::shared_ptr<testing::FakeHttpReply> &reply)
{
    return reply->json()
        .value(QLatin1String("error"))
        .toObject()
        .value(QLatin1String("message"))
        .toString();
}

} // namespace

class TestClientAccessController final : public QObject {
    Q_OBJECT
private slots:
    void everyRouteNeedsAnAdminToken_data();
    void everyRouteNeedsAnAdminToken();
    void approveAPendingRequest();
    void approvalRefusals_data();
    void approvalRefusals();
    void rejectAPendingRequest();
    void createAndListStaticTokensBesideGrants();
    void revokeEitherKindWithAReason();
};

void TestClientAccessController::everyRouteNeedsAnAdminToken_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("list") << QByteArray("GET") << "/api/admin/clients";
    QTest::newRow("create") << QByteArray("POST") << "/api/admin/clients";
    QTest::newRow("revoke") << QByteArray("POST") << "/api/admin/clients/x/revoke";
    QTest::newRow("pending") << QByteArray("GET") << "/api/admin/clients/pending";
    QTest::newRow("approve") << QByteArray("POST")
                             << "/api/admin/clients/pending/ABCD-EFGH/approve";
    QTest::newRow("reject") << QByteArray("POST") << "/api/admin/clients/pending/ABCD-EFGH/reject";
}

void TestClientAccessController::everyRouteNeedsAnAdminToken()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    Fixture f;
    QCOMPARE(f.send(method, path, {}, {})->status(), 401);      // no token
    QCOMPARE(f.send(method, path, {}, "wrong")->status(), 401); // a wrong one
    QCOMPARE(f.send(method, path, {}, "mcp")->status(), 401);   // an MCP client's token
    const int status = f.send(method, path, "{}", "admin")->status();
    QVERIFY2(status != 401 && status != 403, qPrintable(QString::number(status)));
}

void TestClientAccessController::approveAPendingRequest()
{
    Fixture f;
    const QString id = f.pendingRequest();
    auto reply = f.send("GET", QStringLiteral("/api/admin/clients/pending"));
    QCOMPARE(reply->status(), 200);
    const QJsonArray pending = reply->json().value(QLatin1String("requests")).toArray();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.first().toObject().value(QLatin1String("id")).toString(), id);
    QCOMPARE(pending.first().toObject().value(QLatin1String("redirectHost")).toString(),
             QStringLiteral("claude.ai"));

    reply = f.send("POST", QStringLiteral("/api/admin/clients/pending/%1/approve").arg(id),
                   R"({"scope":"tools:list_vms,qemu_start","expiresDays":30})");
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->json().value(QLatin1String("status")).toString(), QStringLiteral("approved"));
    QCOMPARE(f.changes, 1);
    const OAuthGrant grant = f.oauth.read().value().grants.first();
    QCOMPARE(grant.scope, QStringLiteral("tools:list_vms,qemu_start"));
    QCOMPARE(grant.approvedBy, QStringLiteral("admin:desk"));
    QCOMPARE(grant.created.daysTo(grant.expires), 30);
    QVERIFY(f.send("GET", QStringLiteral("/api/admin/clients/pending"))
                ->json()
                .value(QLatin1String("requests"))
                .toArray()
                .isEmpty());
    reply = f.send("POST", QStringLiteral("/api/admin/clients/pending/%1/approve").arg(id),
                   R"({"scope":"full","expiresDays":30})");
    QCOMPARE(reply->status(), 409);
}

void TestClientAccessController::approvalRefusals_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("key");
    QTest::newRow("no scope") << QByteArray(R"({"expiresDays":30})") << 400 << "scope";
    QTest::newRow("bad scope") << QByteArray(R"({"scope":"admin","expiresDays":30})") << 400
                               << "scope";
    QTest::newRow("no expiry") << QByteArray(R"({"scope":"full"})") << 400 << "expiresDays";
    QTest::newRow("too short") << QByteArray(R"({"scope":"full","expiresDays":6})") << 400
                               << "expiresDays";
    QTest::newRow("too long") << QByteArray(R"({"scope":"full","expiresDays":366})") << 400
                              << "expiresDays";
    QTest::newRow("fraction") << QByteArray(R"({"scope":"full","expiresDays":7.5})") << 400
                              << "expiresDays";
    QTest::newRow("not json") << QByteArray("scope=full") << 400 << "";
}

void TestClientAccessController::approvalRefusals()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, key);
    Fixture f;
    const QString id = f.pendingRequest();
    const auto reply =
        f.send("POST", QStringLiteral("/api/admin/clients/pending/%1/approve").arg(id), body);
    QCOMPARE(reply->status(), status);
    QCOMPARE(reply->json()
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("key"))
                 .toString(),
             key);
    QVERIFY(f.oauth.read().value().grants.isEmpty());
    QCOMPARE(f.send("POST", QStringLiteral("/api/admin/clients/pending/AAAA-AAAA/approve"),
                    R"({"scope":"full","expiresDays":30})")
                 ->status(),
             404);
    QCOMPARE(f.send("POST", QStringLiteral("/api/admin/clients/pending/%1/bless").arg(id), "{}")
                 ->status(),
             404);
}

void TestClientAccessController::rejectAPendingRequest()
{
    Fixture f;
    const QString id = f.pendingRequest();
    const auto reply =
        f.send("POST", QStringLiteral("/api/admin/clients/pending/%1/reject").arg(id));
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->json().value(QLatin1String("status")).toString(), QStringLiteral("rejected"));
    QCOMPARE(f.oauth.read().value().requests.first().decidedBy, QStringLiteral("admin:desk"));
    QCOMPARE(
        f.send("POST", QStringLiteral("/api/admin/clients/pending/%1/reject").arg(id))->status(),
        409);
}

void TestClientAccessController::createAndListStaticTokensBesideGrants()
{
    Fixture f;
    auto reply = f.send("POST", QStringLiteral("/api/admin/clients"),
                        R"({"name":"scripts","scope":"read-only","expiresDays":10})");
    QCOMPARE(reply->status(), 201);
    const QString token = reply->json().value(QLatin1String("token")).toString();
    QVERIFY(f.tokens.authenticate(token.toLatin1()));
    QVERIFY(f.tokens.authenticate(token.toLatin1())->readOnly);
    QCOMPARE(
        f.send("POST", QStringLiteral("/api/admin/clients"), R"({"name":"x","scope":"tools:a"})")
            ->status(),
        400);
    QCOMPARE(
        f.send("POST", QStringLiteral("/api/admin/clients"), R"({"name":"bad name!"})")->status(),
        400);
    QCOMPARE(
        f.send("POST", QStringLiteral("/api/admin/clients"), R"({"name":"scripts"})")->status(),
        409);
    const QString id = f.pendingRequest();
    QVERIFY(f.oauth.approve(id, OAuthScope::full(), 7, QStringLiteral("t")).ok());
    f.usage.called(QStringLiteral("scripts"), QDateTime::currentDateTimeUtc());
    reply = f.send("GET", QStringLiteral("/api/admin/clients"));
    QCOMPARE(reply->status(), 200);
    const QJsonArray list = reply->json().value(QLatin1String("clients")).toArray();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).toObject().value(QLatin1String("kind")).toString(),
             QStringLiteral("token"));
    QCOMPARE(list.at(0).toObject().value(QLatin1String("calls")).toInt(), 1);
    QCOMPARE(list.at(1).toObject().value(QLatin1String("kind")).toString(),
             QStringLiteral("oauth"));
    QCOMPARE(list.at(1).toObject().value(QLatin1String("scope")).toString(),
             QStringLiteral("full"));
}

void TestClientAccessController::revokeEitherKindWithAReason()
{
    Fixture f;
    const QString token = f.tokens.create(QStringLiteral("scripts"), false, 0).value();
    const QString id = f.pendingRequest();
    const QString grant =
        f.oauth.approve(id, OAuthScope::full(), 7, QStringLiteral("t")).value().grantName;
    auto reply = f.send("POST", QStringLiteral("/api/admin/clients/%1/revoke").arg(grant),
                        R"({"reason":"lost laptop"})");
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->json().value(QLatin1String("kind")).toString(), QStringLiteral("oauth"));
    QCOMPARE(f.oauth.read().value().grants.first().revokeReason, QStringLiteral("lost laptop"));
    reply = f.send("POST", QStringLiteral("/api/admin/clients/scripts/revoke"),
                   R"({"reason":"rotated"})");
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->json().value(QLatin1String("kind")).toString(), QStringLiteral("token"));
    QVERIFY(!f.tokens.authenticate(token.toLatin1()));
    QCOMPARE(f.events.since(0).last().type, QStringLiteral("client.revoked"));
    QCOMPARE(f.events.since(0).last().data.value(QLatin1String("reason")).toString(),
             QStringLiteral("rotated"));
    QCOMPARE(f.send("POST", QStringLiteral("/api/admin/clients/nobody/revoke"))->status(), 404);
    QVERIFY(messageOf(f.send("POST", QStringLiteral("/api/admin/clients/nobody/revoke")))
                .contains(QLatin1String("nobody")));
    QCOMPARE(f.send("POST", QStringLiteral("/api/admin/clients/scripts/delete"))->status(), 404);
}

QTEST_GUILESS_MAIN(TestClientAccessController)
#include "TestClientAccessController.moc"
