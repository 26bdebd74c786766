#include "server/http/HttpListener.h"

#include "server/http/GuardedTcpServer.h"

#include <QPointer>
#include <QTcpSocket>
#include <QtHttpServer/QAbstractHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtHttpServer/QHttpServerResponder>

namespace pmcp {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "UNKNOWN";
    }
}

// Writes one reply on a connection, now or later. Checks the socket is still there first:
// the client may have gone while the work ran.
class QtHttpReply final : public HttpReply {
public:
    QtHttpReply(QHttpServerResponder &&responder, QTcpSocket *socket)
        : m_responder(std::move(responder))
        , m_socket(socket)
    {}

    bool isOpen() const override { return !m_finished && m_socket && m_socket->isOpen(); }

    void send(const HttpResponse &response) override
    {
        if (!isOpen() || m_streaming)
            return;
        m_finished = true;
        writeHead(response.status, response.headers, response.reason);
        m_responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
        m_responder.writeBody(response.body);
    }

    void startStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers) override
    {
        if (!isOpen() || m_streaming)
            return;
        m_streaming = true;
        writeHead(status, headers);
        // Chunked framing lets the stream end without closing a keep-alive connection.
        m_responder.writeHeader("Transfer-Encoding", "chunked");
        m_responder.writeBody(QByteArray());
    }

    void writeChunk(const QByteArray &data) override
    {
        if (!isOpen() || !m_streaming || data.isEmpty())
            return;
        m_responder.writeBody(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    }

    void endStream() override
    {
        if (!isOpen() || !m_streaming)
            return;
        m_finished = true;
        m_responder.writeBody(QByteArrayLiteral("0\r\n\r\n"));
    }

    void onClosed(std::function<void()> callback) override
    {
        if (!m_socket)
            return;
        QObject::connect(m_socket, &QTcpSocket::disconnected, m_socket,
                         [this, callback = std::move(callback), alive = m_alive] {
                             if (alive.expired() || m_finished)
                                 return;
                             callback();
                         });
    }

private:
    void writeHead(int status, const QList<std::pair<QByteArray, QByteArray>> &headers,
                   QByteArray reason = {})
    {
        if (reason.isEmpty()) {
            m_responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
        } else {
            // QHttpServerResponder only knows the standard phrases: write the line ourselves.
            reason.replace('\r', ' ').replace('\n', ' ');
            m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n");
        }
        for (const auto &[name, value] : headers)
            m_responder.writeHeader(name, value);
    }

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    bool m_streaming = false;
    bool m_finished = false;
    std::shared_ptr<int> m_token = std::make_shared<int>(0);
    std::weak_ptr<int> m_alive = m_token;
};

} // namespace

// The QAbstractHttpServer subclass: turns Qt's request into ours and hands it on.
class QtHttpServerBackend final : public QAbstractHttpServer {
public:
    explicit QtHttpServerBackend(HttpListener *listener)
        : QAbstractHttpServer(listener)
        , m_listener(listener)
    {}

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        GuardedTcpServer::requestDispatched(socket);
        HttpRequest converted;
        converted.method = methodName(request.method());
        converted.path = request.url().path();
        converted.query = request.query();
        const auto headers = request.headers();
        converted.headers.reserve(headers.size());
        for (const auto &[name, value] : headers)
            converted.headers.append({name.toLower(), value});
        converted.body = request.body();
        converted.peer = request.remoteAddress();
        converted.secure = qobject_cast<QSslSocket *>(socket) != nullptr;
        m_listener->dispatch(std::move(converted),
                             std::make_shared<QtHttpReply>(makeResponder(request, socket), socket));
        return true;
    }

    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
    }

private:
    HttpListener *m_listener;
};

HttpListener::HttpListener(Handler handler, qint64 maxBodyBytes, QObject *parent)
    : QObject(parent)
    , m_handler(std::move(handler))
    , m_maxBodyBytes(maxBodyBytes)
    , m_backend(new QtHttpServerBackend(this))
{}

HttpListener::~HttpListener() = default;

Result<quint16> HttpListener::listen(const QHostAddress &address, quint16 port,
                                     const std::optional<QSslConfiguration> &tls)
{
    auto *server = new GuardedTcpServer(m_maxBodyBytes, tls, this);
    connect(server, &GuardedTcpServer::requestTooLarge, this, [this] { emit rejected(413); });
    connect(server, &GuardedTcpServer::requestTimedOut, this, [this] { emit rejected(408); });
    if (!server->listen(address, port)) {
        const QString reason = server->errorString();
        delete server;
        return Error{ErrorCode::Unavailable, QStringLiteral("cannot listen on %1:%2: %3")
                                                 .arg(address.toString())
                                                 .arg(port)
                                                 .arg(reason)};
    }
    m_port = server->serverPort();
    m_backend->bind(server);
    return m_port;
}

void HttpListener::dispatch(HttpRequest request, std::shared_ptr<HttpReply> reply)
{
    m_handler(std::move(request), std::move(reply));
}

} // namespace pmcp
