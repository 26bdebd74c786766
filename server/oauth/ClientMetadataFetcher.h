#pragma once

#include "shared/core/Result.h"

#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>

#include <functional>

class QNetworkAccessManager;

namespace pmcp {

// Client ID Metadata Documents (MCP authorization 2025-11-25): a client whose client_id is an
// HTTPS URL publishes its metadata there, and this fetches it with the limits the specification's
// security notes ask for: https only, no redirects, at most 5 KiB, a 5 second deadline, JSON whose
// client_id is the URL itself, and no address of this host or its private networks (SSRF).
class ClientMetadataFetcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientMetadataFetcher)
public:
    struct Document {
        QString clientId;
        QString name;
        QStringList redirectUris;
    };
    using Callback = std::function<void(Result<Document>)>;

    static constexpr qint64 kMaxBytes = 5 * 1024;

    explicit ClientMetadataFetcher(QObject *parent = nullptr);

    // An https URL with a path, no fragment, no user information: what marks a client_id as a
    // metadata document rather than a registered id.
    static bool isMetadataUrl(const QString &clientId);
    // The document's checks, apart from the fetch.
    static Result<Document> parse(const QByteArray &body, const QString &url);

    // Calls done exactly once, later (never from inside fetch()).
    void fetch(const QString &url, Callback done);

    // For tests: trust another CA, allow loopback and private addresses, a shorter deadline.
    void setTlsConfiguration(const QSslConfiguration &tls) { m_tls = tls; }
    void setAllowPrivateAddresses(bool allow) { m_allowPrivate = allow; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

private:
    void get(const QString &url, const Callback &done);

    QNetworkAccessManager *m_network;
    QSslConfiguration m_tls = QSslConfiguration::defaultConfiguration();
    bool m_allowPrivate = false;
    int m_timeoutMs = 5000;
};

} // namespace pmcp
