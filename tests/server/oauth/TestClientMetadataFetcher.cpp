#include "server/oauth/ClientMetadataFetcher.h"

#include "tests/support/FakePve.h"
#include "tests/support/TestCertificate.h"

#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace pmcp;
using pmcp::testing::FakePve;
using pmcp::testing::SeenRequest;
using pmcp::testing::TestCertificate;

namespace {

QByteArray document(const QString &url, const QString &extra = {})
{
    return QStringLiteral("{\"client_id\":\"%1\",\"client_name\":\"Claude\",\"redirect_uris\":["
                          "\"https://claude.ai/cb\"]%2}")
        .arg(url, extra)
        .toUtf8();
}

} // namespace

class TestClientMetadataFetcher final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void metadataUrls_data();
    void metadataUrls();
    void documentChecks_data();
    void documentChecks();
    void fetchesWithinTheLimits();

private:
    // Fetches url with a fetcher trusting the test certificate; the outcome once it arrives.
    Result<ClientMetadataFetcher::Document> fetch(const QString &url, bool allowPrivate = true);

    std::optional<TestCertificate> m_cert;
};

void TestClientMetadataFetcher::initTestCase()
{
    QString why;
    m_cert = TestCertificate::generate(&why);
    if (!m_cert)
        QSKIP(qPrintable(why));
}

void TestClientMetadataFetcher::metadataUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("is");
    QTest::newRow("https with path") << "https://app.example/oauth/client.json" << true;
    QTest::newRow("root path") << "https://app.example/" << false;
    QTest::newRow("http") << "http://app.example/client.json" << false;
    QTest::newRow("fragment") << "https://app.example/c.json#x" << false;
    QTest::newRow("user info") << "https://u@app.example/c.json" << false;
    QTest::newRow("dot segment") << "https://app.example/a/../c.json" << false;
    QTest::newRow("registered id") << "pmc_abcdef" << false;
}

void TestClientMetadataFetcher::metadataUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, is);
    QCOMPARE(ClientMetadataFetcher::isMetadataUrl(url), is);
}

void TestClientMetadataFetcher::documentChecks_data()
{
    const QString url = QStringLiteral("https://app.example/client.json");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("problem");
    QTest::newRow("good") << document(url) << "";
    QTest::newRow("not json") << QByteArray("<html>") << "is not a JSON object";
    QTest::newRow("other client_id")
        << document(QStringLiteral("https://evil.example/c.json")) << "names another client_id";
    QTest::newRow("secret")
        << document(url, QStringLiteral(",\"token_endpoint_auth_method\":\"client_secret_basic\""))
        << "public clients only";
    QTest::newRow("no redirects") << QByteArray(
                                         "{\"client_id\":\"https://app.example/client.json\"}")
                                  << "must list 1 to 10 redirect_uris";
    QTest::newRow("bad redirect")
        << QByteArray("{\"client_id\":\"https://app.example/"
                      "client.json\",\"redirect_uris\":[\"http://evil.example/cb\"]}")
        << "refuses";
}

void TestClientMetadataFetcher::documentChecks()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, problem);
    const auto parsed =
        ClientMetadataFetcher::parse(body, QStringLiteral("https://app.example/client.json"));
    if (problem.isEmpty()) {
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().name, QStringLiteral("Claude"));
        QCOMPARE(parsed.value().redirectUris, QStringList{QStringLiteral("https://claude.ai/cb")});
    } else {
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.contains(problem), qPrintable(parsed.error().message));
    }
}

Result<ClientMetadataFetcher::Document> TestClientMetadataFetcher::fetch(const QString &url,
                                                                         bool allowPrivate)
{
    ClientMetadataFetcher fetcher;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates({m_cert->certificate});
    fetcher.setTlsConfiguration(tls);
    fetcher.setAllowPrivateAddresses(allowPrivate);
    fetcher.setTimeoutMs(500);
    std::optional<Result<ClientMetadataFetcher::Document>> outcome;
    fetcher.fetch(url,
                  [&outcome](Result<ClientMetadataFetcher::Document> result) { outcome = result; });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 5000); }();
    return outcome.value_or(Error::internal(QStringLiteral("no answer")));
}

void TestClientMetadataFetcher::fetchesWithinTheLimits()
{
    int port = 0;
    FakePve server([&port](const SeenRequest &seen) -> std::optional<HttpResponse> {
        const QString url =
            QStringLiteral("https://127.0.0.1:%1/api2/json%2").arg(port).arg(seen.path);
        if (seen.path == QLatin1String("/client.json"))
            return HttpResponse::text(200, document(url), "application/json");
        if (seen.path == QLatin1String("/large.json"))
            return HttpResponse::text(
                200, document(url, QStringLiteral(",\"x\":\"%1\"").arg(QString(6000, u'a'))),
                "application/json");
        if (seen.path == QLatin1String("/moved.json"))
            return HttpResponse::empty(302).withHeader("Location", "/api2/json/client.json");
        return std::nullopt; // /slow.json: never answered
    });
    QVERIFY(server.start(*m_cert));
    port = server.port();
    const QString base = QStringLiteral("https://127.0.0.1:%1/api2/json").arg(port);

    const auto good = fetch(base + QStringLiteral("/client.json"));
    QVERIFY2(good.ok(), qPrintable(good.ok() ? QString() : good.error().message));
    QCOMPARE(good.value().clientId, base + QStringLiteral("/client.json"));
    // The same document on a loopback address, without the test's allowance: not fetched.
    const int seenBefore = int(server.requests().size());
    const auto internal = fetch(base + QStringLiteral("/client.json"), false);
    QVERIFY(!internal.ok());
    QVERIFY(internal.error().message.contains(QLatin1String("internal address")));
    QCOMPARE(int(server.requests().size()), seenBefore);

    const auto large = fetch(base + QStringLiteral("/large.json"));
    QVERIFY(!large.ok());
    QVERIFY2(large.error().message.contains(QLatin1String("larger than 5120 bytes")),
             qPrintable(large.error().message));
    const auto moved = fetch(base + QStringLiteral("/moved.json"));
    QVERIFY(!moved.ok());
    QVERIFY2(moved.error().message.contains(QLatin1String("HTTP 302")),
             qPrintable(moved.error().message));
    const auto slow = fetch(base + QStringLiteral("/slow.json"));
    QVERIFY(!slow.ok());
    QVERIFY2(slow.error().message.contains(QLatin1String("cannot be fetched")),
             qPrintable(slow.error().message));
}

QTEST_GUILESS_MAIN(TestClientMetadataFetcher)
#include "TestClientMetadataFetcher.moc"
