#include "tests/support/RawHttpClient.h"

#include <QHostAddress>
#include <QTest>

namespace pmcp::testing {

std::optional<RawResponse> takeResponse(QByteArray &buffer)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    RawResponse response;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    response.statusLine = lines.value(0).trimmed();
    response.status = response.statusLine.split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            response.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                    lines.at(i).mid(colon + 1).trimmed());
    }
    qsizetype at = headEnd + 4;
    if (response.headers.value("transfer-encoding").toLower() == "chunked") {
        response.chunked = true;
        for (;;) {
            const qsizetype lineEnd = buffer.indexOf("\r\n", at);
            if (lineEnd < 0)
                return std::nullopt;
            bool ok = false;
            const qint64 size =
                buffer.mid(at, lineEnd - at).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok)
                return std::nullopt;
            if (buffer.size() < lineEnd + 2 + size + 2)
                return std::nullopt;
            at = lineEnd + 2 + size + 2;
            if (size == 0)
                break;
            const QByteArray chunk = buffer.mid(lineEnd + 2, size);
            response.chunks.append(chunk);
            response.body += chunk;
        }
    } else {
        const qint64 length = response.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < at + length)
            return std::nullopt;
        response.body = buffer.mid(at, length);
        at += length;
    }
    buffer.remove(0, at);
    return response;
}

RawHttpClient::RawHttpClient(bool tls)
    : m_socket(tls ? new QSslSocket : new QTcpSocket)
{
    QObject::connect(m_socket.get(), &QIODevice::readyRead, m_socket.get(),
                     [this] { m_buffer += m_socket->readAll(); });
}

bool RawHttpClient::connectTo(quint16 port, int timeoutMs)
{
    m_socket->connectToHost(QHostAddress::LocalHost, port);
    return QTest::qWaitFor([this] { return m_socket->state() == QAbstractSocket::ConnectedState; },
                           timeoutMs);
}

bool RawHttpClient::connectEncrypted(quint16 port, const QString &peerName, int timeoutMs)
{
    sslSocket()->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, peerName);
    return QTest::qWaitFor([this] { return sslSocket()->isEncrypted(); }, timeoutMs);
}

void RawHttpClient::send(const QByteArray &bytes)
{
    m_socket->write(bytes);
    m_socket->flush();
}

std::optional<RawResponse> RawHttpClient::next(int timeoutMs)
{
    std::optional<RawResponse> response;
    (void)QTest::qWaitFor(
        [&] {
            response = takeResponse(m_buffer);
            return response.has_value();
        },
        timeoutMs);
    return response;
}

bool RawHttpClient::waitForData(const QByteArray &needle, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_buffer.contains(needle); }, timeoutMs);
}

bool RawHttpClient::waitForDisconnect(int timeoutMs)
{
    return QTest::qWaitFor(
        [this] { return m_socket->state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

QByteArray requestBytes(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                        const QByteArray &extraHeaders)
{
    QByteArray bytes = method + ' ' + path + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders;
    if (!body.isEmpty() || method == "POST")
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

} // namespace pmcp::testing
