#pragma once

#include "shared/admin/AdminTypes.h"
#include "shared/core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace pmcp::admin {

// Asks the person whether to trust a daemon's certificate that is not pinned yet. The desktop
// shows a dialog; tests answer in advance. It may answer later: nothing waits for it.
class CertificateConfirmation {
public:
    virtual ~CertificateConfirmation() = default;
    virtual void confirm(const QUrl &daemon, const QSslCertificate &certificate,
                         const QString &fingerprint, std::function<void(bool trusted)> answer) = 0;
};

// The admin API of one daemon (docs/ADMIN-API.md) over QNetworkAccessManager: the base URL, the
// admin token as a bearer token, JSON calls answered by typed results or an Error whose message
// is a sentence for the person. Over HTTPS the daemon's certificate is pinned by its SHA-256
// fingerprint: the first time it is seen the CertificateConfirmation is asked and the call
// goes ahead only once the person trusted it; afterwards any other certificate is refused
// before the token is sent. Certificate authorities play no part: the pin is the trust.
class AdminClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminClient)
public:
    template <typename T>
    using Callback = std::function<void(Result<T>)>;

    // The admin API version this client speaks (GET /api/admin/version, apiVersion).
    static constexpr int kApiVersion = 1;

    AdminClient(const QUrl &baseUrl, const QByteArray &token, QObject *parent = nullptr);
    ~AdminClient() override;

    QUrl baseUrl() const { return m_baseUrl; }
    bool isHttps() const;

    // "AB:CD:…" (upper-case hex, colons), as the daemon's own tools print it; empty: none.
    static QString fingerprintOf(const QSslCertificate &certificate);
    QString pinnedFingerprint() const { return m_pin; }
    void setPinnedFingerprint(const QString &fingerprint);
    // Not owned; without one an unpinned certificate is refused.
    void setCertificateConfirmation(CertificateConfirmation *confirmation);

    // Any call: path below the base URL ("/api/admin/status"), a JSON body for POST. The
    // callback runs on this thread unless context was destroyed meanwhile.
    void call(const QByteArray &method, const QString &path, const QJsonObject &body,
              QObject *context, Callback<QJsonObject> callback);

    // Refuses a daemon whose apiVersion this client does not speak.
    void version(QObject *context, Callback<VersionInfo> callback);
    void status(QObject *context, Callback<DaemonStatus> callback);
    void clients(QObject *context, Callback<QList<ClientEntry>> callback);
    void pendingRequests(QObject *context, Callback<QList<PendingRequest>> callback);
    void approve(const QString &requestId, const QString &scope, int expiresDays, QObject *context,
                 Callback<QJsonObject> callback);
    void reject(const QString &requestId, QObject *context, Callback<QJsonObject> callback);
    void revoke(const QString &name, const QString &reason, QObject *context,
                Callback<QJsonObject> callback);
    // expiresDays 0: no expiry.
    void createToken(const QString &name, const QString &scope, int expiresDays, QObject *context,
                     Callback<CreatedToken> callback);
    // One page of the audit log, filtered (GET /api/admin/audit); the daemon reads the files on
    // a worker thread and this call returns at once.
    void audit(const AuditQuery &query, QObject *context, Callback<AuditPage> callback);
    void verifyAudit(QObject *context, Callback<AuditChainResult> callback);
    // The backups (GET /api/admin/backups). Creating, verifying and restoring answer when the
    // operation is done (backup.progress events meanwhile); the call returns at once.
    void backups(QObject *context, Callback<BackupList> callback);
    void createBackup(QObject *context, Callback<BackupEntry> callback);
    void verifyBackup(const QString &name, QObject *context, Callback<BackupCheck> callback);
    // parts: config, keys, clients, audit; empty: everything.
    void restoreBackup(const QString &name, const QStringList &parts, QObject *context,
                       Callback<RestoreResult> callback);
    // Both credentials and the rotation running now (GET /api/admin/rotation).
    void rotationStatus(QObject *context, Callback<RotationStatus> callback);
    // Starts a rotation (kind "ssh-key" or "api-token"); answered once it started (202), its
    // steps follow as rotation.step events and rotation.finished ends it. A rotation already
    // running is an error (409) whose message says so.
    void startRotation(const QString &kind, bool dryRun, QObject *context,
                       Callback<StartedRotation> callback);

    // A GET that stays open (the event stream), with the token and the pin; the caller owns
    // the reply. Headers are added as given.
    QNetworkReply *openStream(const QString &path,
                              const QList<std::pair<QByteArray, QByteArray>> &headers);
    // What a finished reply's failure means, as a sentence (certificate, network, HTTP).
    Error failureOf(QNetworkReply *reply) const;

signals:
    // The person trusted this certificate: the profile keeps the fingerprint.
    void certificatePinned(const QString &fingerprint);

private:
    struct Call;
    QNetworkRequest request(const QString &path) const;
    void guard(QNetworkReply *reply);
    void send(const std::shared_ptr<Call> &call);
    void finish(const std::shared_ptr<Call> &call, QNetworkReply *reply);
    void askToTrust(const std::shared_ptr<Call> &call, QNetworkReply *reply);

    QUrl m_baseUrl;
    QByteArray m_token;
    QString m_pin;
    CertificateConfirmation *m_confirmation = nullptr;
    QNetworkAccessManager *m_network;
};

} // namespace pmcp::admin
