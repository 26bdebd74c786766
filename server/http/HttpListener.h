#pragma once

#include "shared/core/Result.h"
#include "server/http/HttpRequest.h"
#include "server/http/HttpResponse.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <functional>
#include <memory>
#include <optional>

namespace pmcp {

class QtHttpServerBackend;

// Accepts HTTP(S) connections and hands each request to one handler. The only class that
// touches QtHttpServer, so that a newer Qt changes one place. Refuses bodies over the limit
// with 413 before they are buffered.
class HttpListener final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpListener)
public:
    using Handler = std::function<void(HttpRequest, std::shared_ptr<HttpReply>)>;

    HttpListener(Handler handler, qint64 maxBodyBytes, QObject *parent = nullptr);
    ~HttpListener() override;

    // TLS when a configuration is given. Port 0 lets the system pick; port() tells which.
    Result<quint16> listen(const QHostAddress &address, quint16 port,
                           const std::optional<QSslConfiguration> &tls = std::nullopt);
    quint16 port() const { return m_port; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }

signals:
    // A request was refused before it reached the handler (413 too large, 400 malformed).
    void rejected(int status);

private:
    friend class QtHttpServerBackend;
    void dispatch(HttpRequest request, std::shared_ptr<HttpReply> reply);

    Handler m_handler;
    qint64 m_maxBodyBytes;
    quint16 m_port = 0;
    QtHttpServerBackend *m_backend = nullptr;
};

} // namespace pmcp
