#include "server/alerts/AlertMessage.h"

#include "shared/core/Version.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMessageAuthenticationCode>

namespace pmcp {

namespace {

QString slackEscaped(QString text)
{
    // Slack's mrkdwn treats these three as control characters (its "escaping text" rules).
    return text.replace(QLatin1Char('&'), QLatin1String("&amp;"))
        .replace(QLatin1Char('<'), QLatin1String("&lt;"))
        .replace(QLatin1Char('>'), QLatin1String("&gt;"));
}

QString marker(const Alert &alert)
{
    if (alert.kind == Alert::Kind::Cleared)
        return QStringLiteral("RECOVERED");
    if (alert.kind == Alert::Kind::Test)
        return QStringLiteral("TEST");
    if (alert.kind == Alert::Kind::Report)
        return QStringLiteral("REPORT");
    return Alert::severityName(alert.severity).toUpper();
}

// Reports are preformatted columns: a code block keeps them aligned.
QString bodyText(const Alert &alert, const char *fence)
{
    if (alert.kind == Alert::Kind::Report)
        return QString::fromLatin1(fence) + QLatin1Char('\n') + alert.message +
               QString::fromLatin1(fence);
    return alert.message;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// An RFC 2047 encoded word when the text is not plain ASCII.
QByteArray headerText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        if (static_cast<unsigned char>(c) >= 0x80 || c == '\r' || c == '\n')
            return "=?UTF-8?B?" + utf8.toBase64() + "?=";
    }
    return utf8;
}

QByteArray mail(const AlertChannel &channel, const Alert &alert, const QString &host)
{
    QStringList lines{
        alert.message, QString(),
        QStringLiteral("Condition: %1 (%2)").arg(alert.key, Alert::kindName(alert.kind)),
        QStringLiteral("Time: %1").arg(alert.time.toString(Qt::ISODate)),
        QStringLiteral("Host: %1, proxmox-mcp %2").arg(host, productVersion())};
    QByteArray body;
    for (QString line : lines.join(QLatin1Char('\n')).split(QLatin1Char('\n'))) {
        line.remove(QLatin1Char('\r'));
        body += line.toUtf8() + "\r\n";
    }
    const QString date =
        QLocale::c().toString(alert.time.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")) +
        QStringLiteral(" +0000");
    QByteArray message;
    message += "Date: " + date.toLatin1() + "\r\n";
    message += "From: " + channel.from.toUtf8() + "\r\n";
    message += "To: " + channel.to.join(QStringLiteral(", ")).toUtf8() + "\r\n";
    message += "Subject: " + headerText(AlertMessage::subject(alert, host)) + "\r\n";
    message += "Message-ID: <" + alert.id.toLatin1() + "." +
               QByteArray::number(alert.time.toMSecsSinceEpoch()) + "@proxmox-mcp>\r\n";
    message += "MIME-Version: 1.0\r\n";
    message += "Content-Type: text/plain; charset=utf-8\r\n";
    message += "Content-Transfer-Encoding: 8bit\r\n";
    message += "X-Proxmox-MCP-Alert: " + alert.key.toUtf8() + "\r\n";
    message += "\r\n" + body;
    return message;
}

} // namespace

QString AlertMessage::subject(const Alert &alert, const QString &host)
{
    return QStringLiteral("[proxmox-mcp %1] %2: %3").arg(host, marker(alert), alert.title);
}

QByteArray AlertMessage::genericJson(const Alert &alert, const QString &host)
{
    QJsonObject object = alert.toJson();
    object.insert(QStringLiteral("schema"), QLatin1String(kSchema));
    object.insert(QStringLiteral("source"),
                  QJsonObject{{QStringLiteral("product"), QStringLiteral("proxmox-mcp")},
                              {QStringLiteral("version"), productVersion()},
                              {QStringLiteral("host"), host}});
    return json(object);
}

QByteArray AlertMessage::signature(const QByteArray &secret, qint64 unixTime,
                                   const QByteArray &body)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, secret);
    mac.addData(QByteArray::number(unixTime) + '.' + body);
    return "sha256=" + mac.result().toHex();
}

AlertMessage AlertMessage::render(const AlertChannel &channel, const Alert &alert,
                                  const QString &host, qint64 unixTime)
{
    AlertMessage message;
    message.url = channel.url;
    const QString headline = QStringLiteral("%1: %2 (%3)").arg(marker(alert), alert.title, host);
    switch (channel.kind) {
    case AlertChannel::Kind::Slack:
        message.body =
            json({{QStringLiteral("text"),
                   QStringLiteral("*%1*\n%2")
                       .arg(slackEscaped(headline), slackEscaped(bodyText(alert, "```")))}});
        break;
    case AlertChannel::Kind::Discord:
        // No mentions: a message quoting a client's name must not ping @everyone.
        message.body =
            json({{QStringLiteral("content"),
                   QStringLiteral("**%1**\n%2").arg(headline, bodyText(alert, "```")).left(2000)},
                  {QStringLiteral("username"), QStringLiteral("proxmox-mcp")},
                  {QStringLiteral("allowed_mentions"),
                   QJsonObject{{QStringLiteral("parse"), QJsonArray()}}}});
        break;
    case AlertChannel::Kind::Webhook:
        message.body = genericJson(alert, host);
        message.headers.emplace_back("X-Proxmox-MCP-Event", Alert::kindName(alert.kind).toLatin1());
        if (!channel.secret.isEmpty()) {
            message.headers.emplace_back(kTimestampHeader, QByteArray::number(unixTime));
            message.headers.emplace_back(kSignatureHeader,
                                         signature(channel.secret, unixTime, message.body));
        }
        break;
    case AlertChannel::Kind::Email:
        message.protocol = Protocol::Smtp;
        message.user = channel.user;
        message.password = channel.password;
        message.caFile = channel.caFile;
        message.from = channel.from;
        message.to = channel.to;
        message.body = mail(channel, alert, host);
        return message;
    }
    message.headers.prepend({"Content-Type", "application/json"});
    message.headers.emplace_back("User-Agent", "proxmox-mcp/" + productVersion().toLatin1());
    return message;
}

} // namespace pmcp
