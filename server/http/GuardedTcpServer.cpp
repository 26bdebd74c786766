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
// The timer of the current request's deadline, a child of the socket.
constexpr const char *kDeadlineTimer = "pmcp_request_deadline";
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
                                   Deadlines deadlines, QObject *parent)
    : QTcpServer(parent)
    , m_maxBodyBytes(maxBodyBytes)
    , m_tls(std::move(tls))
    , m_deadlines(deadlines)
{}

void GuardedTcpServer::requestDispatched(QTcpSocket *socket)
{
    if (!socket)
        return;
    socket->setProperty(kPendingBytes, qint64(0));
    socket->setProperty(kHeadBytes, QByteArray());
    socket->setProperty(kHeadDone, false);
    // The next request's header deadline starts with its first byte: a kept-alive connection
    // that waits is left to the idle timeout.
    if (auto *deadline =
            socket->findChild<QTimer *>(QLatin1String(kDeadlineTimer), Qt::FindDirectChildrenOnly))
        deadline->stop();
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
    auto *deadline = new QTimer(socket);
    deadline->setObjectName(QLatin1String(kDeadlineTimer));
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [this, socket] {
        refuse(socket, "408 Request Timeout", "request not received in time");
        emit requestTimedOut();
    });
    requestDispatched(socket); // initial state: a new request, nothing seen yet
    deadline->start(m_deadlines.headerMs);
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
    connect(socket, &QIODevice::readyRead, this, [this, socket, deadline] {
        const qint64 available = socket->bytesAvailable();
        const qint64 pending = socket->property(kPendingBytes).toLongLong();
        if (!socket->property(kHeadDone).toBool()) {
            if (!deadline->isActive())
                deadline->start(m_deadlines.headerMs);
            // Until the header block is complete, however many segments it comes in.
            QByteArray head = socket->property(kHeadBytes).toByteArray();
            head += socket->peek(qMin<qint64>(available, kHeaderAllowance - head.size()));
            if (announcedLength(head) > m_maxBodyBytes)
                return tooLarge(socket);
            const bool done = head.contains("\r\n\r\n") || head.size() >= kHeaderAllowance;
            socket->setProperty(kHeadDone, done);
            socket->setProperty(kHeadBytes, done ? QByteArray() : head);
            // The body must follow in time; the HTTP layer stops the clock on dispatch.
            if (done)
                deadline->start(m_deadlines.bodyMs);
        }
        const qint64 total = pending + available;
        socket->setProperty(kPendingBytes, total);
        if (total > m_maxBodyBytes + kHeaderAllowance)
            tooLarge(socket);
    });
}

void GuardedTcpServer::tooLarge(QTcpSocket *socket)
{
    refuse(socket, "413 Payload Too Large", "request body too large");
    emit requestTooLarge();
}

void GuardedTcpServer::refuse(QTcpSocket *socket, const QByteArray &statusLine,
                              const QByteArray &message)
{
    if (auto *deadline =
            socket->findChild<QTimer *>(QLatin1String(kDeadlineTimer), Qt::FindDirectChildrenOnly))
        deadline->stop();
    // Take the socket away from the HTTP parser (its slot has not run for this chunk yet).
    disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    connect(socket, &QIODevice::readyRead, socket, [socket] { socket->readAll(); });
    socket->readAll();
    const QByteArray body =
        R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":")" + message + R"("}})";
    socket->write("HTTP/1.1 " + statusLine +
                  "\r\nContent-Type: application/json\r\n"
                  "Connection: close\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
    // Keep draining a moment so the client reads the answer instead of a connection reset.
    QTimer::singleShot(1000, socket, [socket] { socket->disconnectFromHost(); });
}

} // namespace pmcp
