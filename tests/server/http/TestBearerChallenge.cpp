#include "server/http/BearerChallenge.h"

#include <QTest>

using namespace pmcp;

class TestBearerChallenge final : public QObject {
    Q_OBJECT
private slots:
    void originAndResourceFollowTheRequest();
    void challenges();
};

void TestBearerChallenge::originAndResourceFollowTheRequest()
{
    HttpRequest request;
    request.path = QStringLiteral("/api/mcp");
    request.headers = {{"host", "MCP.Example.com:8443"}};
    QCOMPARE(BearerChallenge::origin(request), QStringLiteral("http://mcp.example.com:8443"));
    request.secure = true;
    QCOMPARE(BearerChallenge::resourceOf(request),
             QStringLiteral("https://mcp.example.com:8443/api/mcp"));
    // TLS ended by a proxy on this host; from another host the header is not believed.
    request.secure = false;
    request.headers.emplace_back("x-forwarded-proto", "https");
    request.peer = QHostAddress(QStringLiteral("192.0.2.7"));
    QCOMPARE(BearerChallenge::origin(request), QStringLiteral("http://mcp.example.com:8443"));
    request.peer = QHostAddress::LocalHost;
    QCOMPARE(BearerChallenge::origin(request), QStringLiteral("https://mcp.example.com:8443"));
}

void TestBearerChallenge::challenges()
{
    HttpRequest request;
    request.headers = {{"host", "127.0.0.1:8080"}};
    QCOMPARE(BearerChallenge::unauthorized(request, QStringLiteral("/.well-known/x"), false),
             QByteArray("Bearer resource_metadata=\"http://127.0.0.1:8080/.well-known/x\""));
    QCOMPARE(BearerChallenge::unauthorized(request, QStringLiteral("/m"), true),
             QByteArray(
                 "Bearer resource_metadata=\"http://127.0.0.1:8080/m\", error=\"invalid_token\""));
    QCOMPARE(
        BearerChallenge::insufficientScope(request, QStringLiteral("/m"), QStringLiteral("full")),
        QByteArray("Bearer error=\"insufficient_scope\", scope=\"full\", "
                   "resource_metadata=\"http://127.0.0.1:8080/m\""));
    request.headers = {{"host", "a\"b"}};
    QVERIFY(BearerChallenge::unauthorized(request, QStringLiteral("/m"), false).contains("a\\\"b"));
}

QTEST_GUILESS_MAIN(TestBearerChallenge)
#include "TestBearerChallenge.moc"
