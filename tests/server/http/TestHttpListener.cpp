#include "server/http/HttpListener.h"

#include "tests/support/RawHttpClient.h"
#include "tests/support/TestCertificate.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace pmcp;
using namespace pmcp::testing;

namespace {

constexpr qint64 kLimit = 4096;
constexpr qint64 kHeaderAllowance = 64 * 1024; // as in GuardedTcpServer.cpp

} // namespace

class TestHttpListener final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listenOnPortZero();
    void listenFailsOnPortInUse();
    void requestReachesHandlerAndReplyComesBack();
    void duplicateHeadersArriveSeparately();
    void keepAliveServesTwoRequests();
    void asyncReplyArrivesLater();
    void announcedBodyOverLimitIs413BeforeBody();
    void announcedBodyOverLimitInSplitHeadersIs413();
    void chunkedBodyGrowingPastLimitIs413();
    void pipelinedRequestsAreAnsweredInOrder();
    void bodyAtLimitPasses_data();
    void bodyAtLimitPasses();
    void chunkedBodyUnderLimitPasses();
    void clientGoneBeforeAsyncReply();
    void sseStreamWithChunkedFraming();
    void httpsRequest();
    void plainClientOnTlsPortGetsNoHttpAnswer();

private:
    std::unique_ptr<HttpListener> makeListener(qint64 limit = kLimit);
    QTcpSocket *serverSocket() const;
    quint16 listen(const std::optional<QSslConfiguration> &tls = std::nullopt);

    std::unique_ptr<HttpListener> m_listener;
    QList<HttpRequest> m_requests;
    // What the handler does with the reply; by default: 200 "echo:<body>".
    std::function<void(const HttpRequest &, std::shared_ptr<HttpReply>)> m_respond;
    std::shared_ptr<HttpReply> m_kept;
};

void TestHttpListener::init()
{
    m_requests.clear();
    m_kept.reset();
    m_respond = [](const HttpRequest &request, std::shared_ptr<HttpReply> reply) {
        reply->send(HttpResponse::text(200, "echo:" + request.body).withHeader("X-Test", "yes"));
    };
    m_listener = makeListener();
}

void TestHttpListener::cleanup()
{
    m_kept.reset();
    m_listener.reset();
}

std::unique_ptr<HttpListener> TestHttpListener::makeListener(qint64 limit)
{
    return std::make_unique<HttpListener>(
        [this](HttpRequest request, std::shared_ptr<HttpReply> reply) {
            m_requests.append(request);
            m_respond(request, std::move(reply));
        },
        limit);
}

quint16 TestHttpListener::listen(const std::optional<QSslConfiguration> &tls)
{
    const auto port = m_listener->listen(QHostAddress::LocalHost, 0, tls);
    if (!port.ok())
        qWarning("listen failed: %s", qPrintable(port.error().message));
    return port.ok() ? port.value() : 0;
}

// The server's end of the connection the listener accepted; nullptr until it has one. Its
// readyRead is connected after the HTTP parser's, so a spy on it fires once the parser has
// taken what arrived: a test waits on it to send the next bytes as a segment of their own.
QTcpSocket *TestHttpListener::serverSocket() const
{
    return m_listener->findChild<QTcpSocket *>();
}

void TestHttpListener::listenOnPortZero()
{
    QCOMPARE(m_listener->port(), quint16(0));
    QCOMPARE(m_listener->maxBodyBytes(), kLimit);
    const quint16 port = listen();
    QVERIFY(port != 0);
    QCOMPARE(m_listener->port(), port);
}

void TestHttpListener::listenFailsOnPortInUse()
{
    const quint16 port = listen();
    QVERIFY(port != 0);
    auto second = makeListener();
    const auto result = second->listen(QHostAddress::LocalHost, port);
    QVERIFY(!result.ok());
    QVERIFY(result.error().message.contains(QString::number(port)));
    QCOMPARE(second->port(), quint16(0));
}

void TestHttpListener::requestReachesHandlerAndReplyComesBack()
{
    const quint16 port = listen();
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    client.send("POST /mcp/path?x=1&y=two HTTP/1.1\r\nHost: localhost:1234\r\n"
                "Content-Type: application/json\r\nMcp-Session-Id: abc\r\n"
                "Content-Length: 7\r\n\r\n{\"a\":1}");
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(response->statusLine.startsWith("HTTP/1.1 200"));
    QCOMPARE(response->body, QByteArray("echo:{\"a\":1}"));
    QCOMPARE(response->headers.value("content-length"), QByteArray("12"));
    QCOMPARE(response->headers.value("x-test"), QByteArray("yes"));
    QCOMPARE(response->headers.value("content-type"), QByteArray("text/plain; charset=utf-8"));

    QCOMPARE(m_requests.size(), 1);
    const HttpRequest &request = m_requests.first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QStringLiteral("/mcp/path"));
    QCOMPARE(request.query.queryItemValue(QStringLiteral("y")), QStringLiteral("two"));
    // Header names arrive in lower case, values as sent.
    QCOMPARE(request.header("host"), QByteArray("localhost:1234"));
    QCOMPARE(request.header("mcp-session-id"), QByteArray("abc"));
    QCOMPARE(request.header("content-type"), QByteArray("application/json"));
    QVERIFY(!request.hasHeader("Content-Type"));
    QCOMPARE(request.body, QByteArray("{\"a\":1}"));
    QCOMPARE(request.peer, QHostAddress(QHostAddress::LocalHost));
    QVERIFY(!request.secure);
    QVERIFY(!request.client);
}

void TestHttpListener::duplicateHeadersArriveSeparately()
{
    // The router refuses two Host or Origin headers: that needs each to reach it, not merged.
    const quint16 port = listen();
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    client.send("GET / HTTP/1.1\r\nHost: localhost\r\nhost: evil.example.com\r\n"
                "Origin: http://localhost\r\nORIGIN: http://evil.example.com\r\n\r\n");
    QVERIFY(client.next());
    QCOMPARE(m_requests.size(), 1);
    QCOMPARE(m_requests.first().headerCount("host"), 2);
    QCOMPARE(m_requests.first().headerCount("Origin"), 2);
}

void TestHttpListener::keepAliveServesTwoRequests()
{
    const quint16 port = listen();
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    client.send(requestBytes("POST", "/one", "first"));
    auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("echo:first"));
    client.send(requestBytes("GET", "/two"));
    response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("echo:"));
    QCOMPARE(m_requests.size(), 2);
    QCOMPARE(m_requests.at(1).method, QByteArray("GET"));
    QCOMPARE(m_requests.at(1).path, QStringLiteral("/two"));
    QCOMPARE(client.socket()->state(), QAbstractSocket::ConnectedState);

    // A third, larger than half the limit each time: the size guard counts per request.
    for (int i = 0; i < 3; ++i) {
        client.send(requestBytes("POST", "/big", QByteArray(kLimit, 'b')));
        response = client.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
}

void TestHttpListener::asyncReplyArrivesLater()
{
    // The handler returns without answering; the test answers from the event loop later.
    m_respond = [this](const HttpRequest &, std::shared_ptr<HttpReply> reply) {
        QVERIFY(reply->isOpen());
        m_kept = std::move(reply);
    };
    const quint16 port = listen();
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    client.send(requestBytes("POST", "/slow", "{}"));
    QTRY_VERIFY(m_kept);
    QVERIFY(m_kept->isOpen());
    m_kept->send(HttpResponse::json(201, {{QStringLiteral("late"), true}}));
    QVERIFY(!m_kept->isOpen());
    m_kept->send(HttpResponse::empty(500)); // ignored once answered

    // The late answer is the first response on the connection: had anything been written
    // while the reply was held, next() would return that instead.
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 201);
    QCOMPARE(response->body, QByteArray(R"({"late":true})"));
    QCOMPARE(response->headers.value("content-type"), QByteArray("application/json"));

    // No second response came: the answer to the next request directly follows the first
    // (a written 500 would stand between them), and the connection still serves requests.
    m_respond = [](const HttpRequest &, std::shared_ptr<HttpReply> reply) {
        reply->send(HttpResponse::empty(204));
    };
    client.send(requestBytes("GET", "/again"));
    const auto again = client.next();
    QVERIFY(again);
    QCOMPARE(again->status, 204);
    QVERIFY(client.buffer().isEmpty());
}

void TestHttpListener::announcedBodyOverLimitIs413BeforeBody()
{
    const quint16 port = listen();
    QSignalSpy rejected(m_listener.get(), &HttpListener::rejected);
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    // Headers only: the body is never sent, yet the answer comes.
    client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                "Content-Length: " +
                QByteArray::number(kLimit + 1) + "\r\n\r\n");
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(response->headers.value("connection"), QByteArray("close"));
    QVERIFY(response->body.contains("-32600"));
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.first().first().toInt(), 413);
    QVERIFY(m_requests.isEmpty());
    QVERIFY(client.waitForDisconnect(5000));
    QVERIFY(m_requests.isEmpty());

    // The listener goes on serving other connections.
    RawHttpClient next;
    QVERIFY(next.connectTo(port));
    next.send(requestBytes("POST", "/mcp", "ok"));
    const auto fine = next.next();
    QVERIFY(fine);
    QCOMPARE(fine->status, 200);
}

void TestHttpListener::announcedBodyOverLimitInSplitHeadersIs413()
{
    // The header block in several segments: the HTTP parser has consumed the first ones
    // before Content-Length arrives.
    const quint16 port = listen();
    QSignalSpy rejected(m_listener.get(), &HttpListener::rejected);
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    QTRY_VERIFY(serverSocket());
    QSignalSpy serverRead(serverSocket(), &QIODevice::readyRead);
    client.send("POST /mcp HTTP/1.1\r\n");
    QTRY_COMPARE(serverRead.count(), 1);
    client.send("Host: localhost\r\nContent-Type: application/json\r\n");
    QTRY_COMPARE(serverRead.count(), 2);
    client.send("Content-Length: 1000000\r\n\r\n");
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(rejected.count(), 1);
    QVERIFY(client.waitForDisconnect(5000));
    QVERIFY(m_requests.isEmpty());
}

void TestHttpListener::pipelinedRequestsAreAnsweredInOrder()
{
    const quint16 port = listen();
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    client.send(requestBytes("POST", "/a", "one") + requestBytes("POST", "/b", "two"));
    const auto first = client.next();
    const auto second = client.next();
    QVERIFY(first);
    QVERIFY(second);
    QCOMPARE(first->body, QByteArray("echo:one"));
    QCOMPARE(second->body, QByteArray("echo:two"));
    QCOMPARE(m_requests.size(), 2);
}

void TestHttpListener::chunkedBodyGrowingPastLimitIs413()
{
    const quint16 port = listen();
    QSignalSpy rejected(m_listener.get(), &HttpListener::rejected);
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    QTRY_VERIFY(serverSocket());
    QSignalSpy serverRead(serverSocket(), &QIODevice::readyRead);
    client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n");
    const QByteArray chunk = "1000\r\n" + QByteArray(0x1000, 'c') + "\r\n";
    qint64 sent = 0;
    // One chunk at a time, each once the server has read the one before or has refused.
    while (rejected.isEmpty() && sent < 4 * (kLimit + kHeaderAllowance)) {
        const qsizetype reads = serverRead.count();
        client.send(chunk);
        sent += chunk.size();
        QTRY_VERIFY(!rejected.isEmpty() || serverRead.count() > reads);
    }
    QCOMPARE(rejected.count(), 1);
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    // Never completed: the handler did not run, not even once the client ends the body.
    client.send("0\r\n\r\n");
    QVERIFY(client.waitForDisconnect(5000));
    QVERIFY(m_requests.isEmpty());
}

void TestHttpListener::bodyAtLimitPasses_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<int>("status");
    QTest::newRow("limit - 1") << kLimit - 1 << 200;
    QTest::newRow("limit") << kLimit << 200;
    QTest::newRow("limit + 1") << kLimit + 1 << 413;
}

void TestHttpListener::bodyAtLimitPasses()
{
    QFETCH(qint64, size);
    QFETCH(int, status);
    const quint16 port = listen();
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    const QByteArray body(size, 'x');
    client.send(requestBytes("POST", "/mcp", body));
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (status == 200) {
        QCOMPARE(m_requests.size(), 1);
        QCOMPARE(m_requests.first().body, body);
    } else {
        QVERIFY(m_requests.isEmpty());
    }
}

void TestHttpListener::chunkedBodyUnderLimitPasses()
{
    const quint16 port = listen();
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    QTRY_VERIFY(serverSocket());
    QSignalSpy serverRead(serverSocket(), &QIODevice::readyRead);
    client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                "5\r\nhello\r\n");
    QTRY_COMPARE(serverRead.count(), 1); // the second chunk comes in a segment of its own
    client.send("6\r\n world\r\n0\r\n\r\n");
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("echo:hello world"));
    QCOMPARE(m_requests.size(), 1);
}

void TestHttpListener::clientGoneBeforeAsyncReply()
{
    bool closed = false;
    m_respond = [this, &closed](const HttpRequest &, std::shared_ptr<HttpReply> reply) {
        reply->onClosed([&closed] { closed = true; });
        m_kept = std::move(reply);
    };
    const quint16 port = listen();
    {
        RawHttpClient client;
        QVERIFY(client.connectTo(port));
        client.send(requestBytes("POST", "/slow", "{}"));
        QTRY_VERIFY(m_kept);
        QVERIFY(m_kept->isOpen());
        client.socket()->disconnectFromHost();
        QVERIFY(client.waitForDisconnect());
    }
    QTRY_VERIFY(!m_kept->isOpen());
    QTRY_VERIFY(closed);
    // Writing to a reply whose client has gone is harmless.
    m_kept->send(HttpResponse::text(200, "too late"));
    m_kept->startStream(200, {});
    m_kept->writeChunk("x");
    m_kept->endStream();

    // The server is fine. Anything those writes left queued runs before the event loop
    // serves this new connection, so a crash or stray write would show up here.
    m_respond = [](const HttpRequest &, std::shared_ptr<HttpReply> reply) {
        reply->send(HttpResponse::empty(204));
    };
    RawHttpClient again;
    QVERIFY(again.connectTo(port));
    again.send(requestBytes("GET", "/"));
    const auto response = again.next();
    QVERIFY(response);
    QCOMPARE(response->status, 204);
}

void TestHttpListener::sseStreamWithChunkedFraming()
{
    m_respond = [this](const HttpRequest &request, std::shared_ptr<HttpReply> reply) {
        if (request.path != QLatin1String("/events")) {
            reply->send(HttpResponse::text(200, "plain"));
            return;
        }
        reply->startStream(200,
                           {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}});
        reply->send(HttpResponse::empty(500)); // ignored: streaming already
        reply->writeChunk("id: 1-1\ndata: one\n\n");
        reply->writeChunk({}); // nothing: an empty chunk would end the body
        m_kept = std::move(reply);
    };
    const quint16 port = listen();
    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    client.send(requestBytes("GET", "/events", {}, "Accept: text/event-stream\r\n"));

    // The head and the first event arrive while the stream is still open.
    QVERIFY(client.waitForData("data: one\n\n\r\n"));
    const QByteArray head = client.buffer().left(client.buffer().indexOf("\r\n\r\n"));
    QVERIFY(head.startsWith("HTTP/1.1 200"));
    QVERIFY(head.toLower().contains("transfer-encoding: chunked"));
    QVERIFY(head.toLower().contains("content-type: text/event-stream"));
    QVERIFY(!head.toLower().contains("content-length"));
    QVERIFY(!takeResponse(client.buffer()).has_value()); // not complete yet

    QVERIFY(m_kept);
    m_kept->writeChunk("id: 1-2\ndata: two\n\n");
    QTimer::singleShot(20, [this] {
        m_kept->endStream();
        QVERIFY(!m_kept->isOpen());
        m_kept->writeChunk("after the end\n\n"); // ignored
    });
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(response->chunked);
    QCOMPARE(response->chunks,
             (QList<QByteArray>{"id: 1-1\ndata: one\n\n", "id: 1-2\ndata: two\n\n"}));

    // The connection stays usable after the stream ended, and the chunk written after the end
    // was dropped: it would stand before this answer and spoil its status line.
    client.send(requestBytes("GET", "/plain"));
    const auto plain = client.next();
    QVERIFY(plain);
    QCOMPARE(plain->status, 200);
    QCOMPARE(plain->body, QByteArray("plain"));
    QVERIFY(client.buffer().isEmpty());
    QCOMPARE(m_requests.size(), 2);
}

void TestHttpListener::httpsRequest()
{
    QString why;
    const auto certificate = TestCertificate::generate(&why);
    if (!certificate)
        QSKIP(qPrintable(why));
    const quint16 port = listen(certificate->serverConfiguration());
    QVERIFY(port != 0);

    RawHttpClient client(true);
    certificate->trustOn(client.sslSocket());
    QVERIFY(client.connectEncrypted(port, QStringLiteral("localhost")));
    client.send(requestBytes("POST", "/mcp", "secret"));
    auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("echo:secret"));
    QCOMPARE(m_requests.size(), 1);
    QVERIFY(m_requests.first().secure);

    // Keep-alive over TLS, and the size limit on the decrypted bytes.
    QSignalSpy rejected(m_listener.get(), &HttpListener::rejected);
    client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Length: " +
                QByteArray::number(kLimit + 1) + "\r\n\r\n");
    response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(m_requests.size(), 1);

    // A client that does not accept this certificate gets no connection.
    RawHttpClient untrusting(true);
    untrusting.sslSocket()->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port,
                                                   QStringLiteral("localhost"));
    QVERIFY(untrusting.waitForDisconnect(10000));
    QVERIFY(!untrusting.sslSocket()->isEncrypted());
}

void TestHttpListener::plainClientOnTlsPortGetsNoHttpAnswer()
{
    QString why;
    const auto certificate = TestCertificate::generate(&why);
    if (!certificate)
        QSKIP(qPrintable(why));
    const quint16 port = listen(certificate->serverConfiguration());

    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    client.send(requestBytes("GET", "/health"));
    QVERIFY(client.waitForDisconnect(5000));
    QVERIFY(!client.buffer().contains("HTTP/"));
    QVERIFY(m_requests.isEmpty());
}

QTEST_GUILESS_MAIN(TestHttpListener)
#include "TestHttpListener.moc"
