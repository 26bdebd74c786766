#include "server/app/Daemon.h"
#include "server/app/ShutdownSignals.h"
#include "server/events/EventBus.h"
#include "server/oauth/OAuthStore.h"

#include "server/audit/AuditLog.h"
#include "server/exec/CommandExecutor.h"
#include "server/auth/ClientStore.h"
#include "shared/core/Version.h"
#include "server/mcp/JsonSchemaValidator.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/SessionManager.h"
#include "tests/support/DaemonTestFixture.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace pmcp;
using namespace pmcp::test;

class TestDaemon final : public QObject, private DaemonTestFixture {
    Q_OBJECT

private slots:
    void initTestCase() { generateCertificate(); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void mcpRefusesMissingOrWrongTokens_data();
    void mcpRefusesMissingOrWrongTokens();
    void oauthGrantWorksUntilItExpires();
    void revokedTokenIsRefusedWithinSeconds();
    void fullMcpFlow();
    void hostAndOriginAreChecked_data();
    void hostAndOriginAreChecked();
    void healthHidesDetailsWithoutToken();
    void healthIs503WhenAProbeFails();
    void metricsNeedATokenAndPassPromtool();
    void metricsCanBePublic();
    void docsAndOpenApi();
    void descriptor();
    void oversizedBodyIs413AndServingGoesOn();
    void readOnlyClientSeesOnlyReadOnlyTools();
    void slowToolDoesNotBlockOtherRequests();
    void authOffOnPublicAddressIsRefused();
    void listensOnLoopbackNames_data();
    void listensOnLoopbackNames();
    void refusesHostNamesItCannotBind();
    void invalidConfigRefusesToStart_data();
    void invalidConfigRefusesToStart();
    void unsafeStateDirRefusesToStart();
    void servesHttpsWithTheConfiguredCertificate();
    void toolFiltersNarrowTheListAndRefuseCalls_data();
    void toolFiltersNarrowTheListAndRefuseCalls();
    void proxmoxToolsAndHealthAgainstTheSimulator();
    void reloadAppliesLiveKeysAndReportsTheRest();
    void reloadRefusesAnInvalidFileAndKeepsRunning();
    void reloadAppliesTheAdminNetworksLive();
    void sighupReloads();
    void reloadReplacesTheCommandPolicy();
    void executeCommandOverSshWithAudit();
    void proxmoxFailoverIsLoggedToSessions();
    void proxmoxContextIsOffered();
};

void TestDaemon::mcpRefusesMissingOrWrongTokens_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("no token") << QByteArray();
    QTest::newRow("never issued") << QByteArray("pmcp_" + QByteArray(43, 'A'));
    QTest::newRow("garbage") << QByteArray("not-a-token");
}

void TestDaemon::mcpRefusesMissingOrWrongTokens()
{
    QFETCH(QByteArray, token);
    QVERIFY(start(baseConfig()));
    const Answer answer = rpc(token, initializeRequest(1, QStringLiteral("intruder")));
    QVERIFY2(answer.status == 401, qPrintable(answer.describe()));
    QVERIFY2(answer.header("www-authenticate").startsWith("Bearer"), qPrintable(answer.describe()));
    QVERIFY(answer.header("mcp-session-id").isEmpty());
    QCOMPARE(m_daemon->sessions()->count(), 0);
}

void TestDaemon::oauthGrantWorksUntilItExpires()
{
    QVERIFY(start(baseConfig()));
    const Answer anonymous = rpc({}, initializeRequest(1, QStringLiteral("anonymous")));
    QCOMPARE(anonymous.status, 401);
    const QByteArray metadata = "/.well-known/oauth-protected-resource/api/mcp";
    QVERIFY2(
        anonymous.header("www-authenticate")
            .contains("resource_metadata=\"" + m_daemon->baseUrl().toLatin1() + metadata + '"'),
        qPrintable(anonymous.describe()));
    const Answer resource = get(QString::fromLatin1(metadata));
    QCOMPARE(resource.json().value(QLatin1String("resource")).toString(),
             m_daemon->baseUrl() + QStringLiteral("/api/mcp"));

    QDateTime now = QDateTime::currentDateTimeUtc();
    OAuthStore &oauth = m_daemon->oauth();
    oauth.setClock([&now] { return now; });
    const QString verifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    const QString redirect = QStringLiteral("http://127.0.0.1:5000/callback");
    const QString own = m_daemon->baseUrl() + QStringLiteral("/api/mcp");
    const auto tokensFor = [&](const QString &resourceUri) {
        const QString clientId = oauth
                                     .registerClient(QStringLiteral("Tester"),
                                                     {QStringLiteral("http://127.0.0.1/callback")},
                                                     QStringLiteral("cli"))
                                     .value()
                                     .clientId;
        const auto [request, key] =
            oauth
                .createRequest({clientId,
                                redirect,
                                {},
                                QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
                                resourceUri,
                                {}})
                .value();
        OAuthStore cli(m_stateDir); // approved from another process
        cli.setClock([&now] { return now; });
        [&] {
            QVERIFY(cli.approve(request.id, OAuthScope::readOnly(), 7, QStringLiteral("cli:test"))
                        .ok());
        }();
        const QString code = oauth.browserView(key).value().code;
        return std::get<IssuedTokens>(
            oauth.exchangeCode({code, clientId, redirect, verifier, resourceUri}));
    };
    const IssuedTokens tokens = tokensFor(own);
    const Answer init =
        rpc(tokens.accessToken.toLatin1(), initializeRequest(2, QStringLiteral("oauth")));
    QVERIFY2(init.status == 200, qPrintable(init.describe()));
    // Read-only: the changing tools are not offered.
    QVERIFY(!init.header("mcp-session-id").isEmpty());
    // The daemon announced the approval (it looks every second).
    QTRY_VERIFY_WITH_TIMEOUT(
        [this] {
            for (const AdminEvent &event : m_daemon->events().since(0))
                if (event.type == QLatin1String("client.approved"))
                    return true;
            return false;
        }(),
        5000);
    // A token issued for another resource is refused here.
    const IssuedTokens elsewhere = tokensFor(QStringLiteral("http://other.example:1/api/mcp"));
    QCOMPARE(
        rpc(elsewhere.accessToken.toLatin1(), initializeRequest(3, QStringLiteral("x"))).status,
        401);
    // Seven days later the grant is over (the clock is the store's).
    now = now.addDays(7);
    QCOMPARE(
        rpc(tokens.accessToken.toLatin1(), initializeRequest(4, QStringLiteral("late"))).status,
        401);
}

void TestDaemon::revokedTokenIsRefusedWithinSeconds()
{
    QVERIFY(start(baseConfig()));
    QVERIFY(!openSession(m_token).isEmpty());
    // Revoked by another process, as `proxmox-mcpd clients revoke` does.
    ClientStore cli(m_stateDir);
    QVERIFY(cli.revoke(QStringLiteral("alice")).ok());
    const auto status = [this] {
        return rpc(m_token, initializeRequest(1, QStringLiteral("after-revoke"))).status;
    };
    QTRY_COMPARE_WITH_TIMEOUT(status(), 401, 5000);
    // Other clients are not affected.
    QVERIFY(!openSession(m_readOnlyToken).isEmpty());
}

void TestDaemon::fullMcpFlow()
{
    QVERIFY(start(baseConfig()));

    const Answer init = rpc(m_token, initializeRequest(1, QStringLiteral("flow-test")));
    QVERIFY2(init.status == 200, qPrintable(init.describe()));
    const QByteArray sessionId = init.header("mcp-session-id");
    QVERIFY(!sessionId.isEmpty());
    const QJsonObject initResult = init.result();
    QCOMPARE(initResult[QLatin1String("protocolVersion")].toString(), QStringLiteral("2025-11-25"));
    QCOMPARE(initResult[QLatin1String("serverInfo")][QLatin1String("version")].toString(),
             productVersion());
    QVERIFY(initResult[QLatin1String("capabilities")].toObject().contains(QLatin1String("tools")));

    const Answer initialized = rpc(m_token, initializedNotification(), sessionId);
    QVERIFY2(initialized.status == 202, qPrintable(initialized.describe()));
    QVERIFY(initialized.body.isEmpty());

    const Answer list = rpc(m_token, rpcRequest(2, QStringLiteral("tools/list")), sessionId);
    QVERIFY2(list.status == 200, qPrintable(list.describe()));
    const QJsonObject serverInfo = toolNamed(list.result(), QStringLiteral("server_info"));
    QVERIFY2(!serverInfo.isEmpty(), qPrintable(list.describe()));
    const QJsonObject outputSchema = serverInfo[QLatin1String("outputSchema")].toObject();
    QCOMPARE(outputSchema[QLatin1String("type")].toString(), QStringLiteral("object"));
    QCOMPARE(serverInfo[QLatin1String("inputSchema")][QLatin1String("type")].toString(),
             QStringLiteral("object"));
    const QJsonObject annotations = serverInfo[QLatin1String("annotations")].toObject();
    QCOMPARE(annotations[QLatin1String("readOnlyHint")].toBool(), true);
    // destructiveHint means nothing for a read-only tool and is left out.
    QVERIFY(!annotations.contains(QLatin1String("destructiveHint")));

    const Answer call = rpc(m_token,
                            rpcRequest(3, QStringLiteral("tools/call"),
                                       {{QStringLiteral("name"), QStringLiteral("server_info")},
                                        {QStringLiteral("arguments"), QJsonObject{}}}),
                            sessionId);
    QVERIFY2(call.status == 200, qPrintable(call.describe()));
    const QJsonObject response = call.rpc();
    QCOMPARE(response[QLatin1String("id")].toInt(), 3);
    const QJsonObject result = response[QLatin1String("result")].toObject();
    QVERIFY(!result[QLatin1String("isError")].toBool());
    const QJsonObject data = result[QLatin1String("structuredContent")].toObject();
    const auto violations = JsonSchemaValidator(outputSchema).validate(data);
    QVERIFY2(violations.isEmpty(), qPrintable(JsonSchemaValidator::describe(violations)));
    QCOMPARE(data[QLatin1String("client")].toString(), QStringLiteral("alice"));
    QCOMPARE(data[QLatin1String("read_only_client")].toBool(), false);
    QCOMPARE(data[QLatin1String("backends")].toArray(), QJsonArray());
    QCOMPARE(data[QLatin1String("version")].toString(), productVersion());
    // A text block with the same data for older clients.
    QVERIFY(!result[QLatin1String("content")].toArray().isEmpty());

    QCOMPARE(m_daemon->sessions()->count(), 1);
    const Answer deleted =
        request("DELETE", Daemon::mcpPath(),
                {{"Authorization", "Bearer " + m_token}, {"Mcp-Session-Id", sessionId}});
    QVERIFY2(deleted.status == 200, qPrintable(deleted.describe()));
    QCOMPARE(m_daemon->sessions()->count(), 0);
    const Answer after = rpc(m_token, rpcRequest(4, QStringLiteral("tools/list")), sessionId);
    QVERIFY2(after.status == 404, qPrintable(after.describe()));
}

void TestDaemon::hostAndOriginAreChecked_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("status");
    QTest::newRow("evil host, mcp")
        << Daemon::mcpPath() << QByteArray("Host") << QByteArray("evil.example.com") << 403;
    QTest::newRow("evil host, health")
        << QStringLiteral("/health") << QByteArray("Host") << QByteArray("evil.example.com") << 403;
    QTest::newRow("evil origin, mcp") << Daemon::mcpPath() << QByteArray("Origin")
                                      << QByteArray("http://evil.example.com") << 403;
    QTest::newRow("evil origin, descriptor") << QStringLiteral("/") << QByteArray("Origin")
                                             << QByteArray("http://evil.example.com") << 403;
    QTest::newRow("localhost host")
        << QStringLiteral("/") << QByteArray("Host") << QByteArray("localhost:9") << 200;
    QTest::newRow("loopback origin")
        << Daemon::mcpPath() << QByteArray("Origin") << QByteArray("http://127.0.0.1:3000") << 200;
}

void TestDaemon::hostAndOriginAreChecked()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QFETCH(int, status);
    QVERIFY(start(baseConfig()));
    const Headers headers = mcpHeaders(m_token) << std::pair(header, value);
    const Answer answer =
        path == Daemon::mcpPath()
            ? request("POST", path, headers,
                      QJsonDocument(initializeRequest(1, QStringLiteral("origin-test"))).toJson())
            : get(path, headers);
    QVERIFY2(answer.status == status, qPrintable(answer.describe()));
    if (status == 403)
        QCOMPARE(m_daemon->sessions()->count(), 0);
}

void TestDaemon::healthHidesDetailsWithoutToken()
{
    QVERIFY(start(baseConfig()));
    const Answer anonymous = get(QStringLiteral("/health"));
    QVERIFY2(anonymous.status == 200, qPrintable(anonymous.describe()));
    const QJsonObject report = anonymous.json();
    QCOMPARE(report.keys(), (QStringList{QStringLiteral("checks"), QStringLiteral("status"),
                                         QStringLiteral("uptime_s"), QStringLiteral("version")}));
    QCOMPARE(report[QLatin1String("status")].toString(), QStringLiteral("healthy"));
    QCOMPARE(report[QLatin1String("version")].toString(), productVersion());
    QVERIFY(report[QLatin1String("uptime_s")].isDouble());
    const QJsonObject checks = report[QLatin1String("checks")].toObject();
    QVERIFY(checks.contains(QLatin1String("state_dir")));
    QVERIFY(checks.contains(QLatin1String("clients")));
    for (const QJsonValue &check : checks)
        QVERIFY(!check.toObject().contains(QLatin1String("detail")));
    QVERIFY(!anonymous.body.contains(m_stateDir.toUtf8()));

    const Answer detailed = get(QStringLiteral("/health"), bearer(m_token));
    QVERIFY2(detailed.status == 200, qPrintable(detailed.describe()));
    QCOMPARE(detailed.checkDetail(QStringLiteral("state_dir")), m_stateDir);
    QVERIFY(detailed.checkDetail(QStringLiteral("clients")).contains(QLatin1String("2 active")));
}

void TestDaemon::healthIs503WhenAProbeFails()
{
    QVERIFY(start(baseConfig()));
    QCOMPARE(get(QStringLiteral("/health")).status, 200);
    QVERIFY(QDir(m_stateDir).removeRecursively());
    const Answer answer = get(QStringLiteral("/health"));
    QVERIFY2(answer.status == 503, qPrintable(answer.describe()));
    QCOMPARE(answer.json()[QLatin1String("status")].toString(), QStringLiteral("unhealthy"));
    QCOMPARE(answer.check(QStringLiteral("state_dir"))[QLatin1String("status")].toString(),
             QStringLiteral("fail"));
}

void TestDaemon::metricsNeedATokenAndPassPromtool()
{
    QVERIFY(start(baseConfig()));
    const Answer anonymous = get(QStringLiteral("/metrics"));
    QVERIFY2(anonymous.status == 401, qPrintable(anonymous.describe()));

    const QByteArray sessionId = openSession(m_token);
    QVERIFY(!sessionId.isEmpty());
    const Answer call = rpc(m_token, toolCallRequest(2, QStringLiteral("server_info")), sessionId);
    QCOMPARE(call.status, 200);

    const Answer metrics = get(QStringLiteral("/metrics"), bearer(m_token));
    QVERIFY2(metrics.status == 200, qPrintable(metrics.describe()));
    QVERIFY(metrics.header("content-type").startsWith("text/plain; version=0.0.4"));
    const QByteArray text = metrics.body;
    QVERIFY(text.contains("# TYPE pmcp_http_requests_total counter"));
    QVERIFY(text.contains("pmcp_http_requests_total{"));
    QVERIFY2(
        text.contains(
            "pmcp_mcp_requests_total{method=\"tools/call\",tool=\"server_info\",outcome=\"ok\"} 1"),
        text.constData());
    QVERIFY(text.contains("pmcp_build_info{version=\"" + productVersion().toUtf8()));
    QVERIFY(text.contains("\npmcp_mcp_sessions_open 1\n"));
    // Metrics never name clients.
    QVERIFY(!text.contains("alice"));

    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty())
        QSKIP("promtool is not installed");
    QProcess process;
    process.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(process.waitForStarted());
    process.write(text);
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(30000));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             (process.readAllStandardOutput() + process.readAllStandardError()).constData());
}

void TestDaemon::metricsCanBePublic()
{
    QVERIFY(start(baseConfig({{ConfigKey::MetricsPublic, QStringLiteral("true")}})));
    const Answer answer = get(QStringLiteral("/metrics"));
    QVERIFY2(answer.status == 200, qPrintable(answer.describe()));
    QVERIFY(answer.body.contains("pmcp_build_info"));
    // The MCP endpoint still needs its token.
    QCOMPARE(rpc({}, rpcRequest(1, QStringLiteral("ping"))).status, 401);
}

void TestDaemon::docsAndOpenApi()
{
    QVERIFY(start(baseConfig()));
    const Answer html = get(QStringLiteral("/docs"), {{"Accept", "text/html"}});
    QVERIFY2(html.status == 200, qPrintable(html.describe()));
    QVERIFY(html.header("content-type").startsWith("text/html"));
    QVERIFY(html.body.startsWith("<!DOCTYPE html>"));
    QVERIFY(html.body.contains("POST /api/mcp"));
    // The tools the daemon offers, and the lines that connect a client to this very address.
    QVERIFY2(html.body.contains("<dt><code>server_info</code> (read-only)</dt>"),
             html.body.constData());
    QVERIFY2(html.body.contains(QStringLiteral("claude mcp add --transport http proxmox "
                                               "http://127.0.0.1:%1/api/mcp")
                                    .arg(m_daemon->port())
                                    .toUtf8()),
             html.body.constData());

    const Answer negotiated = get(QStringLiteral("/docs"), {{"Accept", "application/json"}});
    QCOMPARE(negotiated.status, 200);
    QCOMPARE(negotiated.json()[QLatin1String("openapi")].toString(), QStringLiteral("3.1.0"));

    const Answer openApi = get(QStringLiteral("/docs/openapi.json"));
    QVERIFY2(openApi.status == 200, qPrintable(openApi.describe()));
    QVERIFY(openApi.header("content-type").startsWith("application/json"));
    const QJsonObject api = openApi.json();
    QCOMPARE(api[QLatin1String("openapi")].toString(), QStringLiteral("3.1.0"));
    const QJsonObject paths = api[QLatin1String("paths")].toObject();
    for (const QString &path :
         {QStringLiteral("/api/mcp"), QStringLiteral("/health"), QStringLiteral("/metrics")})
        QVERIFY2(paths.contains(path), qPrintable(path));
    QCOMPARE(negotiated.json(), api);
}

void TestDaemon::descriptor()
{
    QVERIFY(start(baseConfig()));
    const Answer answer = get(QStringLiteral("/"));
    QVERIFY2(answer.status == 200, qPrintable(answer.describe()));
    const QJsonObject json = answer.json();
    QCOMPARE(json[QLatin1String("name")].toString(), QStringLiteral("proxmox-mcpd"));
    QCOMPARE(json[QLatin1String("version")].toString(), productVersion());
    QCOMPARE(json[QLatin1String("mcp")][QLatin1String("path")].toString(), Daemon::mcpPath());
    QCOMPARE(json[QLatin1String("mcp")][QLatin1String("auth")].toString(),
             QStringLiteral("bearer"));
    QCOMPARE(get(QStringLiteral("/no/such/path")).status, 404);
}

void TestDaemon::oversizedBodyIs413AndServingGoesOn()
{
    Config config = baseConfig({{ConfigKey::McpMaxBodyBytes, QStringLiteral("2048")}});
    QVERIFY(config.isValid());
    QVERIFY(start(config));
    QJsonObject params = initializeParams(QStringLiteral("big"));
    params.insert(QStringLiteral("padding"), QString(4096, QLatin1Char('x')));
    const Answer big = rpc(m_token, rpcRequest(1, QStringLiteral("initialize"), params));
    QVERIFY2(big.status == 413, qPrintable(big.describe()));
    QCOMPARE(m_daemon->sessions()->count(), 0);

    // The daemon keeps serving, with bodies under the limit.
    QCOMPARE(get(QStringLiteral("/health")).status, 200);
    QVERIFY(!openSession(m_token).isEmpty());
    const Answer metrics = get(QStringLiteral("/metrics"), bearer(m_token));
    QVERIFY2(metrics.body.contains("pmcp_http_rejected_total{status=\"413\"} 1"),
             metrics.body.constData());
}

void TestDaemon::readOnlyClientSeesOnlyReadOnlyTools()
{
    QVERIFY(start(baseConfig()));
    QVERIFY(m_daemon->mcp().tools().add(changingTool()).ok());
    QCOMPARE(firstPageOfTools(m_token),
             (QStringList{QStringLiteral("server_info"), QStringLiteral("change_something")}));
    QCOMPARE(firstPageOfTools(m_readOnlyToken), QStringList{QStringLiteral("server_info")});

    const QByteArray sessionId = openSession(m_readOnlyToken);
    const Answer call =
        rpc(m_readOnlyToken, toolCallRequest(3, QStringLiteral("change_something")), sessionId);
    QCOMPARE(call.errorCode(), -32602);
    const Answer info =
        rpc(m_readOnlyToken, toolCallRequest(4, QStringLiteral("server_info")), sessionId);
    const QJsonObject data = info.result()[QLatin1String("structuredContent")].toObject();
    QCOMPARE(data[QLatin1String("read_only_client")].toBool(), true);
    QCOMPARE(data[QLatin1String("client")].toString(), QStringLiteral("reader"));
    QCOMPARE(data[QLatin1String("tool_count")].toInt(), 1);
}

void TestDaemon::slowToolDoesNotBlockOtherRequests()
{
    QVERIFY(start(baseConfig()));
    const auto state = std::make_shared<SlowToolState>();
    QVERIFY(m_daemon->mcp().tools().add(slowTool(state)).ok());
    const QByteArray slowSession = openSession(m_token);
    const QByteArray otherSession = openSession(m_readOnlyToken);
    QVERIFY(!slowSession.isEmpty() && !otherSession.isEmpty());

    QElapsedTimer slowTimer;
    slowTimer.start();
    QNetworkReply *slow =
        sendRpc(m_token, toolCallRequest(10, QStringLiteral("slow_tool")), slowSession);
    QTRY_VERIFY_WITH_TIMEOUT(state->started, 2000);

    // While the tool runs, another session and another route answer at once.
    const Answer list =
        rpc(m_readOnlyToken, rpcRequest(11, QStringLiteral("tools/list")), otherSession);
    QVERIFY2(list.status == 200, qPrintable(list.describe()));
    QVERIFY2(list.elapsedMs < 500,
             qPrintable(QStringLiteral("tools/list took %1 ms").arg(list.elapsedMs)));
    const Answer health = get(QStringLiteral("/health"));
    QCOMPARE(health.status, 200);
    QVERIFY(health.elapsedMs < 500);
    QVERIFY2(!state->finished && !slow->isFinished(),
             "the slow call ended before the other requests were answered");

    const Answer slowAnswer = wait(slow, slowTimer);
    QVERIFY2(slowAnswer.status == 200, qPrintable(slowAnswer.describe()));
    QVERIFY(slowAnswer.elapsedMs >= 1900);
    QCOMPARE(slowAnswer.result()[QLatin1String("content")][0][QLatin1String("text")].toString(),
             QStringLiteral("done"));
}

void TestDaemon::authOffOnPublicAddressIsRefused()
{
    Config config = baseConfig({{ConfigKey::McpRequireAuth, QStringLiteral("false")},
                                {ConfigKey::McpHost, QStringLiteral("0.0.0.0")}});
    Daemon daemon(config);
    const auto started = daemon.startHttp();
    QVERIFY(!started.ok());
    QVERIFY2(started.error().message.contains(QLatin1String("MCP_REQUIRE_AUTH")),
             qPrintable(started.error().message));
    QVERIFY2(started.error().message.contains(QLatin1String("without authentication")),
             qPrintable(started.error().message));
    QCOMPARE(daemon.port(), quint16(0));

    // On loopback, serving without tokens is allowed.
    QVERIFY(start(baseConfig({{ConfigKey::McpRequireAuth, QStringLiteral("false")}})));
    QVERIFY(!openSession({}).isEmpty());
}

void TestDaemon::listensOnLoopbackNames_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("ipv6");
    // The configuration accepts these as loopback (also with MCP_REQUIRE_AUTH=false).
    QTest::newRow("localhost") << QStringLiteral("localhost") << false;
    QTest::newRow("LOCALHOST.") << QStringLiteral("LOCALHOST.") << false;
    QTest::newRow("::1") << QStringLiteral("::1") << true;
    QTest::newRow("[::1]") << QStringLiteral("[::1]") << true;
}

void TestDaemon::listensOnLoopbackNames()
{
    QFETCH(QString, host);
    QFETCH(bool, ipv6);
    if (ipv6 && !hasIpv6Loopback())
        QSKIP("no IPv6 loopback here");
    Config config = baseConfig(
        {{ConfigKey::McpHost, host}, {ConfigKey::McpRequireAuth, QStringLiteral("false")}});
    QVERIFY2(config.isValid(), qPrintable(config.problems().value(0).message()));
    m_daemon = std::make_unique<Daemon>(config);
    const auto started = m_daemon->startHttp();
    QVERIFY2(started.ok(), qPrintable(started.error().message));
    QVERIFY(m_daemon->port() != 0);
    QCOMPARE(QUrl(m_daemon->baseUrl()).port(), int(m_daemon->port()));
    QVERIFY2(QUrl(m_daemon->baseUrl()).isValid(), qPrintable(m_daemon->baseUrl()));
    const Answer answer = get(QStringLiteral("/"));
    QVERIFY2(answer.status == 200, qPrintable(answer.describe()));
}

void TestDaemon::refusesHostNamesItCannotBind()
{
    Config config = baseConfig({{ConfigKey::McpHost, QStringLiteral("mcp.example.com")}});
    QVERIFY(config.isValid());
    Daemon daemon(config);
    const auto started = daemon.startHttp();
    QVERIFY(!started.ok());
    QVERIFY2(started.error().message.startsWith(QLatin1String("MCP_HOST: ")),
             qPrintable(started.error().message));
    QVERIFY(started.error().message.contains(QLatin1String("mcp.example.com")));
    QCOMPARE(daemon.port(), quint16(0));
}

void TestDaemon::invalidConfigRefusesToStart_data()
{
    QTest::addColumn<ConfigKey>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("port") << ConfigKey::McpPort << QStringLiteral("80a");
    QTest::newRow("log level") << ConfigKey::LogLevel << QStringLiteral("LOUD");
    QTest::newRow("body limit") << ConfigKey::McpMaxBodyBytes << QStringLiteral("10");
    QTest::newRow("missing certificate")
        << ConfigKey::McpTlsCert << QStringLiteral("/nonexistent/cert.pem");
}

void TestDaemon::invalidConfigRefusesToStart()
{
    QFETCH(ConfigKey, key);
    QFETCH(QString, value);
    Config config = baseConfig({{key, value}});
    if (key == ConfigKey::McpTlsCert)
        config.set(ConfigKey::McpTlsKey, QStringLiteral("/nonexistent/key.pem"));
    Daemon daemon(config);
    const auto started = daemon.startHttp();
    QVERIFY(!started.ok());
    QCOMPARE(started.error().code, ErrorCode::InvalidArgument);
    QVERIFY2(started.error().message.contains(configKeyName(key) + QStringLiteral(": ")),
             qPrintable(started.error().message));
    QCOMPARE(daemon.port(), quint16(0));
}

void TestDaemon::unsafeStateDirRefusesToStart()
{
    // StrictModes: a STATE_DIR another user may write is refused, not quietly tightened.
    QVERIFY(QFile::setPermissions(m_stateDir, QFileDevice::Permissions(0x7777)));
    Daemon daemon(baseConfig());
    const auto started = daemon.startHttp();
    QVERIFY(!started.ok());
    QVERIFY2(started.error().message.contains(QStringLiteral("chmod go-w '%1'").arg(m_stateDir)),
             qPrintable(started.error().message));
    QCOMPARE(daemon.port(), quint16(0));
    QCOMPARE(QFileInfo(m_stateDir).permissions() & QFileDevice::WriteOther,
             QFileDevice::WriteOther);
}

void TestDaemon::servesHttpsWithTheConfiguredCertificate()
{
    if (m_certificate.isNull())
        QSKIP("openssl is not installed");
    Config config =
        baseConfig({{ConfigKey::McpTlsCert, m_tlsDir.filePath(QStringLiteral("cert.pem"))},
                    {ConfigKey::McpTlsKey, m_tlsDir.filePath(QStringLiteral("key.pem"))}});
    QVERIFY(start(config));
    QVERIFY(m_daemon->baseUrl().startsWith(QLatin1String("https://127.0.0.1:")));

    // Without trusting the certificate, the handshake fails.
    const Answer untrusted = get(QStringLiteral("/health"));
    QCOMPARE(untrusted.error, QNetworkReply::SslHandshakeFailedError);

    // Trust exactly that certificate, and nothing else.
    QList<QSslError> seen;
    trustOnly(m_certificate, &seen);
    const Answer health = get(QStringLiteral("/health"), bearer(m_token));
    QVERIFY2(health.status == 200, qPrintable(health.describe()));
    QVERIFY(!seen.isEmpty());
    QCOMPARE(health.checkDetail(QStringLiteral("state_dir")), m_stateDir);
    QVERIFY(!openSession(m_token).isEmpty());

    // Plain HTTP on the HTTPS port gets no answer.
    const Answer refused = plainHttpGet(QStringLiteral("/health"));
    QVERIFY2(refused.status != 200, qPrintable(refused.describe()));
}

void TestDaemon::toolFiltersNarrowTheListAndRefuseCalls_data()
{
    QTest::addColumn<ConfigKey>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("listed");    // all of these are listed
    QTest::addColumn<QStringList>("notListed"); // none of these; calls to them fail
    QTest::addColumn<int>("exactCount");        // -1: at least listed.size()

    QTest::newRow("allow") << ConfigKey::McpToolsAllow
                           << QStringLiteral("list_vms, vm_status,server_info")
                           << QStringList{QStringLiteral("list_vms"), QStringLiteral("vm_status"),
                                          QStringLiteral("server_info")}
                           << QStringList{QStringLiteral("qemu_start"),
                                          QStringLiteral("proxmox_api")}
                           << 3;
    QTest::newRow("deny") << ConfigKey::McpToolsDeny << QStringLiteral("proxmox_api,qemu_stop")
                          << QStringList{QStringLiteral("list_vms"), QStringLiteral("qemu_start")}
                          << QStringList{QStringLiteral("proxmox_api"), QStringLiteral("qemu_stop")}
                          << -1;
    // The default profile: the daily-administration tools, not the rest.
    QTest::newRow("core profile")
        << ConfigKey::McpToolProfile << QStringLiteral("core")
        << QStringList{QStringLiteral("list_vms"), QStringLiteral("vm_action"),
                       QStringLiteral("task_stop"), QStringLiteral("snapshot_create")}
        << QStringList{QStringLiteral("qemu_migrate"), QStringLiteral("access_acl")} << -1;
    QTest::newRow("categories") << ConfigKey::McpToolCategories << QStringLiteral("server,qemu")
                                << QStringList{QStringLiteral("server_info"),
                                               QStringLiteral("qemu_start"),
                                               QStringLiteral("qemu_stop")}
                                << QStringList{QStringLiteral("lxc_start"),
                                               QStringLiteral("proxmox_api"),
                                               QStringLiteral("list_vms")}
                                << -1;
}

void TestDaemon::toolFiltersNarrowTheListAndRefuseCalls()
{
    QFETCH(ConfigKey, key);
    QFETCH(QString, value);
    QFETCH(QStringList, listed);
    QFETCH(QStringList, notListed);
    QFETCH(int, exactCount);
    Config config = proxmoxConfig();
    QVERIFY2(start(config), "the daemon starts without a filter (profile full)");
    const auto everything = listedTools(m_token).size();
    m_daemon.reset();
    QVERIFY(everything >= 60);
    config.set(key, value);
    QVERIFY(config.isValid());
    QVERIFY(start(config));

    const QStringList names = listedTools(m_token);
    for (const QString &name : listed)
        QVERIFY2(names.contains(name), qPrintable(name + QStringLiteral(" is not listed")));
    for (const QString &name : notListed)
        QVERIFY2(!names.contains(name), qPrintable(name + QStringLiteral(" is listed")));
    if (exactCount >= 0)
        QCOMPARE(names.size(), exactCount);
    else
        QVERIFY(names.size() < everything);

    const QByteArray sessionId = openSession(m_token);
    int id = 50;
    for (const QString &name : notListed) {
        const Answer call = rpc(m_token,
                                toolCallRequest(++id, name,
                                                {{QStringLiteral("node"), QStringLiteral("pve1")},
                                                 {QStringLiteral("vmid"), 100},
                                                 {QStringLiteral("confirm"), true}}),
                                sessionId);
        QVERIFY2(call.errorCode() == -32602,
                 qPrintable(name + QStringLiteral(": ") + call.describe()));
    }
    const Answer allowed = rpc(m_token, toolCallRequest(++id, listed.first()), sessionId);
    QVERIFY2(allowed.rpc().contains(QLatin1String("result")), qPrintable(allowed.describe()));
}

void TestDaemon::proxmoxToolsAndHealthAgainstTheSimulator()
{
    Config config = proxmoxConfig();
    config.set(ConfigKey::McpToolProfile, Config::defaults().string(ConfigKey::McpToolProfile));
    QVERIFY(start(config));
    // The default profile is core: about two dozen tools, the original ones among them.
    const QStringList core = listedTools(m_token);
    QVERIFY2(core.size() >= 20 && core.size() <= 30, qPrintable(core.join(u',')));
    for (const char *name : {"proxmox_api", "list_vms", "vm_status", "vm_action", "node_status"})
        QVERIFY2(core.contains(QLatin1String(name)), name);
    m_daemon.reset();
    config.set(ConfigKey::McpToolProfile, QStringLiteral("full"));
    QVERIFY(start(config));
    const QStringList names = listedTools(m_token);
    QVERIFY2(names.size() >= 60, qPrintable(names.join(u',')));
    for (const char *name : {"proxmox_api", "list_vms", "vm_status", "vm_action", "node_status"})
        QVERIFY2(names.contains(QLatin1String(name)), name);

    const QByteArray sessionId = openSession(m_token);
    const Answer list = rpc(m_token, toolCallRequest(2, QStringLiteral("list_vms")), sessionId);
    const QJsonObject result = list.result();
    QVERIFY2(!result[QLatin1String("isError")].toBool() &&
                 result.contains(QLatin1String("structuredContent")),
             qPrintable(list.describe()));
    QVERIFY(list.body.contains("pve1"));

    // The probe answers in the background: "warn" (not checked yet) until the simulator replied.
    QJsonObject proxmox;
    QTRY_COMPARE((proxmox = get(QStringLiteral("/health"), bearer(m_token))
                                .check(QStringLiteral("proxmox")))[QLatin1String("status")]
                     .toString(),
                 QStringLiteral("ok"));
    const QString detail = proxmox[QLatin1String("detail")].toString();
    QVERIFY2(detail.startsWith(QStringLiteral("default: Proxmox VE ")), qPrintable(detail));
    const QJsonObject anonymous = get(QStringLiteral("/health")).check(QStringLiteral("proxmox"));
    QCOMPARE(anonymous[QLatin1String("status")].toString(), QStringLiteral("ok"));
    QVERIFY(!anonymous.contains(QLatin1String("detail")));
}

void TestDaemon::proxmoxFailoverIsLoggedToSessions()
{
    Config config = proxmoxConfig();
    // The simulator listens on 127.0.0.1 only: the first address refuses the connection.
    config.set(ConfigKey::ProxmoxHost, QStringLiteral("127.0.0.2,127.0.0.1"));
    QVERIFY(start(config));
    QSignalSpy logs(&m_daemon->mcp(), &McpServer::sessionLog);
    const QByteArray sessionId = openSession(m_token);
    const Answer list = rpc(m_token, toolCallRequest(2, QStringLiteral("list_vms")), sessionId);
    QVERIFY2(!list.result()[QLatin1String("isError")].toBool(), qPrintable(list.describe()));
    QTRY_VERIFY(!logs.isEmpty());
    QCOMPARE(logs.first().at(0).value<LogLevel>(), LogLevel::Warning);
    const QJsonObject params =
        logs.first().at(1).toJsonObject().value(QLatin1String("params")).toObject();
    QCOMPARE(params.value(QLatin1String("logger")).toString(), QStringLiteral("proxmox"));
    QCOMPARE(params.value(QLatin1String("data")).toObject(),
             (QJsonObject{{QStringLiteral("event"), QStringLiteral("failover")},
                          {QStringLiteral("target"), QStringLiteral("default")},
                          {QStringLiteral("from"), QStringLiteral("127.0.0.2")},
                          {QStringLiteral("to"), QStringLiteral("127.0.0.1")}}));
}

void TestDaemon::proxmoxContextIsOffered()
{
    QVERIFY(start(proxmoxConfig()));
    const QByteArray sessionId = openSession(m_token);
    const auto call = [&](int id, const char *method, const QJsonObject &params) {
        return rpc(m_token,
                   QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                               {QStringLiteral("id"), id},
                               {QStringLiteral("method"), QString::fromLatin1(method)},
                               {QStringLiteral("params"), params}},
                   sessionId)
            .result();
    };
    const QJsonArray templates =
        call(3, "resources/templates/list", {})[QLatin1String("resourceTemplates")].toArray();
    QCOMPARE(templates.size(), 4);
    QCOMPARE(call(4, "prompts/list", {})[QLatin1String("prompts")].toArray().size(), 5);
    const QJsonObject nodes =
        call(5, "completion/complete",
             {{QStringLiteral("ref"),
               QJsonObject{{QStringLiteral("type"), QStringLiteral("ref/prompt")},
                           {QStringLiteral("name"), QStringLiteral("node_maintenance")}}},
              {QStringLiteral("argument"),
               QJsonObject{{QStringLiteral("name"), QStringLiteral("node")},
                           {QStringLiteral("value"), QStringLiteral("pve")}}}});
    QCOMPARE(nodes[QLatin1String("completion")][QLatin1String("values")].toArray(),
             (QJsonArray{QStringLiteral("pve1"), QStringLiteral("pve2"), QStringLiteral("pve3")}));
}

void TestDaemon::executeCommandOverSshWithAudit()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
    LoopbackSshd sshd;
    QVERIFY2(sshd.start(), qPrintable(sshd.error()));
    QVERIFY(sshd.addClientKey(QStringLiteral("id_ed25519"), QStringLiteral("ed25519")));
    QVERIFY(start(sshConfig(sshd, QStringLiteral("id_ed25519"))));
    const QByteArray sessionId = openSession(m_token);
    QVERIFY(!sessionId.isEmpty());

    const Answer echo =
        rpc(m_token,
            toolCallRequest(2, QStringLiteral("execute_command"),
                            {{QStringLiteral("command"), QStringLiteral("echo hello-from-ssh")}}),
            sessionId);
    QVERIFY2(echo.status == 200, qPrintable(echo.describe()));
    const QJsonObject ran = echo.result()[QLatin1String("structuredContent")].toObject();
    QVERIFY2(!echo.result()[QLatin1String("isError")].toBool(), qPrintable(echo.describe()));
    QCOMPARE(ran[QLatin1String("status")].toString(), QStringLiteral("success"));
    QVERIFY2(ran[QLatin1String("output")].toString().contains(QLatin1String("hello-from-ssh")),
             qPrintable(echo.describe()));
    QCOMPARE(ran[QLatin1String("exit_status")].toInt(-1), 0);

    const Answer rm =
        rpc(m_token,
            toolCallRequest(3, QStringLiteral("execute_command"),
                            {{QStringLiteral("command"), QStringLiteral("rm -rf /")}}),
            sessionId);
    QVERIFY2(rm.status == 200, qPrintable(rm.describe()));
    QVERIFY2(rm.result()[QLatin1String("isError")].toBool(), qPrintable(rm.describe()));
    const QJsonObject denied = rm.result()[QLatin1String("structuredContent")].toObject();
    QCOMPARE(denied[QLatin1String("status")].toString(), QStringLiteral("denied"));
    QCOMPARE(denied[QLatin1String("rule")].toString(), QStringLiteral("rm-root"));

    const Answer metrics = get(QStringLiteral("/metrics"), bearer(m_token));
    QVERIFY2(metrics.status == 200, qPrintable(metrics.describe()));
    QVERIFY2(metrics.body.contains("\npmcp_commands_denied_total{rule=\"rm-root\"} 1\n"),
             metrics.body.constData());

    const QString auditDir = AuditLog::directoryIn(m_stateDir);
    QTRY_VERIFY_WITH_TIMEOUT(
        AuditLog::verify(auditDir, AuditLog::keyPathIn(m_stateDir)).entriesChecked >= 2, 5000);
    const AuditVerification verified = AuditLog::verify(auditDir, AuditLog::keyPathIn(m_stateDir));
    QVERIFY2(verified.ok, qPrintable(verified.reason));
    QByteArray audit;
    for (QDirIterator files(auditDir, QDir::Files); files.hasNext();) {
        QFile file(files.next());
        if (file.open(QIODevice::ReadOnly))
            audit += file.readAll();
    }
    QVERIFY2(audit.contains("denied:rm-root"), audit.constData());
    sshd.stop();
}

namespace {

// A configuration file for the test's state directory, no backends, plus lines.
QString writeConfigFile(const QString &dir, const QString &stateDir, const QByteArray &lines)
{
    const QString path = dir + QStringLiteral("/proxmox-mcp.env");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write("STATE_DIR=" + stateDir.toUtf8() +
               "\nMCP_PORT=0\nENABLE_PROXMOX_API=false\nENABLE_SSH=false\n"
               "MCP_TOOL_PROFILE=full\n" +
               lines);
    file.close();
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

} // namespace

void TestDaemon::reloadAppliesLiveKeysAndReportsTheRest()
{
    const QString path = writeConfigFile(m_dir->path(), m_stateDir, {});
    m_daemon = std::make_unique<Daemon>(Config::load(path, QProcessEnvironment()));
    m_daemon->setConfigFile(path, QProcessEnvironment());
    QVERIFY(m_daemon->startHttp().ok());
    const QByteArray session = openSession(m_token);
    QVERIFY(!session.isEmpty());
    QVERIFY(listedTools(m_token).contains(QStringLiteral("server_info")));

    writeConfigFile(m_dir->path(), m_stateDir,
                    "MCP_TOOLS_DENY=server_info\nMCP_SESSION_IDLE_S=60\nAUDIT_KEEP_DAYS=30\n"
                    "MCP_HOST=localhost\nMCP_MAX_SESSIONS_PER_CLIENT=3\n");
    const auto reloaded = m_daemon->reload();
    QVERIFY(reloaded.ok());
    QCOMPARE(reloaded.value().applied,
             QStringList({QStringLiteral("MCP_SESSION_IDLE_S"),
                          QStringLiteral("MCP_MAX_SESSIONS_PER_CLIENT"),
                          QStringLiteral("MCP_TOOLS_DENY"), QStringLiteral("AUDIT_KEEP_DAYS")}));
    QCOMPARE(reloaded.value().restartNeeded, QStringList{QStringLiteral("MCP_HOST")});
    // Applied to the running objects; the session opened before goes on.
    QVERIFY(!listedTools(m_token).contains(QStringLiteral("server_info")));
    QCOMPARE(m_daemon->sessions()->maxSessionsPerClient(), 3);
    QCOMPARE(rpc(m_token, rpcRequest(9, QStringLiteral("ping")), session).status, 200);
    QCOMPARE(m_daemon->currentConfig().string(ConfigKey::McpHost), QStringLiteral("localhost"));
    QCOMPARE(m_daemon->config().string(ConfigKey::McpHost), QStringLiteral("127.0.0.1"));
    // A reload without a kept version (an edit by hand, then SIGHUP) is still announced.
    const QList<AdminEvent> events = m_daemon->events().since(0);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].type, QLatin1String(EventType::ConfigApplied));
    QVERIFY(events[0].data[QLatin1String("version")].isNull());
    QCOMPARE(events[0].data[QLatin1String("keys")].toArray().size(), 5);

    // Reloading the same file again changes and announces nothing.
    const auto again = m_daemon->reload();
    QVERIFY(again.ok());
    QVERIFY(again.value().applied.isEmpty());
    QCOMPARE(again.value().restartNeeded, QStringList{QStringLiteral("MCP_HOST")});
    QCOMPARE(m_daemon->events().since(0).size(), 1);

    // Back to every tool: the filter goes.
    writeConfigFile(m_dir->path(), m_stateDir, {});
    QVERIFY(m_daemon->reload().ok());
    QVERIFY(listedTools(m_token).contains(QStringLiteral("server_info")));
}

void TestDaemon::reloadAppliesTheAdminNetworksLive()
{
    const QString path = writeConfigFile(m_dir->path(), m_stateDir, {});
    m_daemon = std::make_unique<Daemon>(Config::load(path, QProcessEnvironment()));
    m_daemon->setConfigFile(path, QProcessEnvironment());
    QVERIFY(m_daemon->startHttp().ok());
    const Headers admin{{"Authorization", "Bearer " + m_adminToken}};
    QCOMPARE(get(QStringLiteral("/api/admin/version"), admin).status, 200);

    // The loopback address is no longer among the admin networks: refused from the next request.
    writeConfigFile(m_dir->path(), m_stateDir, "ADMIN_ALLOWED_NETWORKS=10.0.0.0/8\n");
    const auto reloaded = m_daemon->reload();
    QVERIFY(reloaded.ok());
    QCOMPARE(reloaded.value().applied, QStringList{QStringLiteral("ADMIN_ALLOWED_NETWORKS")});
    QVERIFY(reloaded.value().restartNeeded.isEmpty());
    QCOMPARE(get(QStringLiteral("/api/admin/version"), admin).status, 403);

    writeConfigFile(m_dir->path(), m_stateDir, "ADMIN_ALLOWED_NETWORKS=127.0.0.0/8\n");
    QVERIFY(m_daemon->reload().ok());
    QCOMPARE(get(QStringLiteral("/api/admin/version"), admin).status, 200);
}

void TestDaemon::reloadRefusesAnInvalidFileAndKeepsRunning()
{
    const QString path = writeConfigFile(m_dir->path(), m_stateDir, {});
    m_daemon = std::make_unique<Daemon>(Config::load(path, QProcessEnvironment()));
    m_daemon->setConfigFile(path, QProcessEnvironment());
    QVERIFY(m_daemon->startHttp().ok());
    writeConfigFile(m_dir->path(), m_stateDir, "MCP_TOOLS_DENY=server_info\nMCP_PORT=80a\n");
    const auto refused = m_daemon->reload();
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.contains(QStringLiteral("MCP_PORT: \"80a\" is not a port")),
             qPrintable(refused.error().message));
    QVERIFY(refused.error().message.contains(QStringLiteral("keeps its configuration")));
    QVERIFY(listedTools(m_token).contains(QStringLiteral("server_info")));
    QVERIFY(m_daemon->events().since(0).isEmpty());
}

void TestDaemon::sighupReloads()
{
    const QString path = writeConfigFile(m_dir->path(), m_stateDir, {});
    m_daemon = std::make_unique<Daemon>(Config::load(path, QProcessEnvironment()));
    m_daemon->setConfigFile(path, QProcessEnvironment());
    QVERIFY(m_daemon->startHttp().ok());
    // As ServeCommand wires it.
    ShutdownSignals watcher;
    watcher.watchReload();
    QObject::connect(&watcher, &ShutdownSignals::reloadRequested, m_daemon.get(),
                     [daemon = m_daemon.get()] { QVERIFY(daemon->reload().ok()); });
    const QByteArray session = openSession(m_token);
    writeConfigFile(m_dir->path(), m_stateDir, "MCP_TOOLS_DENY=server_info\n");
    QVERIFY(listedTools(m_token).contains(QStringLiteral("server_info"))); // not before SIGHUP
    QCOMPARE(std::raise(SIGHUP), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_daemon->events().since(0).size(), 1, 5000);
    QVERIFY(!listedTools(m_token).contains(QStringLiteral("server_info")));
    QCOMPARE(rpc(m_token, rpcRequest(9, QStringLiteral("ping")), session).status, 200);
}

namespace {

// Runs nothing: answers every command line it is given with success, and keeps them.
class AnsweringExecutor final : public CommandExecutor {
public:
    void run(const QString &commandLine, int, Callback callback) override
    {
        ran.append(commandLine);
        CommandResult result;
        result.exitStatus = 0;
        result.stdoutData = "ran";
        callback(result);
    }
    QString describe() const override { return QStringLiteral("the test"); }
    QStringList ran;
};

} // namespace

void TestDaemon::reloadReplacesTheCommandPolicy()
{
    const QString path = writeConfigFile(m_dir->path(), m_stateDir, {});
    m_daemon = std::make_unique<Daemon>(Config::load(path, QProcessEnvironment()));
    m_daemon->setConfigFile(path, QProcessEnvironment());
    const auto executor = std::make_shared<AnsweringExecutor>();
    m_daemon->setCommandExecutor(executor);
    QVERIFY(m_daemon->startHttp().ok());
    const QByteArray session = openSession(m_token);
    const auto status = [&](int id) {
        const Answer answer = rpc(
            m_token,
            toolCallRequest(id, QStringLiteral("execute_command"),
                            {{QStringLiteral("command"), QStringLiteral("python3 -c 'print(1)'")}}),
            session);
        return answer.result()[QLatin1String("structuredContent")][QLatin1String("status")]
            .toString();
    };
    QCOMPARE(status(2), QStringLiteral("denied")); // inline code: not without the relaxed policy
    QVERIFY(executor->ran.isEmpty());

    writeConfigFile(m_dir->path(), m_stateDir, "ENABLE_DANGEROUS_COMMANDS=true\n");
    const auto reloaded = m_daemon->reload();
    QVERIFY(reloaded.ok());
    QCOMPARE(reloaded.value().applied, QStringList{QStringLiteral("ENABLE_DANGEROUS_COMMANDS")});
    QCOMPARE(status(3), QStringLiteral("success"));
    QCOMPARE(executor->ran.size(), 1);

    // Rules that do not load refuse the reload; the policy in force stays.
    writeConfigFile(m_dir->path(), m_stateDir,
                    "ENABLE_DANGEROUS_COMMANDS=false\nCOMMAND_POLICY_FILE=" +
                        m_dir->filePath(QStringLiteral("missing.rules")).toUtf8() + '\n');
    const auto refused = m_daemon->reload();
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.contains(QStringLiteral("COMMAND_POLICY_FILE: cannot read")),
             qPrintable(refused.error().message));
    QCOMPARE(status(4), QStringLiteral("success"));
}

QTEST_GUILESS_MAIN(TestDaemon)
#include "TestDaemon.moc"
