#pragma once

#include "server/http/HttpRequest.h"
#include "server/http/HttpResponse.h"
#include "server/http/HttpRouter.h"

#include <QString>

#include <functional>
#include <memory>

namespace pmcp {

class ClientMetadataFetcher;
struct OAuthClient;
class OAuthStore;

// The daemon as its own OAuth 2.1 authorization server for /api/mcp (MCP authorization,
// 2025-11-25): protected resource metadata (RFC 9728), authorization server metadata
// (RFC 8414), dynamic client registration (RFC 7591), the authorization endpoint whose consent
// step is an administrator's approval (a waiting page), and the token endpoint (authorization
// code with PKCE S256, rotating refresh tokens, tokens bound to the resource, RFC 8707).
class OAuthController final {
public:
    struct Options {
        QString mcpPath;
        // Called after the controller changed the store (a new request): the event watcher looks.
        std::function<void()> changed;
    };

    OAuthController(OAuthStore *store, Options options);
    // Where Client ID Metadata Documents are fetched (may be null: then such client_ids are
    // unknown, and the metadata says client_id_metadata_document_supported false).
    void setMetadataFetcher(ClientMetadataFetcher *fetcher) { m_fetcher = fetcher; }

    static QString protectedResourcePath(const QString &mcpPath);
    static QString metadataPath()
    {
        return QStringLiteral("/.well-known/oauth-authorization-server");
    }
    static QString registerPath() { return QStringLiteral("/oauth/register"); }
    static QString authorizePath() { return QStringLiteral("/oauth/authorize"); }
    static QString tokenPath() { return QStringLiteral("/oauth/token"); }
    static QString waitPrefix() { return QStringLiteral("/oauth/wait/"); }

    void registerRoutes(HttpRouter &router);

private:
    void protectedResource(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void serverMetadata(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void registerClient(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void authorize(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void authorizeClient(const OAuthClient &client, const HttpRequest &request,
                         const std::shared_ptr<HttpReply> &reply);
    void wait(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    void token(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);

    OAuthStore *m_store;
    Options m_options;
    ClientMetadataFetcher *m_fetcher = nullptr;
};

} // namespace pmcp
