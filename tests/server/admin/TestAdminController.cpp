#include "server/admin/AdminController.h"

#include "server/admin/AdminApi.h"
#include "server/events/EventBus.h"
#include "server/exec/CommandExecutor.h"
#include "server/ops/MetricsRegistry.h"
#include "tests/support/DaemonTestFixture.h"
#include "tests/support/RawHttpClient.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;
using pmcp::testing::RawHttpClient;

namespace {

// Runs nothing: the policy refuses before a command gets here, and anything else is refused too.
class RefusingExecutor final : public CommandExecutor {
public:
    void run(const QString &, int, Callback callback) override
    {
        CommandResult result;
        result.status = CommandResult::Status::Denied;
        result.error = QStringLiteral("this test runs no commands");
        callback(result);
    }
    QString describe() const override { return QStringLiteral("refusing"); }
};

// A path that reaches the route: a prefix route's prefix gets an id and an action.
QString reachable(const HttpRouter::RouteInfo &route)
{
    return route.prefix ? route.path + QStringLiteral("test-id/approve") : route.path;
}

} // namespace

// The admin API's routes against a real daemon over real sockets: every registered admin
// route (whichever room added it) with no token, a wrong one, an MCP token and an admin token;
// the event stream's resumption; the throttle; the network restriction behind a proxy.
class TestAdminController final : public QObject, public DaemonTestFixture {
    Q_OBJECT

private slots:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void everyAdminRouteNeedsAnAdminToken()
    {
        // Each request comes from its own address behind the trusted proxy (this test), so the
        // throttle never mistakes the checks for a guesser.
        QVERIFY(start(baseConfig({{ConfigKey::TrustedProxies, QStringLiteral("127.0.0.1")}})));
        QStringList covered;
        int address = 1;
        const auto statusOf = [&](const QByteArray &method, const QString &path,
                                  const QByteArray &token) {
            Headers headers{{"X-Forwarded-For", "198.51.100." + QByteArray::number(address++)},
                            {"Content-Type", "application/json"}};
            if (!token.isEmpty())
                headers.emplace_back("Authorization", "Bearer " + token);
            QNetworkReply *reply = send(method, path, headers, method == "GET" ? "" : "{}");
            // The event stream never finishes: its status line is enough.
            QSignalSpy headersSeen(reply, &QNetworkReply::metaDataChanged);
            QSignalSpy finished(reply, &QNetworkReply::finished);
            QElapsedTimer waited;
            waited.start();
            while (headersSeen.isEmpty() && finished.isEmpty() && waited.elapsed() < 10000)
                headersSeen.wait(50);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->abort();
            reply->deleteLater();
            return status;
        };
        const QByteArray wrong = "pmcp_admin_" + QByteArray(43, 'A');
        for (const HttpRouter::RouteInfo &route : m_daemon->router()->routes()) {
            if (route.access != RouteAccess::Admin)
                continue;
            for (const QByteArray &method : route.methods) {
                const QString path = reachable(route);
                const QString where = QString::fromLatin1(method) + u' ' + path;
                QVERIFY2(statusOf(method, path, {}) == 401,
                         qPrintable(where + QStringLiteral(" without a token")));
                QVERIFY2(statusOf(method, path, wrong) == 401,
                         qPrintable(where + QStringLiteral(" wrong token")));
                QVERIFY2(statusOf(method, path, m_token) == 401,
                         qPrintable(where + QStringLiteral(" MCP token")));
                const int admitted = statusOf(method, path, m_adminToken);
                QVERIFY2(admitted != 401 && admitted != 403 && admitted != 0,
                         qPrintable(where + QStringLiteral(" admin token: ") +
                                    QString::number(admitted)));
                covered.append(where);
            }
        }
        for (const char *mine : {"version", "status", "events", "audit", "audit/verify"})
            QVERIFY2(covered.contains(QStringLiteral("GET ") + AdminApi::path(QLatin1String(mine))),
                     mine);
        // And the admin token never opens the MCP endpoint.
        QCOMPARE(rpc(m_adminToken, initializeRequest(1, QStringLiteral("x"))).status, 401);
    }

    void everyAdminRouteIsDocumented()
    {
        QVERIFY(start(baseConfig()));
        const Answer openApi = get(QStringLiteral("/docs/openapi.json"));
        const QJsonObject paths = openApi.json()[QLatin1String("paths")].toObject();
        for (const HttpRouter::RouteInfo &route : m_daemon->router()->routes()) {
            if (route.access != RouteAccess::Admin)
                continue;
            for (const QByteArray &method : route.methods) {
                bool documented = false;
                for (const AdminApi::RouteDoc &doc : AdminApi::routeDocs()) {
                    if (doc.method.toLatin1() == method &&
                        AdminApi::serves(route.path, route.prefix, doc.path)) {
                        documented =
                            paths[doc.path][QString::fromLatin1(method).toLower()].isObject();
                    }
                }
                QVERIFY2(documented,
                         qPrintable(QString::fromLatin1(method) + u' ' + route.path +
                                    QStringLiteral(" is not in AdminApi::routeDocs or /docs")));
            }
        }
        QVERIFY(paths.contains(AdminApi::path(QStringLiteral("status"))));
        // Only what is registered is listed: a documented row without its route is not.
        for (const AdminApi::RouteDoc &doc : AdminApi::routeDocs()) {
            bool registered = false;
            for (const HttpRouter::RouteInfo &route : m_daemon->router()->routes())
                registered = registered || (route.access == RouteAccess::Admin &&
                                            route.methods.contains(doc.method.toLatin1()) &&
                                            AdminApi::serves(route.path, route.prefix, doc.path));
            QCOMPARE(paths[doc.path][doc.method.toLower()].isObject(), registered);
        }
        // The HTML page lists them too.
        const Answer html = get(QStringLiteral("/docs"));
        QVERIFY(html.body.contains("/api/admin/audit/verify"));
    }

    void versionAndStatus()
    {
        QVERIFY(start(baseConfig()));
        const Answer version = get(AdminApi::path(QStringLiteral("version")), bearer(m_adminToken));
        QCOMPARE(version.status, 200);
        QCOMPARE(version.json()[QLatin1String("apiVersion")].toInt(), AdminApi::kVersion);
        QCOMPARE(version.json()[QLatin1String("product")].toString(),
                 QStringLiteral("proxmox-mcp"));

        // One MCP request and one wrong admin token show in the counters.
        QVERIFY(!openSession(m_token).isEmpty());
        QCOMPARE(get(AdminApi::path(QStringLiteral("version")),
                     bearer("pmcp_admin_" + QByteArray(43, 'B')))
                     .status,
                 401);
        const Answer status = get(AdminApi::path(QStringLiteral("status")), bearer(m_adminToken));
        QVERIFY2(status.status == 200, qPrintable(status.describe()));
        const QJsonObject body = status.json();
        QVERIFY(body[QLatin1String("uptimeSeconds")].isDouble());
        QVERIFY(!body[QLatin1String("started")].toString().isEmpty());
        const QJsonObject health = body[QLatin1String("health")].toObject();
        QVERIFY(!health[QLatin1String("status")].toString().isEmpty());
        QStringList names;
        for (const QJsonValue &check : health[QLatin1String("checks")].toArray()) {
            names.append(check[QLatin1String("name")].toString());
            QVERIFY(!check[QLatin1String("detail")].toString().isEmpty());
        }
        QVERIFY2(names.contains(QStringLiteral("audit")) &&
                     names.contains(QStringLiteral("clients")),
                 qPrintable(names.join(u',')));
        QVERIFY(body[QLatin1String("targets")].isArray());
        const QJsonObject now = body[QLatin1String("now")].toObject();
        QCOMPARE(now[QLatin1String("sessionsOpen")].toInt(), 1);
        QCOMPARE(now[QLatin1String("clientsActive")].toInt(), 2);
        QCOMPARE(now[QLatin1String("adminStreamsOpen")].toInt(), 0);
        const QJsonObject counters = body[QLatin1String("counters")].toObject();
        QVERIFY2(counters[QLatin1String("requests")].toInt() >= 1, qPrintable(status.describe()));
        QCOMPARE(counters[QLatin1String("authFailures")].toInt(), 1);
        const QJsonObject hour = body[QLatin1String("lastHour")].toObject();
        QCOMPARE(hour[QLatin1String("authFailures")].toArray().size(), 60);
        QCOMPARE(hour[QLatin1String("authFailures")].toArray().last().toInt(), 1);
    }

    void statusListsEachProxmoxTarget()
    {
        QVERIFY(start(proxmoxConfig()));
        const auto targets = [&] {
            return get(AdminApi::path(QStringLiteral("status")), bearer(m_adminToken))
                .json()[QLatin1String("targets")]
                .toArray();
        };
        QTRY_VERIFY_WITH_TIMEOUT(targets().size() == 1 &&
                                     targets().at(0)[QLatin1String("status")].toString() ==
                                         QStringLiteral("ok"),
                                 10000);
        QCOMPARE(targets().at(0)[QLatin1String("name")].toString(), QStringLiteral("default"));
    }

    void eventStreamResumesOverARealSocket()
    {
        QVERIFY(start(baseConfig()));
        EventBus &events = m_daemon->events();
        const qint64 first = events.publish(QStringLiteral("test.first"));
        const qint64 second = events.publish(QStringLiteral("test.second"));

        RawHttpClient client;
        QVERIFY(client.connectTo(m_daemon->port()));
        client.send("GET /api/admin/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                    m_adminToken + "\r\nLast-Event-ID: " + QByteArray::number(first) + "\r\n\r\n");
        QVERIFY2(client.waitForData("event: test.second"), client.buffer().constData());
        QVERIFY(client.buffer().startsWith("HTTP/1.1 200"));
        QVERIFY(client.buffer().contains("text/event-stream"));
        QVERIFY(client.buffer().contains("id: " + QByteArray::number(second) + "\n"));
        QVERIFY(!client.buffer().contains("test.first"));
        QCOMPARE(m_daemon->admin()->openStreams(), 1);

        // Live events follow while the loop keeps serving other requests.
        events.publish(QStringLiteral("test.live"), {{QStringLiteral("n"), 3}});
        QVERIFY(client.waitForData("event: test.live"));
        QCOMPARE(get(AdminApi::path(QStringLiteral("version")), bearer(m_adminToken)).status, 200);

        // The stream ends on the daemon's side when the client goes.
        client.socket()->abort();
        QTRY_COMPARE_WITH_TIMEOUT(m_daemon->admin()->openStreams(), 0, 5000);

        // ?after= works too, and an id older than what is kept gets a resync first.
        RawHttpClient late;
        QVERIFY(late.connectTo(m_daemon->port()));
        late.send("GET /api/admin/events?after=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                  "Bearer " +
                  m_adminToken + "\r\n\r\n");
        QVERIFY2(late.waitForData("event: test.live"), late.buffer().constData());
        const QByteArray body = late.buffer();
        QVERIFY(body.indexOf("event: resync") >= 0);
        QVERIFY(body.indexOf("event: resync") < body.indexOf("event: test.first"));

        // A bad id is a clear 400.
        const Answer bad = get(
            AdminApi::path(QStringLiteral("events")),
            Headers{{"Authorization", "Bearer " + m_adminToken}, {"Last-Event-ID", "yesterday"}});
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.json()[QLatin1String("error")][QLatin1String("message")].toString().contains(
            QLatin1String("Last-Event-ID")));
    }

    void aBurstOfWrongAdminTokensGets429AndIsCounted()
    {
        QVERIFY(start(baseConfig()));
        const Headers wrong = bearer("pmcp_admin_" + QByteArray(43, 'C'));
        for (int i = 0; i < AuthThrottle::kBurst; ++i)
            QCOMPARE(get(AdminApi::path(QStringLiteral("status")), wrong).status, 401);
        const Answer throttled = get(AdminApi::path(QStringLiteral("status")), wrong);
        QCOMPARE(throttled.status, 429);
        QVERIFY(throttled.header("retry-after").toInt() >= 1);
        // One address for both realms: a wrong MCP token from it waits too.
        const Answer mcp =
            rpc("pmcp_" + QByteArray(43, 'D'), initializeRequest(1, QStringLiteral("x")));
        QCOMPARE(mcp.status, 429);
        // The right tokens are still served: a guesser does not lock out its neighbours.
        QCOMPARE(get(AdminApi::path(QStringLiteral("status")), bearer(m_adminToken)).status, 200);
        QCOMPARE(rpc(m_token, initializeRequest(1, QStringLiteral("x"))).status, 200);
        // /metrics without a token is no guess and still answers 401, not 429.
        QCOMPARE(get(QStringLiteral("/metrics")).status, 401);
        const QByteArray metrics = m_daemon->metrics().render();
        QVERIFY2(
            metrics.contains(
                "pmcp_authentication_failures_total{realm=\"admin\",reason=\"invalid_token\"} " +
                QByteArray::number(AuthThrottle::kBurst) + '\n'),
            metrics.constData());
        QVERIFY(metrics.contains(
            "pmcp_authentication_failures_total{realm=\"admin\",reason=\"throttled\"} 1"));
        QVERIFY(metrics.contains(
            "pmcp_authentication_failures_total{realm=\"mcp\",reason=\"throttled\"} 1"));
    }

    void adminNetworksBehindATrustedProxy_data()
    {
        QTest::addColumn<QString>("proxies");
        QTest::addColumn<QByteArray>("forwardedFor");
        QTest::addColumn<int>("status");
        QTest::newRow("loopback is outside the network") << QString() << QByteArray() << 403;
        QTest::newRow("a client inside, through the proxy")
            << QStringLiteral("127.0.0.1") << QByteArray("10.1.2.3") << 200;
        QTest::newRow("a client outside, through the proxy")
            << QStringLiteral("127.0.0.1") << QByteArray("192.0.2.1") << 403;
        QTest::newRow("a spoofed header from a peer that is no proxy")
            << QStringLiteral("192.0.2.254") << QByteArray("10.1.2.3") << 403;
    }

    void adminNetworksBehindATrustedProxy()
    {
        QFETCH(QString, proxies);
        QFETCH(QByteArray, forwardedFor);
        QFETCH(int, status);
        QVERIFY(start(baseConfig({{ConfigKey::AdminAllowedNetworks, QStringLiteral("10.0.0.0/8")},
                                  {ConfigKey::TrustedProxies, proxies}})));
        Headers headers = bearer(m_adminToken);
        if (!forwardedFor.isEmpty())
            headers.emplace_back("X-Forwarded-For", forwardedFor);
        const Answer answer = get(AdminApi::path(QStringLiteral("version")), headers);
        QVERIFY2(answer.status == status, qPrintable(answer.describe()));
        // The MCP endpoint is not restricted by the admin networks.
        QCOMPARE(get(QStringLiteral("/health"), bearer(m_token)).status, 200);
    }

    void networkSettingsApplyWithoutARestart()
    {
        QVERIFY(start(baseConfig()));
        const QString version = AdminApi::path(QStringLiteral("version"));
        QCOMPARE(get(version, bearer(m_adminToken)).status, 200);
        Config narrowed =
            baseConfig({{ConfigKey::AdminAllowedNetworks, QStringLiteral("10.0.0.0/8")}});
        QVERIFY(m_daemon->applyNetworkSettings(narrowed).ok());
        QCOMPARE(get(version, bearer(m_adminToken)).status, 403);
        // An invalid value is refused and changes nothing.
        Config invalid = baseConfig({{ConfigKey::AdminAllowedNetworks, QStringLiteral("0.0.0.0/0")},
                                     {ConfigKey::TrustedProxies, QStringLiteral("nonsense")}});
        const auto refused = m_daemon->applyNetworkSettings(invalid);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QLatin1String("TRUSTED_PROXIES: nonsense")));
        QCOMPARE(get(version, bearer(m_adminToken)).status, 403);
    }

    void auditRoutesReadTheLog()
    {
        Config config = baseConfig({{ConfigKey::EnableLocalExecution, QStringLiteral("true")}});
        m_daemon = std::make_unique<Daemon>(config);
        m_daemon->setCommandExecutor(std::make_shared<RefusingExecutor>());
        QVERIFY(m_daemon->startHttp().ok());
        QSignalSpy published(&m_daemon->events(), &EventBus::published);

        const QByteArray session = openSession(m_token);
        QVERIFY(!session.isEmpty());
        const Answer rm =
            rpc(m_token,
                toolCallRequest(2, QStringLiteral("execute_command"),
                                {{QStringLiteral("command"), QStringLiteral("rm -rf /")}}),
                session);
        QVERIFY2(rm.status == 200, qPrintable(rm.describe()));

        // command.denied on the event stream, with who, what and why.
        QList<AdminEvent> denied;
        for (const AdminEvent &event : m_daemon->events().since(0)) {
            if (event.type == QLatin1String(EventType::CommandDenied))
                denied.append(event);
        }
        QCOMPARE(denied.size(), 1);
        QCOMPARE(denied.first().data[QLatin1String("client")].toString(), QStringLiteral("alice"));
        QCOMPARE(denied.first().data[QLatin1String("tool")].toString(),
                 QStringLiteral("execute_command"));
        QCOMPARE(denied.first().data[QLatin1String("rule")].toString(), QStringLiteral("rm-root"));
        QCOMPARE(denied.first().data[QLatin1String("command")].toString(),
                 QStringLiteral("rm -rf /"));

        const Answer audit = get(AdminApi::path(QStringLiteral("audit?denied=true&client=alice")),
                                 bearer(m_adminToken));
        QVERIFY2(audit.status == 200, qPrintable(audit.describe()));
        const QJsonArray entries = audit.json()[QLatin1String("entries")].toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0)[QLatin1String("decision")].toString(),
                 QStringLiteral("denied:rm-root"));
        const Answer badFilter =
            get(AdminApi::path(QStringLiteral("audit?limit=0")), bearer(m_adminToken));
        QCOMPARE(badFilter.status, 400);

        const Answer verify =
            get(AdminApi::path(QStringLiteral("audit/verify")), bearer(m_adminToken));
        QVERIFY2(verify.status == 200, qPrintable(verify.describe()));
        QCOMPARE(verify.json()[QLatin1String("ok")].toBool(), true);
        QVERIFY(verify.json()[QLatin1String("entriesChecked")].toInt() >= 1);
        // The status counts it as a denied command.
        const Answer status = get(AdminApi::path(QStringLiteral("status")), bearer(m_adminToken));
        QCOMPARE(status.json()[QLatin1String("counters")][QLatin1String("deniedCommands")].toInt(),
                 1);
    }
};

QTEST_GUILESS_MAIN(TestAdminController)
#include "TestAdminController.moc"
