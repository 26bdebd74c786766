#include "server/http/GuardedTcpServer.h"

#include <QPointer>
#include <QSslSocket>
#include <QTimer>

namespace pmcp {

namespace {

constexpr const char *kPendingBytes = "pmcp_pending_bytes";
// The header block of the current request as far as it has arrived, kept until it is complete:
// the HTTP parser consumes each segment, so a Content-Length in a later segment could not be
// seen with peek() alone.
constexpr const char *kHeadBytes = "pmcp_head_bytes";
constexpr const char *kHeadDone = "pmcp_head_done";
// Room for the request line and headers on top of the body limit.
constexpr qint64 kHeaderAllowance = 64 * 1024;
constexpr int kHandshakeTimeoutMs = 10000;
constexpr int kIdleTimeoutMs = 120000;

// The Content-Length of a request whose header block is complete in data, or -1.
qint64 announcedLength(const QByteArray &data)
{
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return -1;
    const QByteArray head = data.left(end).toLower();
    const qsizetype at = head.indexOf("\r\ncontent-length:");
    if (at < 0)
        return -1;
    const qsizetype valueStart = at + 17;
    const qsizetype lineEnd = head.indexOf("\r\n", valueStart);
    bool ok = false;
    const qint64 length =
        head.mid(valueStart, lineEnd < 0 ? -1 : lineEnd - valueStart).trimmed().toLongLong(&ok);
    return ok ? length : -1;
}

} // namespace

GuardedTcpServer::GuardedTcpServer(qint64 maxBodyBytes, std::optional<QSslConfiguration> tls,
                                   QObject *parent)
    : QTcpServer(parent)
    , m_maxBodyBytes(maxBodyBytes)
    , m_tls(std::move(tls))
{}

void GuardedTcpServer::requestDispatched(QTcpSocket *socket)
{
    if (!socket)
        return;
    socket->setProperty(kPendingBytes, qint64(0));
    socket->setProperty(kHeadBytes, QByteArray());
    socket->setProperty(kHeadDone, false);
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    if (!m_tls) {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        watch(socket);
        addPendingConnection(socket);
        return;
    }
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSslConfiguration(*m_tls);
    watch(socket);
    QPointer<QSslSocket> guard(socket);
    QTimer::singleShot(kHandshakeTimeoutMs, socket, [guard] {
        if (guard && !guard->isEncrypted())
            guard->abort();
    });
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        addPendingConnection(socket);
        emit newConnection(); // the HTTP server listens for either signal depending on Qt
    });
    connect(socket, &QSslSocket::errorOccurred, socket, [socket] {
        if (!socket->isEncrypted())
            socket->deleteLater();
    });
    connect(socket, &QSslSocket::sslErrors, socket, [socket] { socket->abort(); });
    socket->startServerEncryption();
}

void GuardedTcpServer::watch(QTcpSocket *socket)
{
    requestDispatched(socket); // initial state: a new request, nothing seen yet
    // A connection that neither sends nor receives for a while is closed, so idle or
    // half-open clients (or a slow-header attack) cannot hold sockets forever. Event streams
    // write a keep-alive comment every 15 s and stay open.
    auto *idle = new QTimer(socket);
    idle->setSingleShot(true);
    idle->setInterval(kIdleTimeoutMs);
    connect(idle, &QTimer::timeout, socket, [socket] { socket->abort(); });
    connect(socket, &QIODevice::readyRead, idle, qOverload<>(&QTimer::start));
    connect(socket, &QIODevice::bytesWritten, idle, qOverload<>(&QTimer::start));
    idle->start();
    // Connected before the HTTP server connects its own slot, so it sees each chunk first.
    connect(socket, &QIODevice::readyRead, this, [this, socket] {
        const qint64 available = socket->bytesAvailable();
        const qint64 pending = socket->property(kPendingBytes).toLongLong();
        if (!socket->property(kHeadDone).toBool()) {
            // Until the header block is complete, however many segments it comes in.
            QByteArray head = socket->property(kHeadBytes).toByteArray();
            head += socket->peek(qMin<qint64>(available, kHeaderAllowance - head.size()));
            if (announcedLength(head) > m_maxBodyBytes)
                return refuse(socket);
            const bool done = head.contains("\r\n\r\n") || head.size() >= kHeaderAllowance;
            socket->setProperty(kHeadDone, done);
            socket->setProperty(kHeadBytes, done ? QByteArray() : head);
        }
        const qint64 total = pending + available;
        socket->setProperty(kPendingBytes, total);
        if (total > m_maxBodyBytes + kHeaderAllowance)
            refuse(socket);
    });
}

void GuardedTcpServer::refuse(QTcpSocket *socket)
{
    // Take the socket away from the HTTP parser (its slot has not run for this chunk yet).
    disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    connect(socket, &QIODevice::readyRead, socket, [socket] { socket->readAll(); });
    socket->readAll();
    const QByteArray body = QByteArrayLiteral(
        R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"request body too large"}})");
    socket->write("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
                  "Connection: close\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
    emit requestTooLarge();
    // Keep draining a moment so the client reads the answer instead of a connection reset.
    QTimer::singleShot(1000, socket, [socket] { socket->disconnectFromHost(); });
}

} // namespace pmcp
