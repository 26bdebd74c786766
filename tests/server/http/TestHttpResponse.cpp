#include "server/http/HttpResponse.h"

#include <QJsonDocument>
#include <QTest>

using namespace pmcp;

namespace {

QByteArray headerOf(const HttpResponse &response, const QByteArray &name)
{
    for (const auto &[key, value] : response.headers) {
        if (key == name)
            return value;
    }
    return {};
}

} // namespace

class TestHttpResponse final : public QObject {
    Q_OBJECT

private slots:
    void defaultIsEmpty200();
    void jsonIsCompactWithContentType();
    void textHasDefaultAndCustomContentType();
    void emptyHasNoHeadersOrBody();
    void problemWrapsStatusAndMessage();
    void withHeaderAppendsAndChains();
};

void TestHttpResponse::defaultIsEmpty200()
{
    const HttpResponse response;
    QCOMPARE(response.status, 200);
    QVERIFY(response.headers.isEmpty());
    QVERIFY(response.body.isEmpty());
}

void TestHttpResponse::jsonIsCompactWithContentType()
{
    const HttpResponse response = HttpResponse::json(
        201, {{QStringLiteral("a"), 1}, {QStringLiteral("b"), QStringLiteral("x y")}});
    QCOMPARE(response.status, 201);
    QCOMPARE(response.headers.size(), 1);
    QCOMPARE(headerOf(response, "Content-Type"), QByteArray("application/json"));
    QCOMPARE(response.body, QByteArray(R"({"a":1,"b":"x y"})"));

    QCOMPARE(HttpResponse::json(200, {}).body, QByteArray("{}"));
}

void TestHttpResponse::textHasDefaultAndCustomContentType()
{
    const HttpResponse plain = HttpResponse::text(503, "down\n");
    QCOMPARE(plain.status, 503);
    QCOMPARE(headerOf(plain, "Content-Type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(plain.body, QByteArray("down\n"));

    const HttpResponse metrics =
        HttpResponse::text(200, "# HELP x\n", "text/plain; version=0.0.4; charset=utf-8");
    QCOMPARE(metrics.headers.size(), 1);
    QCOMPARE(headerOf(metrics, "Content-Type"),
             QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    QCOMPARE(metrics.body, QByteArray("# HELP x\n"));
}

void TestHttpResponse::emptyHasNoHeadersOrBody()
{
    const HttpResponse response = HttpResponse::empty(202);
    QCOMPARE(response.status, 202);
    QVERIFY(response.headers.isEmpty());
    QVERIFY(response.body.isEmpty());
}

void TestHttpResponse::problemWrapsStatusAndMessage()
{
    const HttpResponse response =
        HttpResponse::problem(404, QStringLiteral("no such path: /x \"y\""));
    QCOMPARE(response.status, 404);
    QCOMPARE(headerOf(response, "Content-Type"), QByteArray("application/json"));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject object = document.object();
    QCOMPARE(object.size(), 1);
    const QJsonObject inner = object.value(QLatin1String("error")).toObject();
    QCOMPARE(inner.value(QLatin1String("status")).toInt(), 404);
    QCOMPARE(inner.value(QLatin1String("message")).toString(),
             QStringLiteral("no such path: /x \"y\""));
}

void TestHttpResponse::withHeaderAppendsAndChains()
{
    HttpResponse response = HttpResponse::empty(401);
    HttpResponse &same = response.withHeader("WWW-Authenticate", "Bearer realm=\"x\"")
                             .withHeader("Cache-Control", "no-store");
    QCOMPARE(&same, &response);
    QCOMPARE(response.headers.size(), 2);
    QCOMPARE(response.headers.at(0).first, QByteArray("WWW-Authenticate"));
    QCOMPARE(response.headers.at(0).second, QByteArray("Bearer realm=\"x\""));
    QCOMPARE(response.headers.at(1).first, QByteArray("Cache-Control"));

    // On a temporary, as the routes use it.
    const HttpResponse allowed =
        HttpResponse::problem(405, QStringLiteral("method not allowed")).withHeader("Allow", "GET");
    QCOMPARE(allowed.headers.size(), 2);
    QCOMPARE(headerOf(allowed, "Allow"), QByteArray("GET"));
    QCOMPARE(headerOf(allowed, "Content-Type"), QByteArray("application/json"));
}

QTEST_GUILESS_MAIN(TestHttpResponse)
#include "TestHttpResponse.moc"
