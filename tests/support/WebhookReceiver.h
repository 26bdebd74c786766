#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>

namespace pmcp::testing {

// A loopback HTTP server that records the requests it gets (a webhook's receiving end): one
// request per connection, answered with the status set (200 by default) and closed.
class WebhookReceiver final : public QObject {
    Q_OBJECT
public:
    struct Request {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
    };

    explicit WebhookReceiver(QObject *parent = nullptr);
    // On 127.0.0.1; port 0 lets the system pick.
    bool listen(quint16 port = 0);
    void close() { m_server.close(); }
    quint16 port() const { return m_port; }
    QString url(const QString &path = QStringLiteral("/hook")) const;
    void setStatus(int status) { m_status = status; }
    const QList<Request> &requests() const { return m_requests; }

    // A port that was free a moment ago and has nothing listening now.
    static quint16 closedPort();

signals:
    void received();

private:
    void serve(QTcpSocket *socket);

    QTcpServer m_server;
    quint16 m_port = 0;
    int m_status = 200;
    QList<Request> m_requests;
};

} // namespace pmcp::testing
