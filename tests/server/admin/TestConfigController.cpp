#include "server/admin/ConfigController.h"

#include "server/events/EventBus.h"
#include "server/mcp/McpServer.h"
#include "shared/config/ConfigVersions.h"
#include "tests/support/DaemonTestFixture.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

namespace {

const QByteArray kAdminToken = "admin-token-for-the-test";

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QStringList strings(const QJsonValue &array)
{
    QStringList result;
    for (const QJsonValue &item : array.toArray())
        result.append(item.toString());
    return result;
}

QStringList toolNames(const Answer &list)
{
    QStringList names;
    for (const QJsonValue &tool : list.result()[QLatin1String("tools")].toArray())
        names.append(tool[QLatin1String("name")].toString());
    return names;
}

} // namespace

class TestConfigController final : public QObject, private DaemonTestFixture {
    Q_OBJECT
private slots:
    void init();
    void cleanup() { tearDown(); }

    void everyRouteNeedsAnAdminToken_data();
    void everyRouteNeedsAnAdminToken();
    void showsEverySettingButNoSecret();
    void validateNamesTheKeyAndWritesNothing();
    void badChangeIsRefusedWithTheKeyAndNothingWritten();
    void changeAndRollbackWhileASessionAndACallSurvive();
    void historyAndDiff();
    void badBodiesAreRefused_data();
    void badBodiesAreRefused();
    void withoutAConfigurationFileTheRoutesAnswer409();
    void aChangeUnderWayAnswers503AtOnce();

private:
    bool startFromFile(bool withFile = true);
    Answer admin(const QByteArray &method, const QString &relative, const QJsonObject &body = {},
                 const QByteArray &token = kAdminToken);
    QByteArray fileText() const;

    QString m_path;
    QByteArray m_original;
};

void TestConfigController::init()
{
    setUp();
    m_path = m_dir->filePath(QStringLiteral("proxmox-mcp.env"));
    m_original = "# written by the test\n"
                 "STATE_DIR=" +
                 m_stateDir.toUtf8() +
                 "\n"
                 "MCP_PORT=0\n"
                 "ENABLE_PROXMOX_API=false\n"
                 "ENABLE_SSH=false\n"
                 "MCP_TOOL_PROFILE=full\n"
                 "\n"
                 "# the secret must never come back\n"
                 "SSH_PASSWORD=hunter2-secret\n";
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(m_original);
    file.close();
    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

bool TestConfigController::startFromFile(bool withFile)
{
    const Config config = Config::load(m_path, QProcessEnvironment());
    if (!config.isValid())
        return false;
    m_daemon = std::make_unique<Daemon>(config);
    if (withFile)
        m_daemon->setConfigFile(m_path, QProcessEnvironment());
    if (!m_daemon->startHttp().ok())
        return false;
    // Until admin tokens land: one admin token the test knows.
    m_daemon->router()->setAdminAuthenticator(
        [](const QByteArray &token) -> std::optional<ClientIdentity> {
            if (token == kAdminToken)
                return ClientIdentity{QStringLiteral("desk"), false};
            return std::nullopt;
        });
    return true;
}

Answer TestConfigController::admin(const QByteArray &method, const QString &relative,
                                   const QJsonObject &body, const QByteArray &token)
{
    Headers headers;
    if (!token.isEmpty())
        headers = bearer(token);
    if (method == "POST")
        headers.emplace_back("Content-Type", "application/json");
    return request(method, QStringLiteral("/api/admin/") + relative, headers,
                   method == "POST" ? json(body) : QByteArray());
}

QByteArray TestConfigController::fileText() const
{
    QFile file(m_path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestConfigController::everyRouteNeedsAnAdminToken_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("token"); // none, wrong, mcp, admin
    QTest::addColumn<int>("status");

    const QList<std::pair<QByteArray, QString>> routes = {
        {"GET", QStringLiteral("config")},        {"POST", QStringLiteral("config/validate")},
        {"POST", QStringLiteral("config/apply")}, {"GET", QStringLiteral("config/history")},
        {"GET", QStringLiteral("config/diff")},   {"POST", QStringLiteral("config/rollback")}};
    for (const auto &[method, route] : routes) {
        for (const char *token : {"none", "wrong", "mcp"})
            QTest::addRow("%s %s, %s token", method.constData(), qPrintable(route), token)
                << method << route << QString::fromLatin1(token) << 401;
        // With the admin token: the route itself answers (a bad body is its 400, no earlier
        // version its 404), never 401 or 403.
        const int answered =
            route == QLatin1String("config/apply") || route == QLatin1String("config/validate")
                ? 400
            : route == QLatin1String("config/diff") || route == QLatin1String("config/rollback")
                ? 404
                : 200;
        QTest::addRow("%s %s, admin token", method.constData(), qPrintable(route))
            << method << route << QStringLiteral("admin") << answered;
    }
}

void TestConfigController::everyRouteNeedsAnAdminToken()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, route);
    QFETCH(QString, token);
    QFETCH(int, status);
    QVERIFY(startFromFile());
    const QByteArray bearerToken = token == QLatin1String("admin") ? kAdminToken
                                   : token == QLatin1String("mcp") ? m_token
                                   : token == QLatin1String("wrong")
                                       ? QByteArray("pmcp_not-a-token")
                                       : QByteArray();
    const Answer answer = admin(method, route, {}, bearerToken);
    QVERIFY2(answer.status == status, qPrintable(answer.describe()));
    QCOMPARE(fileText(), m_original);
}

void TestConfigController::showsEverySettingButNoSecret()
{
    QVERIFY(startFromFile());
    const Answer answer = admin("GET", QStringLiteral("config"));
    QCOMPARE(answer.status, 200);
    QVERIFY(!answer.body.contains("hunter2"));
    const QJsonObject body = answer.json();
    QCOMPARE(body[QLatin1String("path")].toString(), m_path);
    QVERIFY(body[QLatin1String("version")].isNull()); // nothing kept yet
    const QJsonArray settings = body[QLatin1String("settings")].toArray();
    QCOMPARE(settings.size(), qsizetype(configKeyCount));
    QHash<QString, QJsonObject> byKey;
    for (const QJsonValue &setting : settings)
        byKey.insert(setting[QLatin1String("key")].toString(), setting.toObject());
    const QJsonObject password = byKey.value(QStringLiteral("SSH_PASSWORD"));
    QVERIFY(password[QLatin1String("secret")].toBool());
    QVERIFY(password[QLatin1String("set")].toBool());
    QVERIFY(!password.contains(QLatin1String("value")));
    const QJsonObject profile = byKey.value(QStringLiteral("MCP_TOOL_PROFILE"));
    QCOMPARE(profile[QLatin1String("value")].toString(), QStringLiteral("full"));
    QCOMPARE(profile[QLatin1String("source")].toString(), QStringLiteral("file"));
    QCOMPARE(profile[QLatin1String("default")].toString(), QStringLiteral("core"));
    QVERIFY(profile[QLatin1String("live")].toBool());
    QVERIFY(!byKey.value(QStringLiteral("MCP_PORT"))[QLatin1String("live")].toBool());
    QCOMPARE(byKey.value(QStringLiteral("LOG_LEVEL"))[QLatin1String("source")].toString(),
             QStringLiteral("default"));
    QVERIFY(body[QLatin1String("restartNeeded")].toArray().isEmpty());
}

void TestConfigController::validateNamesTheKeyAndWritesNothing()
{
    QVERIFY(startFromFile());
    const Answer answer =
        admin("POST", QStringLiteral("config/validate"),
              {{QStringLiteral("changes"),
                QJsonObject{{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")},
                            {QStringLiteral("MCP_PORT"), QStringLiteral("80a")}}}});
    QCOMPARE(answer.status, 200);
    const QJsonObject body = answer.json();
    QVERIFY(!body[QLatin1String("valid")].toBool());
    const QJsonArray problems = body[QLatin1String("problems")].toArray();
    QVERIFY(std::any_of(problems.begin(), problems.end(), [](const QJsonValue &p) {
        return p[QLatin1String("key")].toString() == QLatin1String("MCP_PORT") &&
               p[QLatin1String("severity")].toString() == QLatin1String("error") &&
               p[QLatin1String("message")].toString().contains(u"is not a port number") &&
               !p.toObject().contains(QLatin1String("line"));
    }));
    QCOMPARE(strings(body[QLatin1String("live")]), QStringList{QStringLiteral("LOG_LEVEL")});
    QCOMPARE(strings(body[QLatin1String("restartNeeded")]),
             QStringList{QStringLiteral("MCP_PORT")});
    QCOMPARE(fileText(), m_original);

    const Answer valid =
        admin("POST", QStringLiteral("config/validate"),
              {{QStringLiteral("changes"),
                QJsonObject{{QStringLiteral("LOG_LEVEL"), QStringLiteral("WARN")}}}});
    QVERIFY(valid.json()[QLatin1String("valid")].toBool());
    QCOMPARE(fileText(), m_original);
}

void TestConfigController::badChangeIsRefusedWithTheKeyAndNothingWritten()
{
    QVERIFY(startFromFile());
    const qint64 lastEvent = m_daemon->events().lastId();
    const Answer answer =
        admin("POST", QStringLiteral("config/apply"),
              {{QStringLiteral("changes"),
                QJsonObject{{QStringLiteral("MCP_TOOLS_DENY"), QStringLiteral("server_info")},
                            {QStringLiteral("MCP_SESSION_IDLE_S"), QStringLiteral("5")}}}});
    QCOMPARE(answer.status, 400);
    const QJsonObject error = answer.json()[QLatin1String("error")].toObject();
    QCOMPARE(error[QLatin1String("key")].toString(), QStringLiteral("MCP_SESSION_IDLE_S"));
    QVERIFY2(error[QLatin1String("message")].toString().contains(
                 QStringLiteral("refused, nothing was written: MCP_SESSION_IDLE_S: \"5\" is not "
                                "a whole number between 10 and 604800")),
             qPrintable(answer.describe()));
    QVERIFY(!error[QLatin1String("problems")].toArray().isEmpty());
    QCOMPARE(fileText(), m_original);
    QCOMPARE(ConfigVersions(m_stateDir).latest(), 0);
    QCOMPARE(m_daemon->events().lastId(), lastEvent);
    // The daemon goes on with what it had: server_info is still offered.
    QVERIFY(listedTools(m_token).contains(QStringLiteral("server_info")));
}

void TestConfigController::changeAndRollbackWhileASessionAndACallSurvive()
{
    QVERIFY(startFromFile());
    const auto state = std::make_shared<SlowToolState>();
    QVERIFY(m_daemon->mcp().tools().add(slowTool(state)).ok());
    const QByteArray session = openSession(m_token);
    QVERIFY(!session.isEmpty());
    QVERIFY(toolNames(rpc(m_token, rpcRequest(2, QStringLiteral("tools/list")), session))
                .contains(QStringLiteral("server_info")));
    // A call in flight (two seconds) while the configuration changes under it.
    QNetworkReply *call =
        sendRpc(m_token, toolCallRequest(3, QStringLiteral("slow_tool")), session);
    QTRY_VERIFY_WITH_TIMEOUT(state->started, 5000);

    // A Host name the daemon refuses until MCP_ALLOWED_HOSTS names it.
    QCOMPARE(get(QStringLiteral("/health"), {{"Host", "mcp.example.com"}}).status, 403);
    const Answer applied = admin(
        "POST", QStringLiteral("config/apply"),
        {{QStringLiteral("changes"),
          QJsonObject{{QStringLiteral("MCP_TOOLS_DENY"), QStringLiteral("server_info")},
                      {QStringLiteral("MCP_ALLOWED_HOSTS"), QStringLiteral("mcp.example.com")},
                      {QStringLiteral("MCP_MAX_BODY_BYTES"), QStringLiteral("65536")}}}});
    QVERIFY2(applied.status == 200, qPrintable(applied.describe()));
    QVERIFY(!state->finished); // the call is still running
    const QJsonObject outcome = applied.json();
    QCOMPARE(outcome[QLatin1String("version")].toString(), QStringLiteral("2"));
    QCOMPARE(strings(outcome[QLatin1String("applied")]),
             QStringList({QStringLiteral("MCP_ALLOWED_HOSTS"), QStringLiteral("MCP_TOOLS_DENY")}));
    QCOMPARE(strings(outcome[QLatin1String("restartNeeded")]),
             QStringList{QStringLiteral("MCP_MAX_BODY_BYTES")});
    // Comments, order and the secret's line kept; the new keys appended (a JSON object's keys
    // come in alphabetical order).
    QCOMPARE(fileText(), m_original +
                             "MCP_ALLOWED_HOSTS=mcp.example.com\nMCP_MAX_BODY_BYTES=65536\n"
                             "MCP_TOOLS_DENY=server_info\n");
    const QList<AdminEvent> events = m_daemon->events().since(0);
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.last().type, QLatin1String(EventType::ConfigApplied));
    QCOMPARE(events.last().data[QLatin1String("version")].toString(), QStringLiteral("2"));
    QCOMPARE(strings(events.last().data[QLatin1String("restartNeeded")]),
             QStringList{QStringLiteral("MCP_MAX_BODY_BYTES")});

    // Live: the session's list changed, the new Host name is accepted.
    QVERIFY(!toolNames(rpc(m_token, rpcRequest(4, QStringLiteral("tools/list")), session))
                 .contains(QStringLiteral("server_info")));
    QCOMPARE(get(QStringLiteral("/health"), {{"Host", "mcp.example.com"}}).status, 200);
    QCOMPARE(admin("GET", QStringLiteral("config")).json()[QLatin1String("restartNeeded")],
             QJsonValue(QJsonArray{QStringLiteral("MCP_MAX_BODY_BYTES")}));

    const Answer rolledBack = admin("POST", QStringLiteral("config/rollback"),
                                    {{QStringLiteral("version"), QStringLiteral("1")}});
    QVERIFY2(rolledBack.status == 200, qPrintable(rolledBack.describe()));
    QCOMPARE(rolledBack.json()[QLatin1String("version")].toString(), QStringLiteral("3"));
    QCOMPARE(fileText(), m_original);
    QCOMPARE(m_daemon->events().since(0).last().type, QLatin1String(EventType::ConfigRolledBack));
    QVERIFY(rolledBack.json()[QLatin1String("restartNeeded")].toArray().isEmpty());

    // The call that was in flight through both changes finishes normally, in the same session.
    const Answer finished = wait(call);
    QCOMPARE(finished.status, 200);
    QVERIFY2(
        finished.rpc()[QLatin1String("result")][QLatin1String("content")][0][QLatin1String("text")]
                .toString() == QLatin1String("done"),
        qPrintable(finished.describe()));
    QVERIFY(toolNames(rpc(m_token, rpcRequest(5, QStringLiteral("tools/list")), session))
                .contains(QStringLiteral("server_info")));
    QCOMPARE(get(QStringLiteral("/health"), {{"Host", "mcp.example.com"}}).status, 403);
}

void TestConfigController::historyAndDiff()
{
    QVERIFY(startFromFile());
    QCOMPARE(admin("POST", QStringLiteral("config/apply"),
                   {{QStringLiteral("changes"),
                     QJsonObject{{QStringLiteral("LOG_LEVEL"), QStringLiteral("WARN")},
                                 {QStringLiteral("SSH_PASSWORD"), QStringLiteral("new-secret")}}}})
                 .status,
             200);
    const QJsonObject history = admin("GET", QStringLiteral("config/history")).json();
    QCOMPARE(history[QLatin1String("current")].toString(), QStringLiteral("2"));
    const QJsonArray versions = history[QLatin1String("versions")].toArray();
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions[0][QLatin1String("action")].toString(), QStringLiteral("original"));
    QCOMPARE(versions[1][QLatin1String("action")].toString(), QStringLiteral("apply"));
    QCOMPARE(versions[1][QLatin1String("by")].toString(), QStringLiteral("admin:desk"));
    QVERIFY(versions[1][QLatin1String("current")].toBool());

    const Answer diff = admin("GET", QStringLiteral("config/diff"));
    QCOMPARE(diff.status, 200);
    QVERIFY(!diff.body.contains("hunter2") && !diff.body.contains("new-secret"));
    const QJsonObject body = diff.json();
    QCOMPARE(body[QLatin1String("from")].toString(), QStringLiteral("1"));
    QCOMPARE(body[QLatin1String("to")].toString(), QStringLiteral("current"));
    const QJsonArray changes = body[QLatin1String("changes")].toArray();
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes[0][QLatin1String("key")].toString(), QStringLiteral("SSH_PASSWORD"));
    QVERIFY(changes[0][QLatin1String("secret")].toBool());
    QCOMPARE(changes[1][QLatin1String("to")].toString(), QStringLiteral("WARN"));

    QCOMPARE(admin("GET", QStringLiteral("config/diff?from=2&to=1"))
                 .json()[QLatin1String("changes")]
                 .toArray()
                 .size(),
             2);
    QCOMPARE(admin("GET", QStringLiteral("config/diff?from=1&to=1"))
                 .json()[QLatin1String("changes")]
                 .toArray()
                 .size(),
             0);
    QCOMPARE(admin("GET", QStringLiteral("config/diff?from=abc")).status, 400);
    QCOMPARE(admin("GET", QStringLiteral("config/diff?from=99")).status, 404);
    QCOMPARE(admin("POST", QStringLiteral("config/rollback"),
                   {{QStringLiteral("version"), QStringLiteral("99")}})
                 .status,
             404);
}

void TestConfigController::badBodiesAreRefused_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("says");

    QTest::newRow("apply without changes")
        << "config/apply" << QByteArray("{}") << "changes must be an object";
    QTest::newRow("apply with empty changes")
        << "config/apply" << QByteArray(R"({"changes":{}})") << "at least one";
    QTest::newRow("a number for a value")
        << "config/apply" << QByteArray(R"({"changes":{"MCP_PORT":8080}})")
        << "changes.MCP_PORT must be a string";
    QTest::newRow("validate with an array")
        << "config/validate" << QByteArray(R"({"changes":["LOG_LEVEL=DEBUG"]})")
        << "changes must be an object";
    QTest::newRow("not JSON") << "config/apply" << QByteArray("LOG_LEVEL=DEBUG")
                              << "not valid JSON";
    QTest::newRow("rollback to a word")
        << "config/rollback" << QByteArray(R"({"version":"latest"})") << "version must be";
}

void TestConfigController::badBodiesAreRefused()
{
    QFETCH(QString, route);
    QFETCH(QByteArray, body);
    QFETCH(QString, says);
    QVERIFY(startFromFile());
    Headers headers = bearer(kAdminToken);
    headers.emplace_back("Content-Type", "application/json");
    const Answer answer = request("POST", QStringLiteral("/api/admin/") + route, headers, body);
    QCOMPARE(answer.status, 400);
    QVERIFY2(
        answer.json()[QLatin1String("error")][QLatin1String("message")].toString().contains(says),
        qPrintable(answer.describe()));
    QCOMPARE(fileText(), m_original);
}

void TestConfigController::withoutAConfigurationFileTheRoutesAnswer409()
{
    QVERIFY(startFromFile(false));
    const Answer answer = admin("GET", QStringLiteral("config"));
    QCOMPARE(answer.status, 409);
    QVERIFY(answer.body.contains("not started from a configuration file"));
    QCOMPARE(m_daemon->reload().error().code, ErrorCode::Conflict);
}

void TestConfigController::aChangeUnderWayAnswers503AtOnce()
{
    QVERIFY(startFromFile());
    const ConfigVersions versions(m_stateDir);
    QVERIFY(QDir().mkpath(versions.directory()));
    QLockFile cli(versions.lockPath()); // as `config set` holds it while it writes
    QVERIFY(cli.tryLock(0));
    const Answer busy =
        admin("POST", QStringLiteral("config/apply"),
              {{QStringLiteral("changes"),
                QJsonObject{{QStringLiteral("LOG_LEVEL"), QStringLiteral("WARN")}}}});
    QCOMPARE(busy.status, 503);
    QVERIFY2(busy.body.contains("try again"), qPrintable(busy.describe()));
    QVERIFY(busy.elapsedMs < 3000); // the event loop was not held for the CLI's wait
    QCOMPARE(fileText(), m_original);
    cli.unlock();
    QCOMPARE(admin("POST", QStringLiteral("config/apply"),
                   {{QStringLiteral("changes"),
                     QJsonObject{{QStringLiteral("LOG_LEVEL"), QStringLiteral("WARN")}}}})
                 .status,
             200);
}

QTEST_GUILESS_MAIN(TestConfigController)
#include "TestConfigController.moc"
