#pragma once

#include "server/alerts/Alert.h"
#include "server/alerts/AlertChannel.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace pmcp {

// What one delivery sends, ready for the transport: an HTTP POST (a webhook) or an e-mail over
// SMTP. render() is a pure function of the channel, the alert and the moment, so the tests
// check each channel's body, the generic schema and the signature without a network.
struct AlertMessage final {
    enum class Protocol { HttpPost, Smtp };
    Protocol protocol = Protocol::HttpPost;
    QString url;
    QList<std::pair<QByteArray, QByteArray>> headers; // HTTP only
    QByteArray body; // the JSON, or the whole RFC 5322 message (CRLF line ends)
    // SMTP only
    QString user, password, caFile, from;
    QStringList to;

    static constexpr char kSchema[] = "proxmox-mcp.alert/1";
    static constexpr char kSignatureHeader[] = "X-Proxmox-MCP-Signature";
    static constexpr char kTimestampHeader[] = "X-Proxmox-MCP-Timestamp";

    // host: the daemon's host name, named in every message. unixTime: the signature's moment.
    static AlertMessage render(const AlertChannel &channel, const Alert &alert, const QString &host,
                               qint64 unixTime);
    // The generic webhook's JSON (docs/ALERTS.md).
    static QByteArray genericJson(const Alert &alert, const QString &host);
    // "sha256=" and the hex HMAC-SHA256 of "<unixTime>.<body>" under secret.
    static QByteArray signature(const QByteArray &secret, qint64 unixTime, const QByteArray &body);
    // The e-mail's subject: "[proxmox-mcp HOST] WARNING: title".
    static QString subject(const Alert &alert, const QString &host);
};

} // namespace pmcp
