#include "server/ops/ApiDocs.h"

#include "shared/core/Version.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace pmcp;

class TestApiDocs final : public QObject {
    Q_OBJECT

private slots:
    void documentHeader();
    void pathsAndOperationsAreWellFormed_data();
    void pathsAndOperationsAreWellFormed();
    void securityMatchesRouteAccess_data();
    void securityMatchesRouteAccess();
    void roundTripsThroughJson();
    void htmlListsEveryOperation_data();
    void htmlListsEveryOperation();
    void htmlEscapesThePath();
    void htmlListsToolsAndConnectionLines();
    void adminRoutesNeedTheAdminScheme();
};

namespace {
const QStringList kHttpMethods{QStringLiteral("get"), QStringLiteral("post"), QStringLiteral("put"),
                               QStringLiteral("delete"), QStringLiteral("patch")};
}

void TestApiDocs::documentHeader()
{
    const QJsonObject api = ApiDocs::openApi(QStringLiteral("/api/mcp"));
    QCOMPARE(api[QLatin1String("openapi")].toString(), QStringLiteral("3.1.0"));
    const QJsonObject info = api[QLatin1String("info")].toObject();
    QVERIFY(!info[QLatin1String("title")].toString().isEmpty());
    QCOMPARE(info[QLatin1String("version")].toString(), productVersion());
    const QJsonObject bearer = api[QLatin1String("components")][QLatin1String("securitySchemes")]
                                  [QLatin1String("bearerAuth")]
                                      .toObject();
    QCOMPARE(bearer[QLatin1String("type")].toString(), QStringLiteral("http"));
    QCOMPARE(bearer[QLatin1String("scheme")].toString(), QStringLiteral("bearer"));
}

void TestApiDocs::pathsAndOperationsAreWellFormed_data()
{
    QTest::addColumn<QString>("mcpPath");
    QTest::newRow("default") << QStringLiteral("/api/mcp");
    QTest::newRow("custom") << QStringLiteral("/mcp");
}

void TestApiDocs::pathsAndOperationsAreWellFormed()
{
    QFETCH(QString, mcpPath);
    const QJsonObject paths = ApiDocs::openApi(mcpPath)[QLatin1String("paths")].toObject();
    for (const QString &expected :
         {mcpPath, QStringLiteral("/health"), QStringLiteral("/metrics"), QStringLiteral("/docs"),
          QStringLiteral("/docs/openapi.json"), QStringLiteral("/")})
        QVERIFY2(paths.contains(expected), qPrintable(expected));
    QCOMPARE(paths.size(), 6);
    QCOMPARE(
        paths[mcpPath].toObject().keys(),
        (QStringList{QStringLiteral("delete"), QStringLiteral("get"), QStringLiteral("post")}));

    const QRegularExpression status(QStringLiteral("^[1-5][0-9][0-9]$"));
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        QVERIFY2(path.key().startsWith(QLatin1Char('/')), qPrintable(path.key()));
        const QJsonObject operations = path.value().toObject();
        QVERIFY2(!operations.isEmpty(), qPrintable(path.key()));
        for (auto op = operations.begin(); op != operations.end(); ++op) {
            const QString where = path.key() + QLatin1Char(' ') + op.key();
            QVERIFY2(kHttpMethods.contains(op.key()), qPrintable(where));
            const QJsonObject o = op.value().toObject();
            QVERIFY2(!o[QLatin1String("summary")].toString().isEmpty(), qPrintable(where));
            QVERIFY2(!o[QLatin1String("description")].toString().isEmpty(), qPrintable(where));
            QVERIFY2(o[QLatin1String("security")].isArray(), qPrintable(where));
            const QJsonObject responses = o[QLatin1String("responses")].toObject();
            QVERIFY2(!responses.isEmpty(), qPrintable(where));
            for (auto r = responses.begin(); r != responses.end(); ++r) {
                QVERIFY2(status.match(r.key()).hasMatch(), qPrintable(where + r.key()));
                QVERIFY2(!r.value()[QLatin1String("description")].toString().isEmpty(),
                         qPrintable(where + r.key()));
            }
            for (const QJsonValue &parameter : o[QLatin1String("parameters")].toArray()) {
                QVERIFY(!parameter[QLatin1String("name")].toString().isEmpty());
                QCOMPARE(parameter[QLatin1String("in")].toString(), QStringLiteral("header"));
            }
        }
    }
}

void TestApiDocs::securityMatchesRouteAccess_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("method");
    QTest::addColumn<bool>("needsToken");
    QTest::newRow("POST mcp") << QStringLiteral("/api/mcp") << QStringLiteral("post") << true;
    QTest::newRow("DELETE mcp") << QStringLiteral("/api/mcp") << QStringLiteral("delete") << true;
    QTest::newRow("metrics") << QStringLiteral("/metrics") << QStringLiteral("get") << true;
    QTest::newRow("health") << QStringLiteral("/health") << QStringLiteral("get") << false;
    QTest::newRow("docs") << QStringLiteral("/docs") << QStringLiteral("get") << false;
    QTest::newRow("descriptor") << QStringLiteral("/") << QStringLiteral("get") << false;
}

void TestApiDocs::securityMatchesRouteAccess()
{
    QFETCH(QString, path);
    QFETCH(QString, method);
    QFETCH(bool, needsToken);
    const QJsonObject api = ApiDocs::openApi(QStringLiteral("/api/mcp"));
    const QJsonArray security =
        api[QLatin1String("paths")][path][method][QLatin1String("security")].toArray();
    QCOMPARE(security.size(), 1);
    QCOMPARE(security.first().toObject().contains(QLatin1String("bearerAuth")), needsToken);
}

void TestApiDocs::roundTripsThroughJson()
{
    const QJsonObject api = ApiDocs::openApi(QStringLiteral("/api/mcp"));
    QJsonParseError error;
    const QJsonDocument parsed =
        QJsonDocument::fromJson(QJsonDocument(api).toJson(QJsonDocument::Compact), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(parsed.object(), api);
}

void TestApiDocs::htmlListsEveryOperation_data()
{
    pathsAndOperationsAreWellFormed_data();
}

void TestApiDocs::htmlListsEveryOperation()
{
    QFETCH(QString, mcpPath);
    const QString html = QString::fromUtf8(ApiDocs::html(mcpPath));
    QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
    QVERIFY(html.endsWith(QLatin1String("</html>")));
    QVERIFY(html.contains(QLatin1String("/docs/openapi.json")));
    const QJsonObject paths = ApiDocs::openApi(mcpPath)[QLatin1String("paths")].toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject operations = path.value().toObject();
        for (auto op = operations.begin(); op != operations.end(); ++op) {
            const QString heading = QStringLiteral("<code>%1 %2</code>")
                                        .arg(op.key().toUpper(), path.key().toHtmlEscaped());
            QVERIFY2(html.contains(heading), qPrintable(heading));
            const QString summary = op.value()[QLatin1String("summary")].toString().toHtmlEscaped();
            QVERIFY2(html.contains(summary), qPrintable(summary));
        }
    }
}

void TestApiDocs::htmlEscapesThePath()
{
    const QByteArray html = ApiDocs::html(QStringLiteral("/x<script>y"));
    QVERIFY(!html.contains("<script>"));
    QVERIFY(html.contains("/x&lt;script&gt;y"));
}

void TestApiDocs::htmlListsToolsAndConnectionLines()
{
    const QString url = QStringLiteral("http://pve.example:8080/api/mcp");
    const QString page = QString::fromUtf8(
        ApiDocs::html(QStringLiteral("/api/mcp"), url,
                      {{QStringLiteral("list_vms"), QStringLiteral("List guests <all>"), true},
                       {QStringLiteral("qemu_stop"), QStringLiteral("Stop a VM"), false}}));
    QVERIFY2(page.contains(QStringLiteral("MCP tools (2)")), qPrintable(page));
    QVERIFY(page.contains(QStringLiteral("<dt><code>list_vms</code> (read-only)</dt><dd>List "
                                         "guests &lt;all&gt;</dd>")));
    QVERIFY(page.contains(QStringLiteral("<dt><code>qemu_stop</code></dt><dd>Stop a VM</dd>")));
    QVERIFY(page.contains(QStringLiteral("claude mcp add --transport http proxmox %1 --header "
                                         "&quot;Authorization: Bearer TOKEN&quot;")
                              .arg(url)));
    QVERIFY(page.contains(QStringLiteral("mcp-remote")) && page.contains(url));
    QVERIFY(page.contains(QStringLiteral("&quot;stdio&quot;, &quot;--config&quot;")));
    // The Claude Desktop snippet is JSON as it is to be pasted.
    QJsonParseError error;
    QJsonDocument::fromJson(ApiDocs::claudeDesktopJson(url).toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    // Without tools or URL the page is the API alone.
    const QString bare = QString::fromUtf8(ApiDocs::html(QStringLiteral("/api/mcp")));
    QVERIFY(!bare.contains(QStringLiteral("MCP tools")) &&
            !bare.contains(QStringLiteral("claude")));
}

void TestApiDocs::adminRoutesNeedTheAdminScheme()
{
    const QList<ApiDocs::Route> admin{
        {QStringLiteral("GET"), QStringLiteral("/api/admin/status"), QStringLiteral("Status")},
        {QStringLiteral("POST"), QStringLiteral("/api/admin/clients/{name}/revoke"),
         QStringLiteral("Revoke")}};
    const QJsonObject api = ApiDocs::openApi(QStringLiteral("/api/mcp"), admin);
    const QJsonObject paths = api[QLatin1String("paths")].toObject();
    const QJsonObject status =
        paths[QLatin1String("/api/admin/status")][QLatin1String("get")].toObject();
    QCOMPARE(status[QLatin1String("summary")].toString(), QStringLiteral("Status"));
    QVERIFY(status[QLatin1String("security")].toArray().first().toObject().contains(
        QLatin1String("adminAuth")));
    QVERIFY(status[QLatin1String("responses")].toObject().contains(QLatin1String("429")));
    QVERIFY(
        paths[QLatin1String("/api/admin/clients/{name}/revoke")][QLatin1String("post")].isObject());
    QVERIFY(api[QLatin1String("components")][QLatin1String("securitySchemes")]
               [QLatin1String("adminAuth")]
                   .isObject());
    // Without admin routes the document has none.
    QVERIFY(
        !ApiDocs::openApi(QStringLiteral("/api/mcp"))[QLatin1String("paths")].toObject().contains(
            QLatin1String("/api/admin/status")));
    const QByteArray html = ApiDocs::html(QStringLiteral("/api/mcp"), {}, {}, admin);
    QVERIFY(html.contains("<code>GET /api/admin/status</code>"));
    QVERIFY(html.contains("Bearer ADMIN_TOKEN"));
}

QTEST_GUILESS_MAIN(TestApiDocs)
#include "TestApiDocs.moc"
