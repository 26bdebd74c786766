#include "McpLoadClient.h"

#include <QElapsedTimer>

namespace {
qint64 now()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.nsecsElapsed();
}
} // namespace

McpLoadClient::McpLoadClient(quint16 port, QByteArray token, QByteArray body,
                             QByteArray statelessHeaders, QObject *parent)
    : QObject(parent)
    , m_port(port)
    , m_token(std::move(token))
    , m_body(std::move(body))
    , m_statelessHeaders(std::move(statelessHeaders))
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &McpLoadClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        m_error = m_socket.errorString();
        emit done();
    });
}

void McpLoadClient::start(qint64 calls)
{
    m_remaining = calls;
    m_latencies.reserve(std::size_t(calls));
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    if (!m_statelessHeaders.isEmpty()) {
        // No handshake on the 2026 wire: every call is like the first.
        m_stage = 2;
        m_remaining--;
        send(m_body);
        return;
    }
    send(
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}})");
}

void McpLoadClient::send(const QByteArray &body)
{
    QByteArray request =
        "POST /api/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_token +
        "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n";
    request += m_statelessHeaders.isEmpty() ? QByteArray("MCP-Protocol-Version: 2025-11-25\r\n")
                                            : m_statelessHeaders;
    if (!m_session.isEmpty())
        request += "Mcp-Session-Id: " + m_session + "\r\n";
    request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    m_sentAt = now();
    m_socket.write(request);
}

void McpLoadClient::onReadyRead()
{
    m_buffer += m_socket.readAll();
    for (;;) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = m_buffer.left(end);
        const qsizetype at = head.toLower().indexOf("content-length:");
        const qint64 length =
            at < 0 ? 0
                   : head.mid(at + 15, head.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
        if (m_buffer.size() < end + 4 + length)
            return;
        const QByteArray body = m_buffer.mid(end + 4, length);
        m_buffer.remove(0, end + 4 + length);
        onResponse(head.mid(9, 3).toInt(), head, body);
    }
}

void McpLoadClient::onResponse(int status, const QByteArray &headers, const QByteArray &body)
{
    const qint64 latency = now() - m_sentAt;
    if (status >= 300) {
        m_error = QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(body));
        emit done();
        return;
    }
    if (m_stage == 0) {
        const qsizetype at = headers.toLower().indexOf("mcp-session-id:");
        m_session = headers.mid(at + 15, headers.indexOf("\r\n", at) - at - 15).trimmed();
        m_stage = 1;
        send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
        return;
    }
    if (m_stage == 2)
        m_latencies.push_back(latency);
    m_stage = 2;
    if (m_remaining-- <= 0) {
        emit done();
        return;
    }
    send(m_body);
}
