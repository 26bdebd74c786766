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
// pinned SHA-256 fingerprint, keep-alive connections reused across calls, timeouts, retries of
// idempotent calls, and failover across the target's node addresses.
//
// At most target.maxConnections requests are in flight at once; more wait in a queue, in order.
// Qt opens at most six connections per host and access manager, so the client keeps
// ceil(maxConnections / 6) managers and sends each request on the first that has fewer than six
// in flight: at low concurrency every request shares the first manager's warm connections.
//
// With target.coalesceReads, a GET identical to one already in flight (same path, parameters
// and timeout; one client is one target and one set of credentials) is not sent again: it
// waits for that request's answer, success or error. A write sent through this client ends
// the sharing: no GET asked after the write started, or after it ended, joins a GET that was
// sent before, so a read after a write never sees the state from before it.
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

    // Requests sent to Proxmox (retries and logins included), GET calls answered by a request
    // already in flight, the most requests ever in flight at once, and the access managers.
    qint64 requestsSent() const;
    qint64 coalescedCalls() const;
    int peakInFlight() const;
    int managerCount() const;

signals:
    void failedOver(const QString &from, const QString &to);
    // A GET call joined an identical request in flight instead of sending its own.
    void callCoalesced();

private:
    struct Call;
    struct Private;
    void send(const std::shared_ptr<Call> &call);
    void dispatch(const std::shared_ptr<Call> &call);
    void startQueued();
    void addAuthentication(QNetworkRequest &networkRequest, Call &call) const;
    void watchTls(QNetworkReply *reply, const QString &where);
    void withTicket(std::function<void(const std::optional<ProxmoxError> &)> done);
    void login(const QString &password,
               std::function<void(const std::optional<ProxmoxError> &)> done);
    void finishTicketWaiters(const std::optional<ProxmoxError> &error);
    void onFinished(QNetworkReply *reply, int manager, const std::shared_ptr<Call> &call);
    void onNetworkError(QNetworkReply *reply, const std::shared_ptr<Call> &call);
    void onHttpError(QNetworkReply *reply, int status, const std::shared_ptr<Call> &call);
    void onSuccess(QNetworkReply *reply, int status, const std::shared_ptr<Call> &call);
    void failOver(int fromIndex);

    ProxmoxTarget m_target;
    std::unique_ptr<Private> d;
};

} // namespace pmcp
