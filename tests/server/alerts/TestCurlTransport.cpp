#include "server/alerts/CurlTransport.h"
#include "tests/support/SmtpReceiver.h"
#include "tests/support/WebhookReceiver.h"
#include "TransportTestTools.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;
using namespace pmcp::testing;

namespace {

AlertMessage post(const QString &url)
{
    AlertMessage message;
    message.url = url;
    message.headers = {{"Content-Type", "application/json"}, {"X-Test", "yes"}};
    message.body = R"({"hello":"world"})";
    return message;
}

AlertMessage mail(const SmtpReceiver &smtp, const QString &password)
{
    AlertMessage message;
    message.protocol = AlertMessage::Protocol::Smtp;
    message.url = smtp.url();
    message.user = QStringLiteral("alerts");
    message.password = password;
    message.caFile = smtp.caFile();
    message.from = QStringLiteral("mcp@example.com");
    message.to = {QStringLiteral("ops@example.com")};
    message.body = "From: mcp@example.com\r\nTo: ops@example.com\r\nSubject: hi\r\n\r\n"
                   "first line\r\n.a line that starts with a dot\r\n";
    return message;
}

} // namespace

class TestCurlTransport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { CurlTransport::initialize(); }

    void postsTheBodyAndHeaders()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const auto sent = sendBeside(post(receiver.url(QStringLiteral("/hooks/a"))));
        QVERIFY2(sent.ok(), qPrintable(sent.error().message));
        QCOMPARE(receiver.requests().size(), 1);
        const auto &request = receiver.requests().first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/hooks/a"));
        QCOMPARE(request.body, QByteArray(R"({"hello":"world"})"));
        QCOMPARE(request.headers.value("x-test"), QByteArray("yes"));
        QCOMPARE(request.headers.value("content-type"), QByteArray("application/json"));
    }

    void aRefusingWebhookIsAnErrorNamingTheStatus()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setStatus(500);
        const auto sent = sendBeside(post(receiver.url()));
        QVERIFY(!sent.ok());
        QVERIFY2(sent.error().message.contains(QLatin1String("HTTP 500")),
                 qPrintable(sent.error().message));
    }

    void anUnreachableWebhookNamesTheHostNotThePath()
    {
        const auto sent = sendBeside(post(QStringLiteral("http://127.0.0.1:%1/T000/B000/secretpath")
                                              .arg(WebhookReceiver::closedPort())));
        QVERIFY(!sent.ok());
        QCOMPARE(sent.error().code, ErrorCode::Unavailable);
        QVERIFY(!sent.error().message.contains(QLatin1String("secretpath")));
    }

    void otherSchemesAreRefused()
    {
        AlertMessage message = post(QStringLiteral("file:///etc/passwd"));
        QVERIFY(!sendBeside(message).ok());
    }

    void mailGoesThroughStartTlsAndAuth()
    {
        SmtpReceiver smtp;
        QString why;
        if (!smtp.start(QStringLiteral("alerts"), QStringLiteral("pa55"), &why))
            QFAIL(qPrintable(why));
        const auto sent = sendBeside(mail(smtp, QStringLiteral("pa55")));
        QVERIFY2(sent.ok(), qPrintable(sent.error().message));
        const auto messages = smtp.messages();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages[0].envelope[QLatin1String("tls")].toBool(), true);
        QCOMPARE(messages[0].envelope[QLatin1String("authenticated")].toBool(), true);
        QCOMPARE(messages[0].envelope[QLatin1String("mail_from")].toString(),
                 QStringLiteral("mcp@example.com"));
        QCOMPARE(messages[0].envelope[QLatin1String("rcpt_tos")].toArray().first().toString(),
                 QStringLiteral("ops@example.com"));
        QVERIFY(messages[0].content.contains("Subject: hi"));
        // libcurl stuffed the dot and the server took it off again.
        QVERIFY(messages[0].content.contains("\r\n.a line that starts with a dot"));
    }

    void aWrongPasswordIsRefused()
    {
        SmtpReceiver smtp;
        QString why;
        if (!smtp.start(QStringLiteral("alerts"), QStringLiteral("pa55"), &why))
            QFAIL(qPrintable(why));
        const auto sent = sendBeside(mail(smtp, QStringLiteral("wrong")));
        QVERIFY(!sent.ok());
        QVERIFY(smtp.messages().isEmpty());
    }

    void anUntrustedCertificateIsRefused()
    {
        SmtpReceiver smtp;
        QString why;
        if (!smtp.start(QStringLiteral("alerts"), QStringLiteral("pa55"), &why))
            QFAIL(qPrintable(why));
        AlertMessage message = mail(smtp, QStringLiteral("pa55"));
        message.caFile.clear(); // the system's CAs do not know the throwaway certificate
        QVERIFY(!sendBeside(message).ok());
        QVERIFY(smtp.messages().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCurlTransport)
#include "TestCurlTransport.moc"
