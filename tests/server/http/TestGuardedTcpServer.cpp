#include "server/http/GuardedTcpServer.h"

#include "tests/support/RawHttpClient.h"
#include "tests/support/TestCertificate.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace pmcp;
using namespace pmcp::testing;

namespace {

constexpr qint64 kLimit = 1024;
constexpr qint64 kHeaderAllowance = 64 * 1024; // as in GuardedTcpServer.cpp

// Stands in for the HTTP layer: takes the pending connections and reads what the guard lets
// through, connecting its readyRead slot after the guard's, as QAbstractHttpServer does.
class Consumer : public QObject {
public:
    explicit Consumer(GuardedTcpServer *server)
        : m_server(server)
    {
        connect(server, &QTcpServer::newConnection, this, &Consumer::take);
    }

    void take()
    {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            sockets.append(socket);
            connect(socket, &QIODevice::readyRead, this, [this, socket] {
                const QByteArray data = socket->readAll();
                received += data;
                // One "request" per line: dispatched as soon as it is complete.
                if (dispatchOnNewline && data.endsWith('\n'))
                    GuardedTcpServer::requestDispatched(socket);
            });
        }
    }

    GuardedTcpServer *m_server;
    QList<QPointer<QTcpSocket>> sockets;
    QByteArray received;
    bool dispatchOnNewline = false;
};

QByteArray headersAnnouncing(qint64 length)
{
    return "POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
           "Content-Length: " +
           QByteArray::number(length) + "\r\n\r\n";
}

} // namespace

class TestGuardedTcpServer final : public QObject {
    Q_OBJECT

private slots:
    void plainConnectionPassesBytesThrough();
    void announcedLengthOverLimitIs413BeforeBody_data();
    void announcedLengthOverLimitIs413BeforeBody();
    void announcedLengthInHeadersSplitAcrossSegments();
    void announcedLengthAtLimitPasses();
    void streamedBytesPastLimitAre413();
    void dispatchedRequestsResetTheCount();
    void slowHeadersAre408();
    void slowBodyIs408();
    void dispatchedRequestStopsTheDeadline();
    void tlsConnectionIsPendingAfterHandshake();
    void plainClientOnTlsPortIsDropped();
};

void TestGuardedTcpServer::plainConnectionPassesBytesThrough()
{
    GuardedTcpServer server(kLimit, std::nullopt);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(server.serverPort() != 0);
    Consumer consumer(&server);
    QSignalSpy tooLarge(&server, &GuardedTcpServer::requestTooLarge);

    RawHttpClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QTRY_COMPARE(consumer.sockets.size(), 1);
    QVERIFY(qobject_cast<QSslSocket *>(consumer.sockets.first().data()) == nullptr);
    const QByteArray request = headersAnnouncing(5) + "hello";
    client.send(request);
    QTRY_COMPARE(consumer.received, request);
    QCOMPARE(tooLarge.count(), 0);

    // And back.
    consumer.sockets.first()->write("pong");
    QVERIFY(client.waitForData("pong"));
}

void TestGuardedTcpServer::announcedLengthOverLimitIs413BeforeBody_data()
{
    QTest::addColumn<QByteArray>("contentLength");
    QTest::newRow("limit + 1") << QByteArray::number(kLimit + 1);
    QTest::newRow("huge") << QByteArray("99999999999");
    QTest::newRow("upper case header name") << QByteArray::number(kLimit * 4);
}

void TestGuardedTcpServer::announcedLengthOverLimitIs413BeforeBody()
{
    QFETCH(QByteArray, contentLength);
    GuardedTcpServer server(kLimit, std::nullopt);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Consumer consumer(&server);
    QSignalSpy tooLarge(&server, &GuardedTcpServer::requestTooLarge);

    RawHttpClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    const QByteArray name = QByteArray(QTest::currentDataTag()).startsWith("upper")
                                ? "CONTENT-LENGTH"
                                : "Content-Length";
    // Only the header block: the 413 must come without the body ever being sent.
    client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\n" + name + ": " + contentLength +
                "\r\n\r\n");
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(response->headers.value("connection"), QByteArray("close"));
    QCOMPARE(response->headers.value("content-type"), QByteArray("application/json"));
    const QJsonObject body = QJsonDocument::fromJson(response->body).object();
    QCOMPARE(body.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(),
             -32600);
    QVERIFY(body.contains(QLatin1String("id")));
    QCOMPARE(tooLarge.count(), 1);
    QVERIFY(consumer.received.isEmpty()); // the HTTP layer never saw the request

    // Whatever the client still sends is drained, then the connection closes.
    client.send(QByteArray(4096, 'x'));
    QVERIFY(client.waitForDisconnect(5000));
    QVERIFY(consumer.received.isEmpty());
    QCOMPARE(tooLarge.count(), 1);
}

void TestGuardedTcpServer::announcedLengthInHeadersSplitAcrossSegments()
{
    // A client (or attacker) that sends the header block in pieces.
    GuardedTcpServer server(kLimit, std::nullopt);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Consumer consumer(&server);
    QSignalSpy tooLarge(&server, &GuardedTcpServer::requestTooLarge);

    RawHttpClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QTRY_COMPARE(consumer.sockets.size(), 1);
    client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\n");
    QTRY_VERIFY(!consumer.received.isEmpty());
    client.send("Content-Length: 100000\r\n");
    // The blank line only once the guard has seen the length line, in a segment of its own.
    QTRY_VERIFY(consumer.received.contains("Content-Length") || !tooLarge.isEmpty());
    client.send("\r\n");
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(tooLarge.count(), 1);
    QVERIFY(!consumer.received.contains("\r\n\r\n"));
}

void TestGuardedTcpServer::announcedLengthAtLimitPasses()
{
    GuardedTcpServer server(kLimit, std::nullopt);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Consumer consumer(&server);
    QSignalSpy tooLarge(&server, &GuardedTcpServer::requestTooLarge);

    RawHttpClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    const QByteArray request = headersAnnouncing(kLimit) + QByteArray(kLimit, 'a');
    client.send(request);
    QTRY_COMPARE(consumer.received.size(), request.size());
    QCOMPARE(tooLarge.count(), 0);
    QVERIFY(!client.buffer().contains("413"));
}

void TestGuardedTcpServer::streamedBytesPastLimitAre413()
{
    // No Content-Length (a chunked body): the raw bytes are counted.
    GuardedTcpServer server(kLimit, std::nullopt);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Consumer consumer(&server);
    QSignalSpy tooLarge(&server, &GuardedTcpServer::requestTooLarge);

    RawHttpClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    const QByteArray head =
        "POST /mcp HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
    client.send(head);
    const QByteArray chunk = "2000\r\n" + QByteArray(0x2000, 'z') + "\r\n";
    qint64 sent = 0;
    // One chunk at a time, each once the guard has passed on everything before it or refused.
    while (tooLarge.isEmpty() && sent < 4 * (kLimit + kHeaderAllowance)) {
        client.send(chunk);
        sent += chunk.size();
        QTRY_VERIFY(!tooLarge.isEmpty() || consumer.received.size() == head.size() + sent);
    }
    QVERIFY(!tooLarge.isEmpty());
    QVERIFY(sent > kLimit);
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    // The HTTP layer saw no more than the limit and the header allowance.
    QVERIFY(consumer.received.size() <= kLimit + kHeaderAllowance);
    QVERIFY(client.waitForDisconnect(5000));
}

void TestGuardedTcpServer::dispatchedRequestsResetTheCount()
{
    GuardedTcpServer server(kLimit, std::nullopt);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Consumer consumer(&server);
    consumer.dispatchOnNewline = true;
    QSignalSpy tooLarge(&server, &GuardedTcpServer::requestTooLarge);

    RawHttpClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    // Many requests on one connection add up to far more than a single one may carry.
    const QByteArray line = QByteArray(kLimit / 2, 'r') + '\n';
    qint64 total = 0;
    for (int i = 0; i < 200; ++i) {
        client.send(line);
        total += line.size();
        QTRY_COMPARE(consumer.received.size(), total);
    }
    QVERIFY(total > kLimit + kHeaderAllowance);
    QCOMPARE(tooLarge.count(), 0);
    QCOMPARE(client.socket()->state(), QAbstractSocket::ConnectedState);
}

void TestGuardedTcpServer::slowHeadersAre408()
{
    GuardedTcpServer server(kLimit, std::nullopt, {200, 60000});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Consumer consumer(&server);
    QSignalSpy timedOut(&server, &GuardedTcpServer::requestTimedOut);
    QSignalSpy tooLarge(&server, &GuardedTcpServer::requestTooLarge);

    RawHttpClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send("POST /mcp HTTP/1.1\r\nHost: local"); // and nothing more
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QCOMPARE(response->headers.value("connection"), QByteArray("close"));
    QCOMPARE(QJsonDocument::fromJson(response->body)
                 .object()
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("code"))
                 .toInt(),
             -32600);
    QVERIFY(client.waitForDisconnect(5000));
    QCOMPARE(timedOut.count(), 1);
    QCOMPARE(tooLarge.count(), 0);
}

void TestGuardedTcpServer::slowBodyIs408()
{
    GuardedTcpServer server(kLimit, std::nullopt, {60000, 200});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Consumer consumer(&server);
    QSignalSpy timedOut(&server, &GuardedTcpServer::requestTimedOut);

    RawHttpClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    // The headers are complete at once; the announced body never is.
    client.send(headersAnnouncing(100) + QByteArray(10, 'x'));
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QVERIFY(client.waitForDisconnect(5000));
    QCOMPARE(timedOut.count(), 1);
}

void TestGuardedTcpServer::dispatchedRequestStopsTheDeadline()
{
    GuardedTcpServer server(kLimit, std::nullopt, {200, 200});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Consumer consumer(&server);
    consumer.dispatchOnNewline = true;
    QSignalSpy timedOut(&server, &GuardedTcpServer::requestTimedOut);

    RawHttpClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    const QByteArray request = headersAnnouncing(2) + "{\n";
    client.send(request);
    QTRY_COMPARE(consumer.received, request);
    QCOMPARE(consumer.sockets.size(), 1);
    // Dispatched: the kept-alive connection waits for its next request without a deadline.
    const auto *deadline = consumer.sockets.first()->findChild<QTimer *>(
        QStringLiteral("pmcp_request_deadline"), Qt::FindDirectChildrenOnly);
    QVERIFY(deadline);
    QVERIFY(!deadline->isActive());
    // The next request's first byte starts its clock again.
    client.send("GET /");
    QTRY_VERIFY(deadline->isActive());
    QVERIFY(client.next());
    QCOMPARE(timedOut.count(), 1);
}

void TestGuardedTcpServer::tlsConnectionIsPendingAfterHandshake()
{
    QString why;
    const auto certificate = TestCertificate::generate(&why);
    if (!certificate)
        QSKIP(qPrintable(why));
    GuardedTcpServer server(kLimit, certificate->serverConfiguration());
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Consumer consumer(&server);

    RawHttpClient client(true);
    certificate->trustOn(client.sslSocket());
    QVERIFY(client.connectEncrypted(server.serverPort(), QStringLiteral("localhost")));
    QTRY_COMPARE(consumer.sockets.size(), 1);
    auto *serverSide = qobject_cast<QSslSocket *>(consumer.sockets.first().data());
    QVERIFY(serverSide);
    QVERIFY(serverSide->isEncrypted());
    QCOMPARE(client.sslSocket()->peerCertificate(), certificate->certificate);

    const QByteArray request = headersAnnouncing(2) + "ok";
    client.send(request);
    QTRY_COMPARE(consumer.received, request);

    // The size guard works on the decrypted bytes too.
    GuardedTcpServer::requestDispatched(serverSide); // as the HTTP layer does per request
    QSignalSpy tooLarge(&server, &GuardedTcpServer::requestTooLarge);
    consumer.received.clear();
    client.send(headersAnnouncing(kLimit + 1));
    const auto response = client.next();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(tooLarge.count(), 1);
}

void TestGuardedTcpServer::plainClientOnTlsPortIsDropped()
{
    QString why;
    const auto certificate = TestCertificate::generate(&why);
    if (!certificate)
        QSKIP(qPrintable(why));
    GuardedTcpServer server(kLimit, certificate->serverConfiguration());
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Consumer consumer(&server);

    RawHttpClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    client.send(headersAnnouncing(2) + "ok");
    QVERIFY(client.waitForDisconnect(5000));
    QVERIFY(!client.buffer().contains("HTTP/"));
    QVERIFY(consumer.sockets.isEmpty());
    QVERIFY(consumer.received.isEmpty());
}

QTEST_GUILESS_MAIN(TestGuardedTcpServer)
#include "TestGuardedTcpServer.moc"
