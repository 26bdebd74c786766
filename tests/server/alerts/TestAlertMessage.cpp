#include "server/alerts/AlertMessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/hmac.h>

using namespace pmcp;

namespace {

Alert sample(Alert::Kind kind = Alert::Kind::Raised)
{
    Alert alert;
    alert.id = QStringLiteral("a-00000000000000ff");
    alert.key = QStringLiteral("proxmox.unreachable:lab");
    alert.kind = kind;
    alert.severity = Alert::Severity::Critical;
    alert.title = QStringLiteral("Proxmox target lab is unreachable");
    alert.message = QStringLiteral("connection refused <@everyone> & more");
    alert.time =
        QDateTime::fromString(QStringLiteral("2026-12-07T10:00:00.000Z"), Qt::ISODateWithMs);
    return alert;
}

AlertChannel channel(AlertChannel::Kind kind, const QByteArray &secret = {})
{
    AlertChannel c;
    c.kind = kind;
    c.url = QStringLiteral("https://hooks.example.com/T0/B0/secret");
    c.secret = secret;
    c.from = QStringLiteral("mcp@example.com");
    c.to = {QStringLiteral("ops@example.com"), QStringLiteral("oncall@example.com")};
    return c;
}

QByteArray header(const AlertMessage &message, const QByteArray &name)
{
    for (const auto &[key, value] : message.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

// HMAC-SHA256 by OpenSSL, beside the product's Qt implementation.
QByteArray opensslHmac(const QByteArray &key, const QByteArray &data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.constData(), int(key.size()),
         reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()), out,
         &length);
    return QByteArray(reinterpret_cast<const char *>(out), int(length)).toHex();
}

} // namespace

class TestAlertMessage : public QObject {
    Q_OBJECT

private slots:
    void genericJsonFollowsTheSchema()
    {
        const AlertMessage message = AlertMessage::render(
            channel(AlertChannel::Kind::Webhook), sample(), QStringLiteral("mcp1"), 1700000000);
        QCOMPARE(message.protocol, AlertMessage::Protocol::HttpPost);
        QCOMPARE(header(message, "Content-Type"), QByteArray("application/json"));
        QCOMPARE(header(message, "X-Proxmox-MCP-Event"), QByteArray("raised"));
        QVERIFY(header(message, AlertMessage::kSignatureHeader).isEmpty()); // no secret
        const QJsonObject body = QJsonDocument::fromJson(message.body).object();
        QCOMPARE(body.keys(),
                 (QStringList{QStringLiteral("id"), QStringLiteral("key"), QStringLiteral("kind"),
                              QStringLiteral("message"), QStringLiteral("schema"),
                              QStringLiteral("severity"), QStringLiteral("source"),
                              QStringLiteral("time"), QStringLiteral("title")}));
        QCOMPARE(body[QLatin1String("schema")].toString(), QStringLiteral("proxmox-mcp.alert/1"));
        QCOMPARE(body[QLatin1String("kind")].toString(), QStringLiteral("raised"));
        QCOMPARE(body[QLatin1String("severity")].toString(), QStringLiteral("critical"));
        QCOMPARE(body[QLatin1String("key")].toString(), QStringLiteral("proxmox.unreachable:lab"));
        QCOMPARE(body[QLatin1String("time")].toString(),
                 QStringLiteral("2026-12-07T10:00:00.000Z"));
        QCOMPARE(body[QLatin1String("source")][QLatin1String("host")].toString(),
                 QStringLiteral("mcp1"));
        QCOMPARE(body[QLatin1String("source")][QLatin1String("product")].toString(),
                 QStringLiteral("proxmox-mcp"));
    }

    void theSignatureIsAnHmacOfTimestampAndBody()
    {
        const QByteArray secret = "s3cr3t-key";
        const AlertMessage message =
            AlertMessage::render(channel(AlertChannel::Kind::Webhook, secret), sample(),
                                 QStringLiteral("mcp1"), 1700000123);
        QCOMPARE(header(message, AlertMessage::kTimestampHeader), QByteArray("1700000123"));
        QCOMPARE(header(message, AlertMessage::kSignatureHeader),
                 "sha256=" + opensslHmac(secret, "1700000123." + message.body));
        // Another key gives another signature.
        QVERIFY(header(message, AlertMessage::kSignatureHeader) !=
                "sha256=" + opensslHmac("other", "1700000123." + message.body));
    }

    void slackEscapesItsControlCharacters()
    {
        const AlertMessage message = AlertMessage::render(channel(AlertChannel::Kind::Slack),
                                                          sample(), QStringLiteral("mcp1"), 0);
        const QString text =
            QJsonDocument::fromJson(message.body).object()[QLatin1String("text")].toString();
        QVERIFY2(text.startsWith(
                     QLatin1String("*CRITICAL: Proxmox target lab is unreachable (mcp1)*\n")),
                 qPrintable(text));
        QVERIFY(text.contains(QLatin1String("connection refused &lt;@everyone&gt; &amp; more")));
        QVERIFY(header(message, AlertMessage::kSignatureHeader).isEmpty());
    }

    void discordMentionsNobody()
    {
        const AlertMessage message =
            AlertMessage::render(channel(AlertChannel::Kind::Discord), sample(Alert::Kind::Cleared),
                                 QStringLiteral("mcp1"), 0);
        const QJsonObject body = QJsonDocument::fromJson(message.body).object();
        QVERIFY(
            body[QLatin1String("content")].toString().startsWith(QLatin1String("**RECOVERED: ")));
        QVERIFY(body[QLatin1String("allowed_mentions")][QLatin1String("parse")].isArray());
        QVERIFY(
            body[QLatin1String("allowed_mentions")][QLatin1String("parse")].toArray().isEmpty());
    }

    void anEmailIsAWholeMessage()
    {
        const AlertMessage message = AlertMessage::render(channel(AlertChannel::Kind::Email),
                                                          sample(), QStringLiteral("mcp1"), 0);
        QCOMPARE(message.protocol, AlertMessage::Protocol::Smtp);
        QCOMPARE(message.from, QStringLiteral("mcp@example.com"));
        QCOMPARE(message.to.size(), 2);
        const QByteArray mail = message.body;
        QVERIFY(mail.contains("From: mcp@example.com\r\n"));
        QVERIFY(mail.contains("To: ops@example.com, oncall@example.com\r\n"));
        QVERIFY(mail.contains(
            "Subject: [proxmox-mcp mcp1] CRITICAL: Proxmox target lab is unreachable\r\n"));
        QVERIFY(mail.contains("Date: Mon, 07 Dec 2026 10:00:00 +0000\r\n"));
        QVERIFY(mail.contains("\r\n\r\nconnection refused <@everyone> & more\r\n"));
        QVERIFY(!mail.contains("\n\n")); // every line ends in CRLF
    }

    void aNonAsciiSubjectIsEncoded()
    {
        Alert alert = sample();
        alert.title = QStringLiteral("Sauvegarde échouée");
        const AlertMessage message = AlertMessage::render(channel(AlertChannel::Kind::Email), alert,
                                                          QStringLiteral("mcp1"), 0);
        QVERIFY(message.body.contains("Subject: =?UTF-8?B?"));
    }
};

QTEST_GUILESS_MAIN(TestAlertMessage)
#include "TestAlertMessage.moc"
