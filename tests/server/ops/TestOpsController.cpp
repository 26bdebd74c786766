#include "server/ops/OpsController.h"

#include "shared/core/Version.h"
#include "server/http/HttpRouter.h"
#include "server/ops/HealthReport.h"
#include "server/ops/HttpMetrics.h"
#include "server/ops/MetricsRegistry.h"
#include "tests/support/FakeHttpReply.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace pmcp;

namespace {

// A router with the ops routes, an authenticator that knows one token, and a health report
// whose probes the test controls.
struct Fixture {
    explicit Fixture(OpsController::Options options, bool withAuthenticator = true)
    {
        HttpMetrics::declare(metrics);
        metrics.declareGauge(QStringLiteral("pmcp_test_gauge"), QStringLiteral("Test gauge."));
        health.addProbe([this] {
            return HealthCheck{QStringLiteral("state_dir"), stateStatus,
                               QStringLiteral("/var/lib/secret-place")};
        });
        HttpRouter::Authenticator authenticator;
        if (withAuthenticator) {
            authenticator = [](const QByteArray &token) -> std::optional<ClientIdentity> {
                if (token == "good")
                    return ClientIdentity{QStringLiteral("alice"), false};
                return std::nullopt;
            };
        }
        router = std::make_unique<HttpRouter>(OriginPolicy({}, {}), authenticator, &httpMetrics);
        ops = std::make_unique<OpsController>(options, &health, &metrics, [this] {
            ++refreshes;
            metrics.setGauge(QStringLiteral("pmcp_test_gauge"), refreshes);
        });
        ops->registerRoutes(*router);
    }

    std::shared_ptr<testing::FakeHttpReply> get(const QString &path, const QByteArray &token = {},
                                                const QByteArray &accept = {},
                                                const QByteArray &method = "GET")
    {
        HttpRequest request;
        request.method = method;
        request.path = path;
        request.headers.emplace_back("host", "127.0.0.1:8080");
        if (!token.isEmpty())
            request.headers.emplace_back("authorization", "Bearer " + token);
        if (!accept.isEmpty())
            request.headers.emplace_back("accept", accept);
        request.peer = QHostAddress::LocalHost;
        auto reply = std::make_shared<testing::FakeHttpReply>();
        router->handle(request, reply);
        return reply;
    }

    MetricsRegistry metrics;
    HttpMetrics httpMetrics{&metrics};
    HealthReport health;
    QString stateStatus = QStringLiteral("ok");
    int refreshes = 0;
    std::unique_ptr<HttpRouter> router;
    std::unique_ptr<OpsController> ops;
};

} // namespace

class TestOpsController final : public QObject {
    Q_OBJECT

private slots:
    void descriptor_data();
    void descriptor();
    void healthStatusCodes_data();
    void healthStatusCodes();
    void healthDetailsNeedAValidToken_data();
    void healthDetailsNeedAValidToken();
    void healthShowsDetailsWhenAuthIsOff();
    void metricsNeedATokenUnlessPublic_data();
    void metricsNeedATokenUnlessPublic();
    void metricsRefreshGaugesBeforeRendering();
    void docsNegotiateTheFormat_data();
    void docsNegotiateTheFormat();
    void openApiUsesTheMcpPath();
    void wrongMethodIs405();
};

void TestOpsController::descriptor_data()
{
    QTest::addColumn<bool>("authEnabled");
    QTest::addColumn<QString>("auth");
    QTest::newRow("bearer") << true << QStringLiteral("bearer");
    QTest::newRow("no auth") << false << QStringLiteral("none");
}

void TestOpsController::descriptor()
{
    QFETCH(bool, authEnabled);
    QFETCH(QString, auth);
    Fixture fixture({QStringLiteral("/api/mcp"), false, authEnabled, {}, {}}, authEnabled);
    const auto reply = fixture.get(QStringLiteral("/"));
    QVERIFY(reply->answered());
    QCOMPARE(reply->status(), 200);
    const QJsonObject json = reply->json();
    QCOMPARE(json[QLatin1String("name")].toString(), QStringLiteral("proxmox-mcpd"));
    QCOMPARE(json[QLatin1String("version")].toString(), productVersion());
    QCOMPARE(json[QLatin1String("mcp")][QLatin1String("path")].toString(),
             QStringLiteral("/api/mcp"));
    QCOMPARE(json[QLatin1String("mcp")][QLatin1String("transport")].toString(),
             QStringLiteral("streamable-http"));
    QCOMPARE(json[QLatin1String("mcp")][QLatin1String("auth")].toString(), auth);
    QCOMPARE(json[QLatin1String("health")].toString(), QStringLiteral("/health"));
    QCOMPARE(json[QLatin1String("metrics")].toString(), QStringLiteral("/metrics"));
    QCOMPARE(json[QLatin1String("docs")].toString(), QStringLiteral("/docs"));
}

void TestOpsController::healthStatusCodes_data()
{
    QTest::addColumn<QString>("probe");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("overall");
    QTest::newRow("ok") << QStringLiteral("ok") << 200 << QStringLiteral("healthy");
    QTest::newRow("warn") << QStringLiteral("warn") << 200 << QStringLiteral("degraded");
    QTest::newRow("fail") << QStringLiteral("fail") << 503 << QStringLiteral("unhealthy");
}

void TestOpsController::healthStatusCodes()
{
    QFETCH(QString, probe);
    QFETCH(int, status);
    QFETCH(QString, overall);
    Fixture fixture({});
    fixture.stateStatus = probe;
    const auto reply = fixture.get(QStringLiteral("/health"));
    QCOMPARE(reply->status(), status);
    QCOMPARE(reply->json()[QLatin1String("status")].toString(), overall);
    QCOMPARE(reply->header("Cache-Control"), QByteArray("no-store"));
    QCOMPARE(reply->header("Content-Type"), QByteArray("application/json"));
}

void TestOpsController::healthDetailsNeedAValidToken_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("detailed");
    QTest::newRow("no token") << QByteArray() << false;
    QTest::newRow("wrong token") << QByteArray("bad") << false;
    QTest::newRow("valid token") << QByteArray("good") << true;
}

void TestOpsController::healthDetailsNeedAValidToken()
{
    QFETCH(QByteArray, token);
    QFETCH(bool, detailed);
    Fixture fixture({});
    const auto reply = fixture.get(QStringLiteral("/health"), token);
    // /health never refuses: a wrong token only means fewer details.
    QCOMPARE(reply->status(), 200);
    const QJsonObject check =
        reply->json()[QLatin1String("checks")][QLatin1String("state_dir")].toObject();
    QCOMPARE(check[QLatin1String("status")].toString(), QStringLiteral("ok"));
    QCOMPARE(check.contains(QLatin1String("detail")), detailed);
    QCOMPARE(reply->body().contains("secret-place"), detailed);
}

void TestOpsController::healthShowsDetailsWhenAuthIsOff()
{
    Fixture fixture({QStringLiteral("/api/mcp"), false, false, {}, {}}, false);
    const auto reply = fixture.get(QStringLiteral("/health"));
    QCOMPARE(reply->status(), 200);
    QCOMPARE(
        reply->json()[QLatin1String("checks")][QLatin1String("state_dir")][QLatin1String("detail")]
            .toString(),
        QStringLiteral("/var/lib/secret-place"));
}

void TestOpsController::metricsNeedATokenUnlessPublic_data()
{
    QTest::addColumn<bool>("metricsPublic");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("status");
    QTest::newRow("private, no token") << false << QByteArray() << 401;
    QTest::newRow("private, wrong token") << false << QByteArray("bad") << 401;
    QTest::newRow("private, valid token") << false << QByteArray("good") << 200;
    QTest::newRow("public, no token") << true << QByteArray() << 200;
}

void TestOpsController::metricsNeedATokenUnlessPublic()
{
    QFETCH(bool, metricsPublic);
    QFETCH(QByteArray, token);
    QFETCH(int, status);
    Fixture fixture({QStringLiteral("/api/mcp"), metricsPublic, true, {}, {}});
    const auto reply = fixture.get(QStringLiteral("/metrics"), token);
    QCOMPARE(reply->status(), status);
    if (status == 401) {
        QVERIFY(reply->header("WWW-Authenticate").startsWith("Bearer"));
        QCOMPARE(fixture.refreshes, 0);
        return;
    }
    QCOMPARE(reply->header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    QVERIFY(reply->body().contains("# TYPE pmcp_test_gauge gauge"));
}

void TestOpsController::metricsRefreshGaugesBeforeRendering()
{
    Fixture fixture({});
    fixture.get(QStringLiteral("/metrics"), "good");
    const auto reply = fixture.get(QStringLiteral("/metrics"), "good");
    QCOMPARE(fixture.refreshes, 2);
    QVERIFY2(reply->body().contains("\npmcp_test_gauge 2\n"), reply->body().constData());
    // The first request is already counted by the router's metrics.
    QVERIFY(reply->body().contains(
        "pmcp_http_requests_total{route=\"/metrics\",method=\"GET\",status=\"200\"} 1"));
}

void TestOpsController::docsNegotiateTheFormat_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<bool>("json");
    QTest::newRow("no accept") << QStringLiteral("/docs") << QByteArray() << false;
    QTest::newRow("browser") << QStringLiteral("/docs")
                             << QByteArray("text/html,application/xhtml+xml,*/*;q=0.8") << false;
    QTest::newRow("json") << QStringLiteral("/docs") << QByteArray("application/json") << true;
    QTest::newRow("json first") << QStringLiteral("/docs")
                                << QByteArray("application/json, text/html") << true;
    QTest::newRow("html first") << QStringLiteral("/docs")
                                << QByteArray("text/html, application/json") << false;
    QTest::newRow("openapi.json") << QStringLiteral("/docs/openapi.json") << QByteArray("text/html")
                                  << true;
}

void TestOpsController::docsNegotiateTheFormat()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, accept);
    QFETCH(bool, json);
    Fixture fixture({});
    const auto reply = fixture.get(path, {}, accept);
    QCOMPARE(reply->status(), 200);
    if (json) {
        QCOMPARE(reply->header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(reply->json()[QLatin1String("openapi")].toString(), QStringLiteral("3.1.0"));
    } else {
        QCOMPARE(reply->header("Content-Type"), QByteArray("text/html; charset=utf-8"));
        QVERIFY(reply->body().startsWith("<!DOCTYPE html>"));
    }
}

void TestOpsController::openApiUsesTheMcpPath()
{
    Fixture fixture({QStringLiteral("/other/mcp"), false, true, {}, {}});
    const auto reply = fixture.get(QStringLiteral("/docs/openapi.json"));
    const QJsonObject paths = reply->json()[QLatin1String("paths")].toObject();
    QVERIFY(paths.contains(QLatin1String("/other/mcp")));
    QVERIFY(!paths.contains(QLatin1String("/api/mcp")));
    QCOMPARE(fixture.get(QStringLiteral("/"))
                 ->json()[QLatin1String("mcp")][QLatin1String("path")]
                 .toString(),
             QStringLiteral("/other/mcp"));
}

void TestOpsController::wrongMethodIs405()
{
    Fixture fixture({});
    const auto reply = fixture.get(QStringLiteral("/health"), {}, {}, "POST");
    QCOMPARE(reply->status(), 405);
    QCOMPARE(reply->header("Allow"), QByteArray("GET"));
}

QTEST_GUILESS_MAIN(TestOpsController)
#include "TestOpsController.moc"
