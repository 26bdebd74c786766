#pragma once

#include "server/simulator/PveSimulator.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QUrlQuery>

namespace pmcp::testing {

// A test client for the simulator over real HTTPS: accepts its certificate by fingerprint only.
class SimClient final {
public:
    struct Response {
        int status = 0;
        QByteArray reason;
        QJsonObject body;
        QList<QNetworkReply::RawHeaderPair> headers;
        QJsonValue data() const { return body.value(QStringLiteral("data")); }
        QString message() const { return body.value(QStringLiteral("message")).toString(); }
    };

    explicit SimClient(PveSimulator &sim)
        : m_sim(sim)
        , m_authorization(QStringLiteral("PVEAPIToken=root@pam!mcp=%1").arg(sim.tokenSecret()))
    {}

    void setAuthorization(const QString &value) { m_authorization = value; }
    void setHeader(const QByteArray &name, const QByteArray &value) { m_extra[name] = value; }

    Response get(const QString &path, const QUrlQuery &query = {})
    {
        return send("GET", path, query, {}, {});
    }
    Response del(const QString &path, const QUrlQuery &query = {})
    {
        return send("DELETE", path, query, {}, {});
    }
    Response post(const QString &path, const QUrlQuery &form = {}, const QByteArray &verb = "POST")
    {
        QByteArray body = form.toString(QUrl::FullyEncoded).toUtf8();
        return send(verb, path, {}, body, "application/x-www-form-urlencoded");
    }
    Response postJson(const QString &path, const QJsonObject &json)
    {
        return send("POST", path, {}, QJsonDocument(json).toJson(), "application/json");
    }

    Response send(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                  const QByteArray &body, const QByteArray &contentType)
    {
        QUrl url(QStringLiteral("https://127.0.0.1:%1/api2/json%2").arg(m_sim.port()).arg(path));
        if (!query.isEmpty())
            url.setQuery(query);
        QNetworkRequest request(url);
        if (!m_authorization.isEmpty())
            request.setRawHeader("Authorization", m_authorization.toUtf8());
        for (auto it = m_extra.begin(); it != m_extra.end(); ++it)
            request.setRawHeader(it.key(), it.value());
        if (!contentType.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        QNetworkReply *reply = m_nam.sendCustomRequest(request, verb, body);
        const QString expected = m_sim.fingerprintSha256();
        QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply, expected] {
            const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
            if (QString::fromLatin1(peer.digest(QCryptographicHash::Sha256).toHex(':').toUpper()) ==
                expected)
                reply->ignoreSslErrors();
        });
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(10000);
        Response response;
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.reason =
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        response.body = QJsonDocument::fromJson(reply->readAll()).object();
        response.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return response;
    }

private:
    PveSimulator &m_sim;
    QString m_authorization;
    QHash<QByteArray, QByteArray> m_extra;
    QNetworkAccessManager m_nam;
};

} // namespace pmcp::testing
