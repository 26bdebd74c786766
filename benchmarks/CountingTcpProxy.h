#pragma once

#include <QTcpServer>

// Forwards TCP connections on a loopback port to another port, byte for byte, and counts
// them: put between the daemon and the simulator, it tells how many TLS handshakes the
// daemon's REST client made (one per connection) without touching either side.
class CountingTcpProxy final : public QTcpServer {
    Q_OBJECT
public:
    explicit CountingTcpProxy(quint16 targetPort, QObject *parent = nullptr);

    bool start();
    qint64 connections() const { return m_connections; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    quint16 m_targetPort;
    qint64 m_connections = 0;
};
