#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpSocket>

#include <functional>
#include <vector>

// One MCP client over a keep-alive HTTP/1.1 connection: initializes a session, then sends the
// same request again and again, recording each latency in nanoseconds. Given the header lines
// of a 2026-07-28 request (MCP-Protocol-Version, Mcp-Method, ...), it sends them instead and
// opens no session: the body then carries its own _meta.
class McpLoadClient final : public QObject {
    Q_OBJECT
public:
    McpLoadClient(quint16 port, QByteArray token, QByteArray body, QByteArray statelessHeaders = {},
                  QObject *parent = nullptr);

    void start(qint64 calls);
    const std::vector<qint64> &latencies() const { return m_latencies; }
    QString error() const { return m_error; }

signals:
    void done();

private:
    void send(const QByteArray &body);
    void onReadyRead();
    void onResponse(int status, const QByteArray &headers, const QByteArray &body);

    QTcpSocket m_socket;
    quint16 m_port;
    QByteArray m_token;
    QByteArray m_body;
    QByteArray m_statelessHeaders;
    QByteArray m_session;
    QByteArray m_buffer;
    qint64 m_remaining = 0;
    int m_stage = 0; // 0 initialize, 1 initialized notification, 2 calls
    qint64 m_sentAt = 0;
    std::vector<qint64> m_latencies;
    QString m_error;
};
