#pragma once

#include "shared/core/Result.h"
#include "server/proxmox/ProxmoxTypes.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <variant>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace pmcp {

using ProxmoxResult = std::variant<ProxmoxReply, ProxmoxError>;
using ProxmoxCallback = std::function<void(const ProxmoxResult &)>;

// Asynchronous client of one Proxmox VE target: token or ticket auth (ticket renewed before
// its two hours run out, CSRF token on writes), TLS verification with an optional CA file or
// pinned SHA-256 fingerprint, one connection pool reused across calls, timeouts, retries of
// idempotent calls, and failover across the target's node addresses.
class ProxmoxClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxmoxClient)
public:
    explicit ProxmoxClient(ProxmoxTarget target, QObject *parent = nullptr);
    ~ProxmoxClient() override;

    const ProxmoxTarget &target() const { return m_target; }
    // Sends the request; the callback runs once, on the event loop, with the reply or error.
    void request(const ProxmoxRequest &request, ProxmoxCallback callback);
    // Convenience: GET with query parameters.
    void get(const QString &path, const QJsonObject &params, ProxmoxCallback callback);

    // The API token for the calls sent from now on (a reload after `rotate api-token`).
    void setToken(const QString &tokenName, const QString &tokenSecret)
    {
        m_target.tokenName = tokenName;
        m_target.tokenSecret = tokenSecret;
    }
    // Whether TLS verification is off (shown as degraded in /health).
    bool isInsecure() const { return !m_target.verifyTls; }
    // The node address currently preferred (after failover).
    QString currentHost() const;
    // Ticket auth: a ticket older than this is renewed before the next call (default 90 min,
    // Proxmox tickets last two hours). Tests shorten it.
    void setTicketRenewalIntervalMs(qint64 ms);

signals:
    void failedOver(const QString &from, const QString &to);

private:
    struct Call;
    struct Private;
    void send(const std::shared_ptr<Call> &call);
    void addAuthentication(QNetworkRequest &networkRequest, Call &call) const;
    void watchTls(QNetworkReply *reply, const QString &where);
    void withTicket(std::function<void(const std::optional<ProxmoxError> &)> done);
    void login(const QString &password,
               std::function<void(const std::optional<ProxmoxError> &)> done);
    void finishTicketWaiters(const std::optional<ProxmoxError> &error);
    void onFinished(QNetworkReply *reply, const std::shared_ptr<Call> &call);
    void onNetworkError(QNetworkReply *reply, const std::shared_ptr<Call> &call);
    void onHttpError(QNetworkReply *reply, int status, const std::shared_ptr<Call> &call);
    void onSuccess(QNetworkReply *reply, int status, const std::shared_ptr<Call> &call);
    void failOver(int fromIndex);

    ProxmoxTarget m_target;
    std::unique_ptr<Private> d;
};

} // namespace pmcp
