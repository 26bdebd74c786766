#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSslSocket>
#include <QTcpSocket>

#include <memory>
#include <optional>

namespace pmcp::testing {

// One HTTP/1.1 response as it came over the wire.
struct RawResponse {
    int status = 0;
    QByteArray statusLine;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;                       // de-chunked
    QList<QByteArray> chunks;              // the chunks of a chunked body, in order
    bool chunked = false;
};

// Parses one response from the front of buffer; nullopt while it is incomplete. On success
// the response's bytes are removed from buffer.
std::optional<RawResponse> takeResponse(QByteArray &buffer);

// A hand-written HTTP/1.1 client over a real socket: raw bytes out, raw bytes in. Every wait
// runs the event loop until its condition holds or its deadline passes.
class RawHttpClient final {
public:
    explicit RawHttpClient(bool tls = false);

    QTcpSocket *socket() const { return m_socket.get(); }
    QSslSocket *sslSocket() const { return qobject_cast<QSslSocket *>(m_socket.get()); }

    bool connectTo(quint16 port, int timeoutMs = 5000);
    // TLS: connects to 127.0.0.1 but checks the certificate for peerName.
    bool connectEncrypted(quint16 port, const QString &peerName, int timeoutMs = 10000);
    void send(const QByteArray &bytes);
    // The next complete response, waiting up to timeoutMs for it.
    std::optional<RawResponse> next(int timeoutMs = 5000);
    // Waits until buffer() contains needle.
    bool waitForData(const QByteArray &needle, int timeoutMs = 5000);
    bool waitForDisconnect(int timeoutMs = 5000);

    QByteArray &buffer() { return m_buffer; }

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

QByteArray requestBytes(const QByteArray &method, const QByteArray &path,
                        const QByteArray &body = {}, const QByteArray &extraHeaders = {});

} // namespace pmcp::testing
