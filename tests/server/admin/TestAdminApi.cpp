#include "server/admin/AdminApi.h"

#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace pmcp;

namespace {

HttpRequest post(const QByteArray &contentType, const QByteArray &body)
{
    HttpRequest request;
    request.method = "POST";
    request.path = AdminApi::path(QStringLiteral("config/apply"));
    if (!contentType.isEmpty())
        request.headers.append({"content-type", contentType});
    request.body = body;
    return request;
}

QJsonObject errorOf(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body)
        .object()
        .value(QStringLiteral("error"))
        .toObject();
}

} // namespace

class TestAdminApi final : public QObject {
    Q_OBJECT
private slots:
    void pathsAreBelowThePrefix();
    void errorsCarryStatusMessageAndExtraFields();
    void objectBodyReadsAJsonObject();
    void objectBodyRefusesWhatIsNotAJsonObject_data();
    void objectBodyRefusesWhatIsNotAJsonObject();
    void routeDocsAreBelowThePrefixAndUnique();
    void servesMatchesExactAndPrefixRoutes_data();
    void servesMatchesExactAndPrefixRoutes();
};

void TestAdminApi::pathsAreBelowThePrefix()
{
    QCOMPARE(AdminApi::path(QStringLiteral("status")), QStringLiteral("/api/admin/status"));
}

void TestAdminApi::errorsCarryStatusMessageAndExtraFields()
{
    const HttpResponse response =
        AdminApi::error(400, QStringLiteral("MCP_PORT: not a port"),
                        {{QStringLiteral("key"), QStringLiteral("MCP_PORT")}});
    QCOMPARE(response.status, 400);
    const QJsonObject error = errorOf(response);
    QCOMPARE(error.value(QStringLiteral("status")).toInt(), 400);
    QCOMPARE(error.value(QStringLiteral("message")).toString(),
             QStringLiteral("MCP_PORT: not a port"));
    QCOMPARE(error.value(QStringLiteral("key")).toString(), QStringLiteral("MCP_PORT"));
}

void TestAdminApi::objectBodyReadsAJsonObject()
{
    const auto body = AdminApi::objectBody(post("application/json; charset=utf-8", R"({"a":1})"));
    QVERIFY(std::holds_alternative<QJsonObject>(body));
    QCOMPARE(std::get<QJsonObject>(body).value(QStringLiteral("a")).toInt(), 1);
}

void TestAdminApi::objectBodyRefusesWhatIsNotAJsonObject_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("says");

    QTest::newRow("no content type")
        << QByteArray() << QByteArray("{}") << QStringLiteral("must be JSON");
    QTest::newRow("a form") << QByteArray("application/x-www-form-urlencoded") << QByteArray("a=1")
                            << QStringLiteral("must be JSON");
    QTest::newRow("broken JSON") << QByteArray("application/json") << QByteArray("{\"a\":")
                                 << QStringLiteral("not valid JSON");
    QTest::newRow("an array") << QByteArray("application/json") << QByteArray("[1]")
                              << QStringLiteral("a JSON object");
}

void TestAdminApi::objectBodyRefusesWhatIsNotAJsonObject()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, says);
    const auto parsed = AdminApi::objectBody(post(contentType, body));
    QVERIFY(std::holds_alternative<HttpResponse>(parsed));
    const HttpResponse &response = std::get<HttpResponse>(parsed);
    QCOMPARE(response.status, 400);
    const QString message = errorOf(response).value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(says), qPrintable(message));
}

void TestAdminApi::routeDocsAreBelowThePrefixAndUnique()
{
    QSet<QString> seen;
    for (const AdminApi::RouteDoc &doc : AdminApi::routeDocs()) {
        QVERIFY2(doc.path.startsWith(QLatin1String(AdminApi::kPrefix)), qPrintable(doc.path));
        QVERIFY(doc.method == QLatin1String("GET") || doc.method == QLatin1String("POST"));
        QVERIFY(!doc.summary.isEmpty());
        const QString key = doc.method + u' ' + doc.path;
        QVERIFY2(!seen.contains(key), qPrintable(key));
        seen.insert(key);
    }
    QVERIFY(seen.contains(QStringLiteral("GET /api/admin/events")));
}

void TestAdminApi::servesMatchesExactAndPrefixRoutes_data()
{
    QTest::addColumn<QString>("registered");
    QTest::addColumn<bool>("prefix");
    QTest::addColumn<QString>("documented");
    QTest::addColumn<bool>("serves");
    QTest::newRow("exact") << QStringLiteral("/api/admin/status") << false
                           << QStringLiteral("/api/admin/status") << true;
    QTest::newRow("another exact") << QStringLiteral("/api/admin/status") << false
                                   << QStringLiteral("/api/admin/audit") << false;
    QTest::newRow("below a prefix")
        << QStringLiteral("/api/admin/clients/pending/") << true
        << QStringLiteral("/api/admin/clients/pending/{id}/approve") << true;
    QTest::newRow("the prefix itself") << QStringLiteral("/api/admin/clients/") << true
                                       << QStringLiteral("/api/admin/clients/") << false;
    QTest::newRow("beside a prefix") << QStringLiteral("/api/admin/backups/") << true
                                     << QStringLiteral("/api/admin/clients/{name}/revoke") << false;
}

void TestAdminApi::servesMatchesExactAndPrefixRoutes()
{
    QFETCH(QString, registered);
    QFETCH(bool, prefix);
    QFETCH(QString, documented);
    QFETCH(bool, serves);
    QCOMPARE(AdminApi::serves(registered, prefix, documented), serves);
}

QTEST_GUILESS_MAIN(TestAdminApi)
#include "TestAdminApi.moc"
