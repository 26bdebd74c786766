#include "server/oauth/RedirectUri.h"

#include <QTest>

using namespace pmcp;

class TestRedirectUri final : public QObject {
    Q_OBJECT
private slots:
    void acceptable_data();
    void acceptable();
    void matching_data();
    void matching();
    void displayHost();
};

void TestRedirectUri::acceptable_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<bool>("ok");
    QTest::newRow("https") << "https://claude.ai/api/mcp/auth_callback" << true;
    QTest::newRow("loopback v4") << "http://127.0.0.1:33418/callback" << true;
    QTest::newRow("loopback v6") << "http://[::1]/cb" << true;
    QTest::newRow("localhost") << "http://localhost:6274/oauth/callback" << true;
    QTest::newRow("private scheme") << "com.example.app:/oauth" << true;
    QTest::newRow("http elsewhere") << "http://example.com/cb" << false;
    QTest::newRow("fragment") << "https://example.com/cb#x" << false;
    QTest::newRow("user info") << "https://user@example.com/cb" << false;
    QTest::newRow("javascript") << "javascript:alert(1)" << false;
    QTest::newRow("relative") << "/callback" << false;
}

void TestRedirectUri::acceptable()
{
    QFETCH(QString, uri);
    QFETCH(bool, ok);
    const QString problem = RedirectUri::problem(uri);
    QVERIFY2(problem.isEmpty() == ok, qPrintable(problem));
}

void TestRedirectUri::matching_data()
{
    QTest::addColumn<QString>("registered");
    QTest::addColumn<QString>("requested");
    QTest::addColumn<bool>("matches");
    QTest::newRow("same") << "https://a.example/cb"
                          << "https://a.example/cb" << true;
    QTest::newRow("loopback any port") << "http://127.0.0.1/callback"
                                       << "http://127.0.0.1:5123/callback" << true;
    QTest::newRow("loopback other port") << "http://localhost:1/cb"
                                         << "http://localhost:2/cb" << true;
    QTest::newRow("loopback other path") << "http://127.0.0.1/callback"
                                         << "http://127.0.0.1:5123/other" << false;
    QTest::newRow("loopback other host") << "http://127.0.0.1/cb"
                                         << "http://localhost/cb" << false;
    QTest::newRow("https other port") << "https://a.example/cb"
                                      << "https://a.example:8443/cb" << false;
    QTest::newRow("https other path") << "https://a.example/cb"
                                      << "https://a.example/cb2" << false;
}

void TestRedirectUri::matching()
{
    QFETCH(QString, registered);
    QFETCH(QString, requested);
    QFETCH(bool, matches);
    QCOMPARE(RedirectUri::matches(registered, requested), matches);
}

void TestRedirectUri::displayHost()
{
    QCOMPARE(RedirectUri::displayHost(QStringLiteral("https://claude.ai/cb")),
             QStringLiteral("claude.ai"));
    QCOMPARE(RedirectUri::displayHost(QStringLiteral("com.example.app:/cb")),
             QStringLiteral("com.example.app"));
}

QTEST_GUILESS_MAIN(TestRedirectUri)
#include "TestRedirectUri.moc"
