#include "server/oauth/ClientMetadataFetcher.h"

#include "server/oauth/RedirectUri.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace pmcp {

namespace {

// Addresses a fetch must not reach: this host, private networks, link-local, CGNAT, unspecified.
bool isInternal(const QHostAddress &address)
{
    if (address.isLoopback() || address.isNull() || address.isLinkLocal() ||
        address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6 ||
        address.isMulticast())
        return true;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        bool mapped = false;
        const QHostAddress v4(address.toIPv4Address(&mapped));
        if (mapped)
            return isInternal(v4);
        return address.isUniqueLocalUnicast() || address.isSiteLocal();
    }
    for (const auto &[network, bits] :
         {std::pair{QStringLiteral("10.0.0.0"), 8}, std::pair{QStringLiteral("172.16.0.0"), 12},
          std::pair{QStringLiteral("192.168.0.0"), 16}, std::pair{QStringLiteral("100.64.0.0"), 10},
          std::pair{QStringLiteral("0.0.0.0"), 8}}) {
        if (address.isInSubnet(QHostAddress(network), bits))
            return true;
    }
    return false;
}

Error refused(const QString &url, const QString &why)
{
    return Error::invalid(QStringLiteral("the client metadata document %1 %2").arg(url, why));
}

} // namespace

ClientMetadataFetcher::ClientMetadataFetcher(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{}

bool ClientMetadataFetcher::isMetadataUrl(const QString &clientId)
{
    if (!clientId.startsWith(QLatin1String("https://")) || clientId.size() > 2000)
        return false;
    const QUrl url(clientId, QUrl::StrictMode);
    return url.isValid() && url.scheme() == QLatin1String("https") && !url.host().isEmpty() &&
           url.path().size() > 1 && !url.hasFragment() && url.userInfo().isEmpty() &&
           !url.path().contains(QLatin1String("/./")) &&
           !url.path().contains(QLatin1String("/../"));
}

Result<ClientMetadataFetcher::Document> ClientMetadataFetcher::parse(const QByteArray &body,
                                                                     const QString &url)
{
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !json.isObject())
        return refused(url, QStringLiteral("is not a JSON object"));
    const QJsonObject object = json.object();
    Document document;
    document.clientId = object.value(QLatin1String("client_id")).toString();
    if (document.clientId != url)
        return refused(url, QStringLiteral("names another client_id (%1)").arg(document.clientId));
    const QString method = object.value(QLatin1String("token_endpoint_auth_method")).toString();
    if (!method.isEmpty() && method != QLatin1String("none"))
        return refused(url, QStringLiteral("asks for token_endpoint_auth_method %1; this server "
                                           "has public clients only (none)")
                                .arg(method));
    for (const QJsonValue &uri : object.value(QLatin1String("redirect_uris")).toArray()) {
        if (const QString problem = RedirectUri::problem(uri.toString()); !problem.isEmpty())
            return refused(url,
                           QStringLiteral("lists a redirect URI this server refuses: ") + problem);
        document.redirectUris.append(uri.toString());
    }
    if (document.redirectUris.isEmpty() || document.redirectUris.size() > 10)
        return refused(url, QStringLiteral("must list 1 to 10 redirect_uris"));
    document.name = object.value(QLatin1String("client_name")).toString().trimmed().left(64);
    if (document.name.isEmpty())
        document.name = QUrl(url).host();
    return document;
}

void ClientMetadataFetcher::fetch(const QString &url, Callback done)
{
    if (!isMetadataUrl(url)) {
        QTimer::singleShot(0, this, [url, done] {
            done(refused(url, QStringLiteral("is not an https URL with a path")));
        });
        return;
    }
    const QString host = QUrl(url).host();
    // The addresses the name has now; a name that resolves inward is never fetched.
    QHostInfo::lookupHost(host, this, [this, url, done](const QHostInfo &info) {
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty())
            return done(
                refused(url, QStringLiteral("cannot be fetched: its host does not resolve")));
        if (!m_allowPrivate) {
            for (const QHostAddress &address : info.addresses()) {
                if (isInternal(address))
                    return done(refused(url, QStringLiteral("is on an internal address (%1); it "
                                                            "is not fetched")
                                                 .arg(address.toString())));
            }
        }
        get(url, done);
    });
}

void ClientMetadataFetcher::get(const QString &url, const Callback &done)
{
    QNetworkRequest request{QUrl(url)};
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    request.setSslConfiguration(m_tls);
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_network->get(request);
    auto body = std::make_shared<QByteArray>();
    auto tooLarge = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::readyRead, reply, [reply, body, tooLarge] {
        body->append(reply->read(kMaxBytes + 1 - body->size()));
        if (body->size() > kMaxBytes) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [reply, body, tooLarge, url, done] {
        reply->deleteLater();
        if (*tooLarge)
            return done(refused(url, QStringLiteral("is larger than %1 bytes").arg(kMaxBytes)));
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError && status == 0)
            return done(refused(url, QStringLiteral("cannot be fetched: ") + reply->errorString()));
        if (status != 200)
            return done(refused(
                url, QStringLiteral("answered HTTP %1 (redirects are not followed)").arg(status)));
        body->append(reply->read(kMaxBytes + 1 - body->size()));
        if (body->size() > kMaxBytes)
            return done(refused(url, QStringLiteral("is larger than %1 bytes").arg(kMaxBytes)));
        done(parse(*body, url));
    });
}

} // namespace pmcp
