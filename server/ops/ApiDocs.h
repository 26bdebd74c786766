#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace pmcp {

// The daemon's HTTP API described as OpenAPI 3.1, and the same as a readable HTML page with
// the MCP tools it offers and the lines that connect a client.
class ApiDocs final {
public:
    struct Tool {
        QString name;
        QString description;
        bool readOnly = false;
    };

    // An admin API route (docs/ADMIN-API.md), listed with the admin token's security scheme.
    struct Route {
        QString method;
        QString path;
        QString summary;
    };

    static QJsonObject openApi(const QString &mcpPath, const QList<Route> &adminRoutes = {});
    // mcpUrl: the endpoint as the reader reached the daemon (e.g. http://host:8080/api/mcp).
    static QByteArray html(const QString &mcpPath, const QString &mcpUrl = {},
                           const QList<Tool> &tools = {}, const QList<Route> &adminRoutes = {});
    // What connects Claude Code, Claude Desktop (stdio and mcp-remote) to mcpUrl, as text.
    static QString claudeCodeLine(const QString &mcpUrl);
    static QString claudeDesktopJson(const QString &mcpUrl);
};

} // namespace pmcp
