#pragma once

#include "tests/support/TestCertificate.h"
#include "server/http/HttpListener.h"

#include <QJsonDocument>
#include <QSslServer>
#include <QSslSocket>

#include <functional>
#include <memory>

namespace pmcp::testing {

// What the fake saw of one request.
struct SeenRequest {
    QByteArray method;
    QString path;
    QUrlQuery query;
    QByteArray body;
    QByteArray authorization;
    QByteArray cookie;
    QByteArray csrf;
    QByteArray contentType;
    QUrlQuery form() const { return QUrlQuery(QString::fromUtf8(body)); }
};

// A small HTTPS server answering like Proxmox (/api2/json envelope) from a handler, on the
// project's own HttpListener. A handler returning nullopt leaves the request unanswered.
class FakePve {
public:
    using Handler = std::function<std::optional<HttpResponse>(const SeenRequest &)>;

    explicit FakePve(Handler handler)
        : m_handler(std::move(handler))
        , m_listener(
              [this](HttpRequest request, std::shared_ptr<HttpReply> reply) {
                  onRequest(std::move(request), std::move(reply));
              },
              1 << 20)
    {}

    bool start(const TestCertificate &certificate,
               const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0)
    {
        const auto result = m_listener.listen(address, port, certificate.serverConfiguration());
        return result.ok();
    }
    quint16 port() const { return m_listener.port(); }
    const QList<SeenRequest> &requests() const { return m_requests; }
    // Requests the handler left unanswered so far (nullopt), and answering them all.
    qsizetype heldCount() const { return m_held.size(); }
    void answerHeld(const HttpResponse &response)
    {
        const auto held = std::exchange(m_held, {});
        for (const auto &reply : held)
            reply->send(response);
    }

    static HttpResponse data(const QJsonValue &data, int status = 200)
    {
        return HttpResponse::json(status, QJsonObject{{QStringLiteral("data"), data}});
    }
    static HttpResponse body(int status, const QByteArray &json)
    {
        return HttpResponse::text(status, json, "application/json;charset=UTF-8");
    }

private:
    void onRequest(HttpRequest request, std::shared_ptr<HttpReply> reply)
    {
        SeenRequest seen{request.method,
                         request.path.mid(QStringLiteral("/api2/json").size()),
                         request.query,
                         request.body,
                         request.header("authorization"),
                         request.header("cookie"),
                         request.header("csrfpreventiontoken"),
                         request.header("content-type")};
        m_requests.append(seen);
        if (auto response = m_handler(seen))
            reply->send(*response);
        else
            m_held.append(reply); // never answered: for timeouts
    }

    Handler m_handler;
    HttpListener m_listener;
    QList<SeenRequest> m_requests;
    QList<std::shared_ptr<HttpReply>> m_held;
};

// A TLS server that answers every request with one raw response (any status line, e.g. the
// reason-phrase-only errors of PVE <= 8.2 or 596), or closes the connection without an answer
// when the response is empty.
class RawTlsServer : public QObject {
public:
    explicit RawTlsServer(QByteArray response)
        : m_response(std::move(response))
    {
        connect(&m_server, &QSslServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
    }

    bool start(const TestCertificate &certificate,
               const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0)
    {
        m_server.setSslConfiguration(certificate.serverConfiguration());
        return m_server.listen(address, port);
    }
    quint16 port() const { return m_server.serverPort(); }
    int requestCount() const { return m_requests; }

    static QByteArray response(const QByteArray &statusLine, const QByteArray &body)
    {
        return "HTTP/1.1 " + statusLine + "\r\nContent-Type: application/json;charset=UTF-8\r\n" +
               "Content-Length: " + QByteArray::number(body.size()) +
               "\r\nConnection: close\r\n\r\n" + body;
    }

private:
    void serve(QTcpSocket *socket)
    {
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            if (!buffer->contains("\r\n\r\n"))
                return;
            ++m_requests;
            buffer->clear();
            if (!m_response.isEmpty())
                socket->write(m_response);
            socket->disconnectFromHost();
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

    QSslServer m_server;
    QByteArray m_response;
    int m_requests = 0;
};

} // namespace pmcp::testing
