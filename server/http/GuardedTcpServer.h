#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

class QTcpSocket;

namespace pmcp {

// A TCP (or TLS) server that watches each connection's incoming bytes before the HTTP parser
// reads them, so that an oversized request is refused with 413 without being buffered whole,
// and a request whose headers or body arrive too slowly with 408.
class GuardedTcpServer final : public QTcpServer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardedTcpServer)
public:
    // How long a request may take to arrive: its header block from the first byte (or from the
    // connection, for the first request), its announced body from the end of the headers.
    // Generous for a real client on a slow link; short enough that a client sending a byte at
    // a time (slowloris) cannot hold a connection for minutes.
    struct Deadlines {
        int headerMs = 20000;
        int bodyMs = 30000;
    };

    GuardedTcpServer(qint64 maxBodyBytes, std::optional<QSslConfiguration> tls, Deadlines deadlines,
                     QObject *parent = nullptr);
    GuardedTcpServer(qint64 maxBodyBytes, std::optional<QSslConfiguration> tls,
                     QObject *parent = nullptr)
        : GuardedTcpServer(maxBodyBytes, std::move(tls), Deadlines{}, parent)
    {}

    // Called when the HTTP layer has taken a whole request from the socket.
    static void requestDispatched(QTcpSocket *socket);

signals:
    void requestTooLarge();
    void requestTimedOut();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void watch(QTcpSocket *socket);
    void tooLarge(QTcpSocket *socket);
    // Answers statusLine with a JSON-RPC error and closes, the HTTP parser no longer involved.
    void refuse(QTcpSocket *socket, const QByteArray &statusLine, const QByteArray &message);

    qint64 m_maxBodyBytes;
    std::optional<QSslConfiguration> m_tls;
    Deadlines m_deadlines;
};

} // namespace pmcp
