#include "CountingTcpProxy.h"

#include <QTcpSocket>

CountingTcpProxy::CountingTcpProxy(quint16 targetPort, QObject *parent)
    : QTcpServer(parent)
    , m_targetPort(targetPort)
{}

bool CountingTcpProxy::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void CountingTcpProxy::incomingConnection(qintptr descriptor)
{
    auto *inbound = new QTcpSocket(this);
    if (!inbound->setSocketDescriptor(descriptor)) {
        delete inbound;
        return;
    }
    ++m_connections;
    auto *outbound = new QTcpSocket(this);
    inbound->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    outbound->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const auto pipe = [](QTcpSocket *from, QTcpSocket *to) {
        connect(from, &QTcpSocket::readyRead, to, [from, to] {
            if (to->state() == QAbstractSocket::ConnectedState)
                to->write(from->readAll());
        });
        connect(from, &QTcpSocket::disconnected, to, [to] { to->disconnectFromHost(); });
    };
    // Bytes that arrive before the outbound connection is up wait in the inbound buffer.
    connect(outbound, &QTcpSocket::connected, inbound, [inbound, outbound] {
        if (inbound->bytesAvailable() > 0)
            outbound->write(inbound->readAll());
    });
    pipe(inbound, outbound);
    pipe(outbound, inbound);
    connect(inbound, &QTcpSocket::disconnected, inbound, &QObject::deleteLater);
    connect(outbound, &QTcpSocket::disconnected, outbound, &QObject::deleteLater);
    outbound->connectToHost(QHostAddress::LocalHost, m_targetPort);
}
