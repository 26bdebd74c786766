#include "server/oauth/OAuthController.h"

#include "server/http/BearerChallenge.h"
#include "server/oauth/ClientMetadataFetcher.h"
#include "server/oauth/OAuthPages.h"
#include "server/oauth/OAuthScope.h"
#include "server/oauth/OAuthSecrets.h"
#include "server/oauth/OAuthStore.h"
#include "server/oauth/RedirectUri.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

namespace pmcp {

namespace {

constexpr qsizetype kMaxRegistrationBytes = 16 * 1024;

QByteArray kPageSecurity()
{
    return "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
           "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
}

HttpResponse html(int status, const QByteArray &body)
{
    return HttpResponse::text(status, body, "text/html; charset=utf-8")
        .withHeader("Cache-Control", "no-store")
        .withHeader("Content-Security-Policy", kPageSecurity())
        .withHeader("X-Frame-Options", "DENY");
}

HttpResponse oauthError(int status, const QString &error, const QString &description)
{
    return HttpResponse::json(status, {{QStringLiteral("error"), error},
                                       {QStringLiteral("error_description"), description}})
        .withHeader("Cache-Control", "no-store");
}

// The client's redirect URI with the authorization response added, iss included (RFC 9207).
QString redirectWith(const QString &redirectUri, const QList<std::pair<QString, QString>> &params)
{
    QUrl url(redirectUri);
    QString query = url.query(QUrl::FullyEncoded);
    for (const auto &[key, value] : params) {
        if (value.isEmpty() && key == QLatin1String("state"))
            continue;
        if (!query.isEmpty())
            query += u'&';
        query += key + u'=' + QString::fromLatin1(QUrl::toPercentEncoding(value));
    }
    url.setQuery(query, QUrl::StrictMode);
    return url.toString(QUrl::FullyEncoded);
}

HttpResponse redirect(const QString &location)
{
    return HttpResponse::empty(302)
        .withHeader("Location", location.toUtf8())
        .withHeader("Cache-Control", "no-store");
}

// application/x-www-form-urlencoded, where '+' is a space.
QUrlQuery formBody(const QByteArray &body)
{
    QByteArray spaced = body;
    spaced.replace('+', "%20");
    return QUrlQuery(QString::fromLatin1(spaced));
}

QString value(const QUrlQuery &query, const char *key)
{
    return query.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
}

// Each parameter at most once (RFC 6749 3.1).
QString repeatedParameter(const QUrlQuery &query)
{
    QStringList seen;
    for (const auto &[key, unused] : query.queryItems(QUrl::FullyDecoded)) {
        if (seen.contains(key))
            return key;
        seen.append(key);
    }
    return {};
}

HttpResponse tokenAnswer(const IssuedTokens &tokens)
{
    return HttpResponse::json(200, {{QStringLiteral("access_token"), tokens.accessToken},
                                    {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                    {QStringLiteral("expires_in"), tokens.expiresIn},
                                    {QStringLiteral("refresh_token"), tokens.refreshToken},
                                    {QStringLiteral("scope"), tokens.scope}})
        .withHeader("Cache-Control", "no-store")
        .withHeader("Pragma", "no-cache");
}

} // namespace

OAuthController::OAuthController(OAuthStore *store, Options options)
    : m_store(store)
    , m_options(std::move(options))
{}

QString OAuthController::protectedResourcePath(const QString &mcpPath)
{
    return QStringLiteral("/.well-known/oauth-protected-resource") + mcpPath;
}

void OAuthController::registerRoutes(HttpRouter &router)
{
    const auto bind = [this](void (OAuthController::*method)(const HttpRequest &,
                                                             const std::shared_ptr<HttpReply> &)) {
        return [this, method](const HttpRequest &request, const std::shared_ptr<HttpReply> &reply) {
            (this->*method)(request, reply);
        };
    };
    router.addRoute(protectedResourcePath(m_options.mcpPath), {"GET"}, RouteAccess::Public,
                    bind(&OAuthController::protectedResource));
    router.addRoute(QStringLiteral("/.well-known/oauth-protected-resource"), {"GET"},
                    RouteAccess::Public, bind(&OAuthController::protectedResource));
    router.addRoute(metadataPath(), {"GET"}, RouteAccess::Public,
                    bind(&OAuthController::serverMetadata));
    router.addRoute(registerPath(), {"POST"}, RouteAccess::Public,
                    bind(&OAuthController::registerClient));
    router.addRoute(authorizePath(), {"GET"}, RouteAccess::Public,
                    bind(&OAuthController::authorize));
    router.addPrefixRoute(waitPrefix(), {"GET"}, RouteAccess::Public, bind(&OAuthController::wait));
    router.addRoute(tokenPath(), {"POST"}, RouteAccess::Public, bind(&OAuthController::token));
}

void OAuthController::protectedResource(const HttpRequest &request,
                                        const std::shared_ptr<HttpReply> &reply)
{
    const QString origin = BearerChallenge::origin(request);
    reply->send(HttpResponse::json(
        200,
        {{QStringLiteral("resource"), origin + m_options.mcpPath},
         {QStringLiteral("authorization_servers"), QJsonArray{origin}},
         {QStringLiteral("scopes_supported"), QJsonArray::fromStringList(OAuthScope::supported())},
         {QStringLiteral("bearer_methods_supported"), QJsonArray{QStringLiteral("header")}},
         {QStringLiteral("resource_name"), QStringLiteral("Proxmox MCP")}}));
}

void OAuthController::serverMetadata(const HttpRequest &request,
                                     const std::shared_ptr<HttpReply> &reply)
{
    const QString origin = BearerChallenge::origin(request);
    reply->send(HttpResponse::json(
        200,
        {{QStringLiteral("issuer"), origin},
         {QStringLiteral("authorization_endpoint"), origin + authorizePath()},
         {QStringLiteral("token_endpoint"), origin + tokenPath()},
         {QStringLiteral("registration_endpoint"), origin + registerPath()},
         {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
         {QStringLiteral("grant_types_supported"),
          QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}},
         {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
         {QStringLiteral("token_endpoint_auth_methods_supported"),
          QJsonArray{QStringLiteral("none")}},
         {QStringLiteral("scopes_supported"), QJsonArray::fromStringList(OAuthScope::supported())},
         {QStringLiteral("authorization_response_iss_parameter_supported"), true},
         {QStringLiteral("client_id_metadata_document_supported"), m_fetcher != nullptr},
         {QStringLiteral("service_documentation"), origin + QStringLiteral("/docs")}}));
}

void OAuthController::registerClient(const HttpRequest &request,
                                     const std::shared_ptr<HttpReply> &reply)
{
    if (request.body.size() > kMaxRegistrationBytes)
        return reply->send(oauthError(400, QStringLiteral("invalid_client_metadata"),
                                      QStringLiteral("the registration is larger than 16 KiB")));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return reply->send(oauthError(400, QStringLiteral("invalid_client_metadata"),
                                      QStringLiteral("the body must be a JSON object")));
    const QJsonObject metadata = document.object();
    QStringList redirectUris;
    for (const QJsonValue &uri : metadata.value(QLatin1String("redirect_uris")).toArray()) {
        if (!uri.isString())
            return reply->send(oauthError(400, QStringLiteral("invalid_redirect_uri"),
                                          QStringLiteral("redirect_uris must be strings")));
        redirectUris.append(uri.toString());
    }
    if (redirectUris.isEmpty())
        return reply->send(oauthError(400, QStringLiteral("invalid_redirect_uri"),
                                      QStringLiteral("redirect_uris must list at least one URI")));
    for (const QString &uri : std::as_const(redirectUris)) {
        if (const QString problem = RedirectUri::problem(uri); !problem.isEmpty())
            return reply->send(oauthError(400, QStringLiteral("invalid_redirect_uri"), problem));
    }
    const QJsonArray grantTypes = metadata.value(QLatin1String("grant_types")).toArray();
    for (const QJsonValue &grant : grantTypes) {
        if (grant.toString() != QLatin1String("authorization_code") &&
            grant.toString() != QLatin1String("refresh_token"))
            return reply->send(oauthError(
                400, QStringLiteral("invalid_client_metadata"),
                QStringLiteral("grant type %1 is not supported: use authorization_code and "
                               "refresh_token")
                    .arg(grant.toString())));
    }
    QString name = metadata.value(QLatin1String("client_name")).toString().trimmed();
    if (name.isEmpty())
        name = QStringLiteral("unnamed client");
    const auto client = m_store->registerClient(name.left(64), redirectUris, QStringLiteral("dcr"));
    if (!client.ok())
        return reply->send(oauthError(client.error().code == ErrorCode::InvalidArgument ? 400 : 503,
                                      QStringLiteral("invalid_client_metadata"),
                                      client.error().message));
    // A public client whatever it asked for: no secret; PKCE proves who holds the code.
    reply->send(
        HttpResponse::json(
            201,
            {{QStringLiteral("client_id"), client.value().clientId},
             {QStringLiteral("client_id_issued_at"), client.value().registered.toSecsSinceEpoch()},
             {QStringLiteral("client_name"), client.value().name},
             {QStringLiteral("redirect_uris"),
              QJsonArray::fromStringList(client.value().redirectUris)},
             {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none")},
             {QStringLiteral("grant_types"),
              QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}},
             {QStringLiteral("response_types"), QJsonArray{QStringLiteral("code")}}})
            .withHeader("Cache-Control", "no-store"));
}

void OAuthController::authorize(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply)
{
    const QUrlQuery &query = request.query;
    const QString clientId = value(query, "client_id");
    if (m_fetcher && ClientMetadataFetcher::isMetadataUrl(clientId)) {
        // The client_id is its metadata document: fetched now, so the page shows what it says.
        return m_fetcher->fetch(clientId, [this, request, reply](
                                              Result<ClientMetadataFetcher::Document> document) {
            if (!document.ok())
                return reply->send(html(400, OAuthPages::problem(QStringLiteral("Unusable client"),
                                                                 document.error().message)));
            const auto client = m_store->recordMetadataClient(
                document.value().clientId, document.value().name, document.value().redirectUris);
            if (!client.ok())
                return reply->send(html(503, OAuthPages::problem(QStringLiteral("Try again later"),
                                                                 client.error().message)));
            authorizeClient(client.value(), request, reply);
        });
    }
    // Fresh: a client registered with `clients register` a moment ago is known at once.
    const OAuthState &state = m_store->freshState();
    const auto client =
        std::find_if(state.clients.cbegin(), state.clients.cend(),
                     [&clientId](const OAuthClient &c) { return c.clientId == clientId; });
    // Without a known client and one of its redirect URIs the browser stays here (RFC
    // 6749 4.1.2.1).
    if (clientId.isEmpty() || client == state.clients.cend())
        return reply->send(html(
            400, OAuthPages::problem(QStringLiteral("Unknown client"),
                                     QStringLiteral("This authorization request names a client "
                                                    "this server does not know. Register it "
                                                    "first (dynamic registration, or "
                                                    "`proxmox-mcpd clients register`)."))));
    authorizeClient(OAuthClient(*client), request, reply);
}

void OAuthController::authorizeClient(const OAuthClient &knownClient, const HttpRequest &request,
                                      const std::shared_ptr<HttpReply> &reply)
{
    const QUrlQuery &query = request.query;
    const OAuthClient *client = &knownClient;
    const QString clientId = client->clientId;
    QString redirectUri = value(query, "redirect_uri");
    if (redirectUri.isEmpty() && client->redirectUris.size() == 1)
        redirectUri = client->redirectUris.first();
    const bool registered = std::any_of(
        client->redirectUris.cbegin(), client->redirectUris.cend(),
        [&redirectUri](const QString &uri) { return RedirectUri::matches(uri, redirectUri); });
    if (!registered)
        return reply->send(html(
            400, OAuthPages::problem(QStringLiteral("Unknown redirect URI"),
                                     QStringLiteral("The redirect URI of this request is not one "
                                                    "the client registered."))));

    const QString issuer = BearerChallenge::origin(request);
    const QString clientState = value(query, "state");
    const auto fail = [&](const QString &error, const QString &description) {
        reply->send(
            redirect(redirectWith(redirectUri, {{QStringLiteral("error"), error},
                                                {QStringLiteral("error_description"), description},
                                                {QStringLiteral("state"), clientState},
                                                {QStringLiteral("iss"), issuer}})));
    };
    if (const QString repeated = repeatedParameter(query); !repeated.isEmpty())
        return fail(QStringLiteral("invalid_request"),
                    QStringLiteral("parameter %1 appears more than once").arg(repeated));
    if (value(query, "response_type") != QLatin1String("code"))
        return fail(QStringLiteral("unsupported_response_type"),
                    QStringLiteral("only response_type=code is supported"));
    const QString challenge = value(query, "code_challenge");
    if (value(query, "code_challenge_method") != QLatin1String("S256") ||
        !OAuthSecrets::isS256Challenge(challenge))
        return fail(
            QStringLiteral("invalid_request"),
            QStringLiteral("PKCE is required: code_challenge with code_challenge_method=S256"));
    const QString ownResource = issuer + m_options.mcpPath;
    QString resource = value(query, "resource");
    if (resource.isEmpty())
        resource = ownResource;
    if (resource != ownResource)
        return fail(QStringLiteral("invalid_target"),
                    QStringLiteral("this server issues tokens only for %1").arg(ownResource));

    const auto created = m_store->createRequest(
        {clientId, redirectUri, clientState, challenge, resource, value(query, "scope")});
    if (!created.ok())
        return fail(QStringLiteral("temporarily_unavailable"), created.error().message);
    if (m_options.changed)
        m_options.changed();
    // The waiting page has its own address, so that a reload does not ask again.
    reply->send(redirect(issuer + waitPrefix() + created.value().second));
}

void OAuthController::wait(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply)
{
    const QString key = request.path.mid(waitPrefix().size());
    const auto view = m_store->browserView(key);
    if (!view.ok())
        return reply->send(html(404, OAuthPages::problem(QStringLiteral("No such request"),
                                                         QStringLiteral("This access request does "
                                                                        "not exist (any more)."))));
    const AccessRequest &access = view.value().request;
    using Status = AccessRequest::Status;
    if (request.query.queryItemValue(QStringLiteral("format")) == QLatin1String("json"))
        return reply->send(HttpResponse::json(200, {{QStringLiteral("status"),
                                                     AccessRequest::statusName(access.status)}})
                               .withHeader("Cache-Control", "no-store"));
    const QString issuer = BearerChallenge::origin(request);
    switch (access.status) {
    case Status::Pending:
        return reply->send(html(200, OAuthPages::waiting(access)));
    case Status::Approved:
        return reply->send(
            redirect(redirectWith(access.redirectUri, {{QStringLiteral("code"), view.value().code},
                                                       {QStringLiteral("state"), access.state},
                                                       {QStringLiteral("iss"), issuer}})));
    case Status::Rejected:
    case Status::Expired:
        return reply->send(redirect(
            redirectWith(access.redirectUri,
                         {{QStringLiteral("error"), QStringLiteral("access_denied")},
                          {QStringLiteral("error_description"),
                           access.status == Status::Rejected
                               ? QStringLiteral("an administrator rejected the request")
                               : QStringLiteral("no administrator approved the request in time")},
                          {QStringLiteral("state"), access.state},
                          {QStringLiteral("iss"), issuer}})));
    case Status::Used:
        break;
    }
    reply->send(html(200, OAuthPages::problem(QStringLiteral("Done"),
                                              QStringLiteral("This request was approved and the "
                                                             "client has its access. You can close "
                                                             "this window."))));
}

void OAuthController::token(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply)
{
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (type != "application/x-www-form-urlencoded")
        return reply->send(oauthError(400, QStringLiteral("invalid_request"),
                                      QStringLiteral("the body must be "
                                                     "application/x-www-form-urlencoded")));
    const QUrlQuery form = formBody(request.body);
    if (const QString repeated = repeatedParameter(form); !repeated.isEmpty())
        return reply->send(
            oauthError(400, QStringLiteral("invalid_request"),
                       QStringLiteral("parameter %1 appears more than once").arg(repeated)));
    const QString clientId = value(form, "client_id");
    if (clientId.isEmpty())
        return reply->send(oauthError(401, QStringLiteral("invalid_client"),
                                      QStringLiteral("client_id is required (public clients, no "
                                                     "secret)")));
    const QString grantType = value(form, "grant_type");
    std::variant<IssuedTokens, TokenError> outcome;
    if (grantType == QLatin1String("authorization_code")) {
        outcome = m_store->exchangeCode({value(form, "code"), clientId, value(form, "redirect_uri"),
                                         value(form, "code_verifier"), value(form, "resource")});
    } else if (grantType == QLatin1String("refresh_token")) {
        outcome = m_store->refresh(value(form, "refresh_token"), clientId, value(form, "resource"));
    } else {
        return reply->send(oauthError(400, QStringLiteral("unsupported_grant_type"),
                                      QStringLiteral("use authorization_code or refresh_token")));
    }
    if (m_options.changed)
        m_options.changed();
    if (const auto *error = std::get_if<TokenError>(&outcome))
        return reply->send(oauthError(400, error->error, error->description));
    reply->send(tokenAnswer(std::get<IssuedTokens>(outcome)));
}

} // namespace pmcp
