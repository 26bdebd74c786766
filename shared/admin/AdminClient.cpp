#include "shared/admin/AdminClient.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QUrlQuery>

namespace pmcp::admin {

namespace {

// A JSON call that has not answered in this time has failed; the daemon answers status and
// lists in milliseconds, and a backup (the slowest call) reports progress on the event stream.
constexpr int kCallTimeoutMs = 120000;

// What the pin found on a reply whose handshake it refused (reply properties).
constexpr char kProblemProperty[] = "pmcpCertificateProblem";
constexpr char kFingerprintProperty[] = "pmcpCertificateFingerprint";
constexpr char kCertificateProperty[] = "pmcpCertificate";
const QString kUnpinned = QStringLiteral("unpinned");
const QString kChanged = QStringLiteral("changed");

ErrorCode codeOfStatus(int status)
{
    switch (status) {
    case 400:
        return ErrorCode::InvalidArgument;
    case 401:
        return ErrorCode::Unauthenticated;
    case 403:
        return ErrorCode::PermissionDenied;
    case 404:
        return ErrorCode::NotFound;
    case 409:
        return ErrorCode::Conflict;
    case 413:
        return ErrorCode::TooLarge;
    case 429:
    case 503:
        return ErrorCode::Unavailable;
    default:
        return ErrorCode::Internal;
    }
}

QString withoutUserInfo(const QUrl &url)
{
    return url.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

} // namespace

struct AdminClient::Call {
    QByteArray method;
    QString path;
    QByteArray body;
    QPointer<QObject> context;
    bool hasContext = false;
    Callback<QJsonObject> callback;
    bool askedToTrust = false;
};

AdminClient::AdminClient(const QUrl &baseUrl, const QByteArray &token, QObject *parent)
    : QObject(parent)
    , m_baseUrl(baseUrl)
    , m_token(token)
    , m_network(new QNetworkAccessManager(this))
{}

AdminClient::~AdminClient() = default;

bool AdminClient::isHttps() const
{
    return m_baseUrl.scheme() == QLatin1String("https");
}

QString AdminClient::fingerprintOf(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    const QByteArray hex = certificate.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QStringList pairs;
    for (qsizetype i = 0; i < hex.size(); i += 2)
        pairs.append(QString::fromLatin1(hex.mid(i, 2)));
    return pairs.join(QLatin1Char(':'));
}

void AdminClient::setPinnedFingerprint(const QString &fingerprint)
{
    m_pin = fingerprint.trimmed().toUpper();
}

void AdminClient::setCertificateConfirmation(CertificateConfirmation *confirmation)
{
    m_confirmation = confirmation;
}

QNetworkRequest AdminClient::request(const QString &path) const
{
    QUrl url = m_baseUrl;
    const qsizetype query = path.indexOf(QLatin1Char('?'));
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + (query < 0 ? path : path.left(query)), QUrl::TolerantMode);
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    QNetworkRequest request(url);
    // The daemon (QtHttpServer 6.4) speaks HTTP/1.1 only.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    if (isHttps()) {
        // No authority is trusted, so every certificate reaches sslErrors(), where only the
        // pinned one is let through, before a byte of the request is sent.
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates({});
        request.setSslConfiguration(tls);
    }
    return request;
}

void AdminClient::guard(QNetworkReply *reply)
{
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        QSslCertificate peer = reply->sslConfiguration().peerCertificate();
        if (peer.isNull() && !errors.isEmpty())
            peer = errors.first().certificate();
        const QString fingerprint = fingerprintOf(peer);
        if (!m_pin.isEmpty() && fingerprint == m_pin) {
            reply->ignoreSslErrors(errors);
            return;
        }
        reply->setProperty(kProblemProperty, m_pin.isEmpty() ? kUnpinned : kChanged);
        reply->setProperty(kFingerprintProperty, fingerprint);
        reply->setProperty(kCertificateProperty, peer.toPem());
    });
}

void AdminClient::call(const QByteArray &method, const QString &path, const QJsonObject &body,
                       QObject *context, Callback<QJsonObject> callback)
{
    auto pending = std::make_shared<Call>();
    pending->method = method;
    pending->path = path;
    if (method != "GET")
        pending->body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    pending->context = context;
    pending->hasContext = context != nullptr;
    pending->callback = std::move(callback);
    send(pending);
}

void AdminClient::send(const std::shared_ptr<Call> &call)
{
    QNetworkRequest request = this->request(call->path);
    request.setTransferTimeout(kCallTimeoutMs);
    if (call->method != "GET")
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network->sendCustomRequest(request, call->method, call->body);
    guard(reply);
    connect(reply, &QNetworkReply::finished, this, [this, call, reply] {
        reply->deleteLater();
        finish(call, reply);
    });
}

void AdminClient::finish(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    if (call->hasContext && !call->context)
        return; // whoever asked is gone
    if (reply->property(kProblemProperty).toString() == kUnpinned && m_confirmation &&
        !call->askedToTrust) {
        askToTrust(call, reply);
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status > 299) {
        call->callback(failureOf(reply));
        return;
    }
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        call->callback(Error::internal(
            tr("The daemon at %1 answered with something that is not a JSON object.")
                .arg(withoutUserInfo(m_baseUrl))));
        return;
    }
    call->callback(document.object());
}

void AdminClient::askToTrust(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    call->askedToTrust = true;
    const QString fingerprint = reply->property(kFingerprintProperty).toString();
    const QList<QSslCertificate> certificates =
        QSslCertificate::fromData(reply->property(kCertificateProperty).toByteArray());
    const QSslCertificate certificate =
        certificates.isEmpty() ? QSslCertificate() : certificates.first();
    QPointer<AdminClient> self(this);
    m_confirmation->confirm(
        m_baseUrl, certificate, fingerprint, [self, call, fingerprint](bool trusted) {
            if (!self || (call->hasContext && !call->context))
                return;
            if (!trusted) {
                call->callback(Error{ErrorCode::PermissionDenied,
                                     tr("The certificate of %1 (SHA-256 %2) was not trusted, so "
                                        "nothing was sent to it.")
                                         .arg(withoutUserInfo(self->m_baseUrl), fingerprint)});
                return;
            }
            self->setPinnedFingerprint(fingerprint);
            emit self->certificatePinned(self->m_pin);
            self->send(call);
        });
}

Error AdminClient::failureOf(QNetworkReply *reply) const
{
    const QString daemon = withoutUserInfo(m_baseUrl);
    const QString problem = reply->property(kProblemProperty).toString();
    const QString fingerprint = reply->property(kFingerprintProperty).toString();
    if (problem == kChanged) {
        return {ErrorCode::PermissionDenied,
                tr("The certificate of %1 changed: it is now SHA-256 %2, but %3 was trusted. "
                   "Nothing was sent. If the daemon's certificate was replaced on purpose, "
                   "trust the new one in the connection's settings.")
                    .arg(daemon, fingerprint, m_pin)};
    }
    if (problem == kUnpinned) {
        return {ErrorCode::PermissionDenied,
                tr("The certificate of %1 (SHA-256 %2) is not trusted yet, so nothing was sent "
                   "to it.")
                    .arg(daemon, fingerprint)};
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300) {
        const QJsonObject error =
            QJsonDocument::fromJson(reply->readAll()).object()[QLatin1String("error")].toObject();
        QString message = error[QLatin1String("message")].toString();
        if (message.isEmpty())
            message = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        if (status == 401)
            return {
                ErrorCode::Unauthenticated,
                tr("The daemon at %1 did not accept the admin token (%2).").arg(daemon, message)};
        return {codeOfStatus(status), tr("%1 (HTTP %2)").arg(message).arg(status)};
    }
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return {ErrorCode::Unavailable,
                tr("Nothing answers at %1: the daemon is not running, or it listens elsewhere.")
                    .arg(daemon)};
    case QNetworkReply::HostNotFoundError:
        return {ErrorCode::Unavailable, tr("The host of %1 is not known.").arg(daemon)};
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return {ErrorCode::Timeout, tr("The daemon at %1 did not answer in time.").arg(daemon)};
    case QNetworkReply::RemoteHostClosedError:
        return {ErrorCode::Unavailable, tr("The daemon at %1 closed the connection.").arg(daemon)};
    case QNetworkReply::SslHandshakeFailedError:
        return {ErrorCode::Unavailable,
                tr("The TLS connection to %1 failed: %2").arg(daemon, reply->errorString())};
    default:
        return {ErrorCode::Unavailable,
                tr("The daemon at %1 could not be reached: %2").arg(daemon, reply->errorString())};
    }
}

QNetworkReply *AdminClient::openStream(const QString &path,
                                       const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request = this->request(path);
    request.setRawHeader("Accept", "text/event-stream");
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network->get(request);
    guard(reply);
    return reply;
}

void AdminClient::version(QObject *context, Callback<VersionInfo> callback)
{
    const QString daemon = withoutUserInfo(m_baseUrl);
    call("GET", QStringLiteral("/api/admin/version"), {}, context,
         [callback, daemon](Result<QJsonObject> answer) {
             if (!answer.ok())
                 return callback(answer.error());
             auto info = VersionInfo::fromJson(answer.value());
             if (info.ok() && info.value().apiVersion != kApiVersion)
                 return callback(Error{ErrorCode::Unsupported,
                                       tr("The daemon at %1 speaks admin API version %2; this "
                                          "control center speaks version %3.")
                                           .arg(daemon)
                                           .arg(info.value().apiVersion)
                                           .arg(kApiVersion)});
             callback(std::move(info));
         });
}

namespace {

// A callback for a JSON answer that converts it to T with convert.
template <typename T, typename Convert>
AdminClient::Callback<QJsonObject> typed(AdminClient::Callback<T> callback, Convert convert)
{
    return [callback = std::move(callback), convert](Result<QJsonObject> answer) {
        if (!answer.ok())
            return callback(answer.error());
        callback(convert(answer.value()));
    };
}

QString segment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

} // namespace

void AdminClient::status(QObject *context, Callback<DaemonStatus> callback)
{
    call("GET", QStringLiteral("/api/admin/status"), {}, context,
         typed<DaemonStatus>(std::move(callback), &DaemonStatus::fromJson));
}

void AdminClient::clients(QObject *context, Callback<QList<ClientEntry>> callback)
{
    call("GET", QStringLiteral("/api/admin/clients"), {}, context,
         typed<QList<ClientEntry>>(std::move(callback), [](const QJsonObject &json) {
             return listFromJson<ClientEntry>(json, QStringLiteral("clients"));
         }));
}

void AdminClient::pendingRequests(QObject *context, Callback<QList<PendingRequest>> callback)
{
    call("GET", QStringLiteral("/api/admin/clients/pending"), {}, context,
         typed<QList<PendingRequest>>(std::move(callback), [](const QJsonObject &json) {
             return listFromJson<PendingRequest>(json, QStringLiteral("requests"));
         }));
}

void AdminClient::approve(const QString &requestId, const QString &scope, int expiresDays,
                          QObject *context, Callback<QJsonObject> callback)
{
    call("POST", QStringLiteral("/api/admin/clients/pending/%1/approve").arg(segment(requestId)),
         {{QStringLiteral("scope"), scope}, {QStringLiteral("expiresDays"), expiresDays}}, context,
         std::move(callback));
}

void AdminClient::reject(const QString &requestId, QObject *context, Callback<QJsonObject> callback)
{
    call("POST", QStringLiteral("/api/admin/clients/pending/%1/reject").arg(segment(requestId)), {},
         context, std::move(callback));
}

void AdminClient::revoke(const QString &name, const QString &reason, QObject *context,
                         Callback<QJsonObject> callback)
{
    call("POST", QStringLiteral("/api/admin/clients/%1/revoke").arg(segment(name)),
         {{QStringLiteral("reason"), reason}}, context, std::move(callback));
}

void AdminClient::createToken(const QString &name, const QString &scope, int expiresDays,
                              QObject *context, Callback<CreatedToken> callback)
{
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("scope"), scope}};
    if (expiresDays > 0)
        body.insert(QStringLiteral("expiresDays"), expiresDays);
    call("POST", QStringLiteral("/api/admin/clients"), body, context,
         typed<CreatedToken>(std::move(callback), &CreatedToken::fromJson));
}

void AdminClient::audit(const AuditQuery &query, QObject *context, Callback<AuditPage> callback)
{
    call("GET", QStringLiteral("/api/admin/audit?") + query.toQueryString(), {}, context,
         typed<AuditPage>(std::move(callback), &AuditPage::fromJson));
}

void AdminClient::verifyAudit(QObject *context, Callback<AuditChainResult> callback)
{
    call("GET", QStringLiteral("/api/admin/audit/verify"), {}, context,
         typed<AuditChainResult>(std::move(callback), &AuditChainResult::fromJson));
}

void AdminClient::backups(QObject *context, Callback<BackupList> callback)
{
    call("GET", QStringLiteral("/api/admin/backups"), {}, context,
         typed<BackupList>(std::move(callback), &BackupList::fromJson));
}

void AdminClient::createBackup(QObject *context, Callback<BackupEntry> callback)
{
    call("POST", QStringLiteral("/api/admin/backups"), {}, context,
         typed<BackupEntry>(std::move(callback), &BackupEntry::fromJson));
}

void AdminClient::verifyBackup(const QString &name, QObject *context,
                               Callback<BackupCheck> callback)
{
    call("POST", QStringLiteral("/api/admin/backups/%1/verify").arg(segment(name)), {}, context,
         typed<BackupCheck>(std::move(callback), &BackupCheck::fromJson));
}

void AdminClient::restoreBackup(const QString &name, const QStringList &parts, QObject *context,
                                Callback<RestoreResult> callback)
{
    QJsonObject body;
    if (!parts.isEmpty())
        body.insert(QStringLiteral("only"), QJsonArray::fromStringList(parts));
    call("POST", QStringLiteral("/api/admin/backups/%1/restore").arg(segment(name)), body, context,
         typed<RestoreResult>(std::move(callback), &RestoreResult::fromJson));
}

void AdminClient::rotationStatus(QObject *context, Callback<RotationStatus> callback)
{
    call("GET", QStringLiteral("/api/admin/rotation"), {}, context,
         typed<RotationStatus>(std::move(callback), &RotationStatus::fromJson));
}

void AdminClient::startRotation(const QString &kind, bool dryRun, QObject *context,
                                Callback<StartedRotation> callback)
{
    call("POST", QStringLiteral("/api/admin/rotation/") + kind,
         {{QStringLiteral("dryRun"), dryRun}}, context,
         typed<StartedRotation>(std::move(callback), &StartedRotation::fromJson));
}

} // namespace pmcp::admin
