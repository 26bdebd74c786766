#include "server/proxmox/ProxmoxClient.h"

#include "server/proxmox/ApiSchema.h"
#include "server/proxmox/ProxmoxLogCategory.h"

#include "server/proxmox/ProxmoxEncoding.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <cstring>
#include <deque>
#include <vector>

namespace pmcp {

namespace {

constexpr qint64 kDefaultTicketRenewalMs = 90LL * 60 * 1000;
constexpr const char *kTlsProblemProperty = "pmcpTlsProblem";
constexpr const char *kPeerDigestProperty = "pmcpPeerDigest";
// Qt's access manager opens at most this many connections per host.
constexpr int kConnectionsPerManager = 6;

// What makes two GETs of one client the same request.
QByteArray coalescingKey(const ProxmoxRequest &request)
{
    return request.path.toUtf8() + '\n' +
           QJsonDocument(request.params).toJson(QJsonDocument::Compact) + '\n' +
           QByteArray::number(request.timeoutMs.value_or(-1));
}

QString hostPort(const QString &host, quint16 port)
{
    return (host.contains(u':') && !host.startsWith(u'[') ? u'[' + host + u']' : host) + u':' +
           QString::number(port);
}

QString bareHost(const QString &host)
{
    return host.startsWith(u'[') && host.endsWith(u']') ? host.mid(1, host.size() - 2) : host;
}

QByteArray baseUrl(const QString &host, quint16 port)
{
    const QString bare = bareHost(host);
    const QByteArray name = bare.contains(u':') ? '[' + bare.toLatin1() + ']' : QUrl::toAce(bare);
    return "https://" + name + ':' + QByteArray::number(port) + "/api2/json";
}

// The request never reached the server: another node may take it, whatever the method.
bool neverConnected(QNetworkReply::NetworkError error)
{
    return error == QNetworkReply::ConnectionRefusedError ||
           error == QNetworkReply::HostNotFoundError;
}

ProxmoxError transportError(const QString &path, ErrorCode code, const QString &message)
{
    ProxmoxError error;
    error.status = 0;
    error.path = path;
    error.code = code;
    error.message = message;
    return error;
}

// A request body Qt cannot rewind, so that it never resends a non-idempotent request.
class OneShotBody final : public QIODevice {
public:
    explicit OneShotBody(QByteArray data)
        : m_data(std::move(data))
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }
    qint64 bytesAvailable() const override
    {
        return m_data.size() - m_offset + QIODevice::bytesAvailable();
    }
    bool atEnd() const override { return m_offset >= m_data.size(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_offset >= m_data.size())
            return -1;
        const qint64 count = std::min<qint64>(maxSize, m_data.size() - m_offset);
        memcpy(data, m_data.constData() + m_offset, static_cast<size_t>(count));
        m_offset += count;
        return count;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_offset = 0;
};

} // namespace

// One call in flight: where it is sent, how often it was retried.
struct ProxmoxClient::Call {
    ProxmoxRequest request;
    ProxmoxCallback callback;
    bool anonymous = false; // the login itself: no ticket, no token
    int host = 0;
    int hostsTried = 0;
    int transientRetries = 0;
    bool reauthenticated = false;
    QString ticketUsed;
};

struct ProxmoxClient::Private {
    // The callbacks of the GET calls that wait for one request.
    struct Flight {
        QList<ProxmoxCallback> waiters;
    };
    std::vector<QNetworkAccessManager *> managers;
    std::vector<int> busy; // requests in flight per manager
    int maxInFlight = 1;
    int inFlight = 0;
    int peakInFlight = 0;
    std::deque<std::shared_ptr<Call>> queued;           // waiting for a free slot, in order
    QHash<QByteArray, std::shared_ptr<Flight>> flights; // GETs that later GETs may join
    qint64 sent = 0;
    qint64 coalesced = 0;
    QSslConfiguration tls;
    QString tlsSetupProblem; // e.g. an unreadable CA file: every call fails with it
    QByteArray pin;          // SHA-256 of the pinned leaf certificate
    int current = 0;
    // Ticket auth.
    QString ticket;
    QByteArray csrf;
    QElapsedTimer ticketAge;
    qint64 renewAfterMs = kDefaultTicketRenewalMs;
    bool loggingIn = false;
    QList<std::function<void(const std::optional<ProxmoxError> &)>> ticketWaiters;
};

namespace {

QSslConfiguration makeTls(const ProxmoxTarget &target, QString *problem)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setSslOption(QSsl::SslOptionDisableSessionPersistence, false);
    tls.setSslOption(QSsl::SslOptionDisableSessionTickets, false);
    if (!target.verifyTls) {
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        return tls;
    }
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!target.caFile.isEmpty()) {
        QFile file(target.caFile);
        QList<QSslCertificate> extra;
        if (file.open(QIODevice::ReadOnly))
            extra = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (extra.isEmpty()) {
            *problem = QStringLiteral("the CA file %1 holds no readable PEM certificate")
                           .arg(target.caFile);
        }
        // Adding certificates turns off on-demand loading of the system store: add it too.
        tls.setCaCertificates(QSslConfiguration::systemCaCertificates() + extra);
    }
    return tls;
}

} // namespace

ProxmoxClient::ProxmoxClient(ProxmoxTarget target, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
    , d(std::make_unique<Private>())
{
    d->maxInFlight = std::max(1, m_target.maxConnections);
    const int managers = (d->maxInFlight + kConnectionsPerManager - 1) / kConnectionsPerManager;
    for (int i = 0; i < managers; ++i) {
        auto *network = new QNetworkAccessManager(this);
        network->setCookieJar(nullptr);
        d->managers.push_back(network);
        d->busy.push_back(0);
    }
    d->tls = makeTls(m_target, &d->tlsSetupProblem);
    if (!m_target.fingerprint.isEmpty()) {
        d->pin = ProxmoxEncoding::parseFingerprint(m_target.fingerprint);
        if (d->pin.isEmpty())
            d->tlsSetupProblem =
                QStringLiteral("the fingerprint of target %1 is not a SHA-256 fingerprint")
                    .arg(m_target.name);
    }
    if (!m_target.verifyTls)
        qCWarning(lcProxmox).noquote()
            << QStringLiteral("TLS verification is off for Proxmox target %1: anyone on the "
                              "network path can impersonate it")
                   .arg(m_target.name);
}

ProxmoxClient::~ProxmoxClient() = default;

QString ProxmoxClient::currentHost() const
{
    return m_target.hosts.isEmpty() ? QString() : m_target.hosts.value(d->current);
}

void ProxmoxClient::setTicketRenewalIntervalMs(qint64 ms)
{
    d->renewAfterMs = ms;
}

qint64 ProxmoxClient::requestsSent() const
{
    return d->sent;
}

qint64 ProxmoxClient::coalescedCalls() const
{
    return d->coalesced;
}

int ProxmoxClient::peakInFlight() const
{
    return d->peakInFlight;
}

int ProxmoxClient::managerCount() const
{
    return static_cast<int>(d->managers.size());
}

void ProxmoxClient::get(const QString &path, const QJsonObject &params, ProxmoxCallback callback)
{
    ProxmoxRequest request;
    request.path = path;
    request.params = params;
    this->request(request, std::move(callback));
}

void ProxmoxClient::request(const ProxmoxRequest &request, ProxmoxCallback callback)
{
    QString problem = d->tlsSetupProblem;
    if (m_target.hosts.isEmpty())
        problem = QStringLiteral("target %1 has no host").arg(m_target.name);
    if (!problem.isEmpty()) {
        const ProxmoxError error = transportError(request.path, ErrorCode::Unavailable, problem);
        QTimer::singleShot(0, this, [callback = std::move(callback), error] { callback(error); });
        return;
    }
    if (request.method == "GET" && request.isIdempotent() && m_target.coalesceReads) {
        const QByteArray key = coalescingKey(request);
        if (const auto joined = d->flights.constFind(key); joined != d->flights.constEnd()) {
            joined.value()->waiters.append(std::move(callback));
            ++d->coalesced;
            emit callCoalesced();
            return;
        }
        auto flight = std::make_shared<Private::Flight>();
        flight->waiters.append(std::move(callback));
        d->flights.insert(key, flight);
        callback = [this, key, flight](const ProxmoxResult &result) {
            const auto own = d->flights.constFind(key);
            if (own != d->flights.constEnd() && own.value() == flight)
                d->flights.erase(own);
            const auto waiters = std::exchange(flight->waiters, {});
            for (const ProxmoxCallback &waiter : waiters)
                waiter(result);
        };
    } else if (request.method != "GET") {
        // A write: GETs sent before it may answer with the state before it; later GETs send
        // their own request (those already waiting keep theirs).
        d->flights.clear();
        callback = [this, done = std::move(callback)](const ProxmoxResult &result) {
            d->flights.clear();
            done(result);
        };
    }
    auto call = std::make_shared<Call>();
    call->request = request;
    call->callback = std::move(callback);
    if (m_target.usesToken() || m_target.password.isEmpty()) {
        send(call);
        return;
    }
    withTicket([this, call](const std::optional<ProxmoxError> &error) {
        if (error)
            call->callback(*error);
        else
            send(call);
    });
}

void ProxmoxClient::withTicket(std::function<void(const std::optional<ProxmoxError> &)> done)
{
    if (!d->ticket.isEmpty() && d->ticketAge.elapsed() < d->renewAfterMs) {
        done(std::nullopt);
        return;
    }
    d->ticketWaiters.append(std::move(done));
    if (d->loggingIn)
        return;
    d->loggingIn = true;
    if (d->ticket.isEmpty()) {
        login(m_target.password, [this](const auto &error) { finishTicketWaiters(error); });
        return;
    }
    // Renewal: the current ticket serves as the password; if that fails, log in afresh.
    login(d->ticket, [this](const std::optional<ProxmoxError> &error) {
        if (!error) {
            finishTicketWaiters(std::nullopt);
            return;
        }
        d->ticket.clear();
        login(m_target.password, [this](const auto &retry) { finishTicketWaiters(retry); });
    });
}

void ProxmoxClient::finishTicketWaiters(const std::optional<ProxmoxError> &error)
{
    d->loggingIn = false;
    const auto waiters = std::exchange(d->ticketWaiters, {});
    for (const auto &waiter : waiters)
        waiter(error);
}

void ProxmoxClient::login(const QString &password,
                          std::function<void(const std::optional<ProxmoxError> &)> done)
{
    auto call = std::make_shared<Call>();
    call->anonymous = true;
    call->request.method = "POST";
    call->request.path = QStringLiteral("/access/ticket");
    call->request.params = {{QStringLiteral("username"), m_target.user},
                            {QStringLiteral("password"), password}};
    call->request.idempotent = true; // a login changes nothing: safe to try on another node
    call->callback = [this, done = std::move(done)](const ProxmoxResult &result) {
        if (const auto *error = std::get_if<ProxmoxError>(&result)) {
            ProxmoxError failure = *error;
            if (failure.status == 401)
                failure.message =
                    QStringLiteral("login as %1 failed: %2").arg(m_target.user, failure.message);
            done(failure);
            return;
        }
        const QJsonObject data = std::get<ProxmoxReply>(result).data.toObject();
        const QString ticket = data.value(QLatin1String("ticket")).toString();
        if (ticket.isEmpty() || data.contains(QLatin1String("NeedTFA"))) {
            done(transportError(QStringLiteral("/access/ticket"), ErrorCode::Unauthenticated,
                                QStringLiteral("login as %1 gave no usable ticket (two-factor "
                                               "authentication is not supported; use an API "
                                               "token)")
                                    .arg(m_target.user)));
            return;
        }
        d->ticket = ticket;
        d->csrf = data.value(QLatin1String("CSRFPreventionToken")).toString().toUtf8();
        d->ticketAge.start();
        done(std::nullopt);
    };
    send(call);
}

namespace {
// The parameters of this call that the API schema types as arrays.
QSet<QString> arrayParams(const ProxmoxRequest &request)
{
    QSet<QString> keys;
    bool hasArray = false;
    for (auto it = request.params.constBegin(); it != request.params.constEnd(); ++it)
        hasArray = hasArray || it.value().isArray();
    if (!hasArray)
        return keys;
    const auto resolved =
        ApiSchema::instance().resolve(QString::fromLatin1(request.method), request.path);
    if (!resolved.ok())
        return keys;
    if (const ApiMethod *method = ApiSchema::instance().find(resolved.value().templatePath,
                                                             QString::fromLatin1(request.method))) {
        for (const ApiParam &param : method->params) {
            if (param.type == QLatin1String("array"))
                keys.insert(param.name);
        }
    }
    return keys;
}
} // namespace

void ProxmoxClient::send(const std::shared_ptr<Call> &call)
{
    if (d->inFlight >= d->maxInFlight || !d->queued.empty()) {
        d->queued.push_back(call);
        return;
    }
    dispatch(call);
}

void ProxmoxClient::startQueued()
{
    while (d->inFlight < d->maxInFlight && !d->queued.empty()) {
        const std::shared_ptr<Call> call = d->queued.front();
        d->queued.pop_front();
        dispatch(call);
    }
}

void ProxmoxClient::dispatch(const std::shared_ptr<Call> &call)
{
    // The first manager with a free connection: at low concurrency every request shares the
    // first manager's warm connections.
    int manager = 0;
    while (manager + 1 < static_cast<int>(d->managers.size()) &&
           d->busy[static_cast<size_t>(manager)] >= kConnectionsPerManager)
        ++manager;
    QNetworkAccessManager *network = d->managers[static_cast<size_t>(manager)];
    ++d->busy[static_cast<size_t>(manager)];
    ++d->inFlight;
    ++d->sent;
    d->peakInFlight = std::max(d->peakInFlight, d->inFlight);
    if (call->hostsTried == 0 || call->host >= m_target.hosts.size())
        call->host = d->current;
    ++call->hostsTried;
    const QString host = m_target.hosts.value(call->host);
    const ProxmoxRequest &request = call->request;
    const bool bodyMethod = request.method == "POST" || request.method == "PUT";
    const QByteArray params = ProxmoxEncoding::encodeParams(request.params, arrayParams(request));
    QByteArray url = baseUrl(host, m_target.port) + ProxmoxEncoding::encodePath(request.path);
    if (!bodyMethod && !params.isEmpty())
        url += '?' + params;
    QNetworkRequest networkRequest(QUrl::fromEncoded(url, QUrl::StrictMode));
    networkRequest.setSslConfiguration(d->tls);
    networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setTransferTimeout(request.timeoutMs.value_or(m_target.timeoutMs));
    networkRequest.setRawHeader("Accept", "application/json");
    addAuthentication(networkRequest, *call);
    const QByteArray body = bodyMethod ? params : QByteArray();
    if (bodyMethod)
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                                 QByteArrayLiteral("application/x-www-form-urlencoded"));
    QNetworkReply *reply = nullptr;
    if (request.isIdempotent()) {
        reply = bodyMethod ? network->sendCustomRequest(networkRequest, request.method, body)
                           : network->sendCustomRequest(networkRequest, request.method);
    } else {
        // Qt resends a request once by itself when the connection drops before the answer;
        // a body that cannot be rewound makes that resend fail instead (ContentReSendError).
        networkRequest.setHeader(QNetworkRequest::ContentLengthHeader, body.size());
        networkRequest.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        auto *device = new OneShotBody(body);
        reply = network->sendCustomRequest(networkRequest, request.method, device);
        device->setParent(reply);
    }
    watchTls(reply, hostPort(host, m_target.port));
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, manager, call] { onFinished(reply, manager, call); });
}

void ProxmoxClient::addAuthentication(QNetworkRequest &networkRequest, Call &call) const
{
    if (call.anonymous)
        return;
    if (m_target.usesToken()) {
        networkRequest.setRawHeader("Authorization", "PVEAPIToken=" + m_target.user.toUtf8() + '!' +
                                                         m_target.tokenName.toUtf8() + '=' +
                                                         m_target.tokenSecret.toUtf8());
    } else if (!d->ticket.isEmpty()) {
        call.ticketUsed = d->ticket;
        networkRequest.setRawHeader("Cookie",
                                    "PVEAuthCookie=" + QUrl::toPercentEncoding(d->ticket));
        if (call.request.method != "GET")
            networkRequest.setRawHeader("CSRFPreventionToken", d->csrf);
    }
}

void ProxmoxClient::watchTls(QNetworkReply *reply, const QString &where)
{
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply, where](const auto &errors) {
        const QSslCertificate leaf = reply->sslConfiguration().peerCertificate();
        const QByteArray digest = leaf.digest(QCryptographicHash::Sha256);
        reply->setProperty(kPeerDigestProperty, digest);
        if (!d->pin.isEmpty() && digest == d->pin) {
            reply->ignoreSslErrors(errors);
            return;
        }
        if (!d->pin.isEmpty())
            return; // the handshake fails; onNetworkError names both fingerprints
        QStringList reasons;
        for (const QSslError &error : errors)
            reasons.append(error.errorString());
        reply->setProperty(
            kTlsProblemProperty,
            QStringLiteral("the TLS certificate of %1 is not trusted (%2); set the CA file or pin "
                           "its fingerprint %3")
                .arg(where, reasons.join(QStringLiteral("; ")),
                     ProxmoxEncoding::formatFingerprint(digest)));
    });
    connect(reply, &QNetworkReply::encrypted, this, [this, reply] {
        if (d->pin.isEmpty())
            return;
        const QByteArray digest =
            reply->sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256);
        reply->setProperty(kPeerDigestProperty, digest);
        if (digest != d->pin) {
            reply->setProperty(kTlsProblemProperty, QString());
            reply->abort();
        }
    });
}

void ProxmoxClient::onFinished(QNetworkReply *reply, int manager, const std::shared_ptr<Call> &call)
{
    reply->deleteLater();
    --d->busy[static_cast<size_t>(manager)];
    --d->inFlight;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        onNetworkError(reply, call);
    else if (status >= 200 && status < 300)
        onSuccess(reply, status, call);
    else
        onHttpError(reply, status, call);
    startQueued();
}

void ProxmoxClient::onSuccess(QNetworkReply *reply, int status, const std::shared_ptr<Call> &call)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (!document.isObject()) {
        call->callback(transportError(call->request.path, ErrorCode::Internal,
                                      QStringLiteral("the answer is not a Proxmox API reply "
                                                     "(no JSON object: %1)")
                                          .arg(parseError.errorString())));
        return;
    }
    const QJsonObject envelope = document.object();
    ProxmoxReply result;
    result.status = status;
    result.data = envelope.value(QLatin1String("data"));
    result.node = m_target.hosts.value(call->host);
    const QJsonValue total = envelope.value(QLatin1String("total"));
    if (total.isDouble())
        result.total = static_cast<qint64>(total.toDouble());
    else if (total.isString())
        result.total = total.toString().toLongLong();
    call->callback(result);
}

void ProxmoxClient::onHttpError(QNetworkReply *reply, int status, const std::shared_ptr<Call> &call)
{
    const bool ticketAuth = !m_target.usesToken() && !m_target.password.isEmpty();
    if (status == 401 && ticketAuth && !call->anonymous && !call->reauthenticated) {
        // The ticket expired or the node restarted: log in once more, then resend.
        call->reauthenticated = true;
        call->hostsTried = 0;
        if (d->ticket == call->ticketUsed)
            d->ticket.clear();
        withTicket([this, call](const std::optional<ProxmoxError> &error) {
            if (error)
                call->callback(*error);
            else
                send(call);
        });
        return;
    }
    // 595-599: the node we asked could not reach the node that owns the resource.
    if (status >= 595 && status <= 599 && call->request.isIdempotent() &&
        call->transientRetries < 1 && m_target.hosts.size() > 1) {
        ++call->transientRetries;
        call->host = (call->host + 1) % m_target.hosts.size();
        send(call);
        return;
    }
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    call->callback(ProxmoxError::fromHttp(status, reply->readAll(), reason, call->request.path));
}

void ProxmoxClient::onNetworkError(QNetworkReply *reply, const std::shared_ptr<Call> &call)
{
    const QString host = m_target.hosts.value(call->host);
    const QString where = hostPort(host, m_target.port);
    const QVariant tlsProblem = reply->property(kTlsProblemProperty);
    const QNetworkReply::NetworkError error = reply->error();
    if (tlsProblem.isValid() || error == QNetworkReply::SslHandshakeFailedError) {
        QString message = tlsProblem.toString();
        if (!d->pin.isEmpty()) {
            const QByteArray seen = reply->property(kPeerDigestProperty).toByteArray();
            message = QStringLiteral("the TLS certificate of %1 does not match the pinned "
                                     "fingerprint: expected %2, the server presented %3")
                          .arg(where, ProxmoxEncoding::formatFingerprint(d->pin),
                               ProxmoxEncoding::formatFingerprint(seen));
        } else if (message.isEmpty()) {
            message =
                QStringLiteral("TLS handshake with %1 failed: %2").arg(where, reply->errorString());
        }
        call->callback(transportError(call->request.path, ErrorCode::Unavailable, message));
        return;
    }
    if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
        const int timeout = call->request.timeoutMs.value_or(m_target.timeoutMs);
        call->callback(transportError(
            call->request.path, ErrorCode::Timeout,
            QStringLiteral("no answer from %1 within %2 ms").arg(where).arg(timeout)));
        return;
    }
    failOver(call->host);
    const bool untriedHost = call->hostsTried < m_target.hosts.size();
    const bool retry = neverConnected(error)
                           ? untriedHost
                           : call->request.isIdempotent() && call->transientRetries < 1;
    if (retry) {
        if (!neverConnected(error))
            ++call->transientRetries;
        call->host = d->current;
        send(call);
        return;
    }
    QString message =
        QStringLiteral("cannot reach the Proxmox API at %1: %2").arg(where, reply->errorString());
    if (!neverConnected(error) && !call->request.isIdempotent())
        message = QStringLiteral("the connection to %1 failed before Proxmox answered (%2); the "
                                 "request may have been carried out and was not sent again: "
                                 "check before retrying")
                      .arg(where, reply->errorString());
    call->callback(transportError(call->request.path, ErrorCode::Unavailable, message));
}

void ProxmoxClient::failOver(int fromIndex)
{
    if (m_target.hosts.size() < 2 || fromIndex != d->current)
        return;
    const QString from = m_target.hosts.value(d->current);
    d->current = (d->current + 1) % m_target.hosts.size();
    const QString to = m_target.hosts.value(d->current);
    qCWarning(lcProxmox).noquote() << QStringLiteral("Proxmox target %1: %2 is unreachable, "
                                                     "switching to %3")
                                          .arg(m_target.name, from, to);
    emit failedOver(from, to);
}

} // namespace pmcp
