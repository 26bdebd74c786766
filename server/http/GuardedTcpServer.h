#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

class QTcpSocket;

namespace pmcp {

// A TCP (or TLS) server that watches each connection's incoming bytes before the HTTP parser
// reads them, so that an oversized request is refused with 413 without being buffered whole.
class GuardedTcpServer final : public QTcpServer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardedTcpServer)
public:
    GuardedTcpServer(qint64 maxBodyBytes, std::optional<QSslConfiguration> tls,
                     QObject *parent = nullptr);

    // Called when the HTTP layer has taken a whole request from the socket.
    static void requestDispatched(QTcpSocket *socket);

signals:
    void requestTooLarge();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void watch(QTcpSocket *socket);
    void refuse(QTcpSocket *socket);

    qint64 m_maxBodyBytes;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace pmcp
