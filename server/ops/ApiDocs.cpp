#include "server/ops/ApiDocs.h"

#include "shared/core/Version.h"

#include <QJsonArray>

namespace pmcp {

namespace {

QJsonObject response(const QString &description, const QString &mediaType = {})
{
    QJsonObject r{{QStringLiteral("description"), description}};
    if (!mediaType.isEmpty())
        r.insert(QStringLiteral("content"), QJsonObject{{mediaType, QJsonObject{}}});
    return r;
}

QJsonObject operation(const QString &summary, const QString &description, bool needsToken,
                      const QJsonObject &responses, const QJsonArray &parameters = {})
{
    QJsonObject op{{QStringLiteral("summary"), summary},
                   {QStringLiteral("description"), description},
                   {QStringLiteral("responses"), responses}};
    if (!parameters.isEmpty())
        op.insert(QStringLiteral("parameters"), parameters);
    op.insert(QStringLiteral("security"),
              needsToken ? QJsonArray{QJsonObject{{QStringLiteral("bearerAuth"), QJsonArray{}}}}
                         : QJsonArray{QJsonObject{}});
    return op;
}

QJsonObject header(const QString &name, const QString &description, bool required)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("in"), QStringLiteral("header")},
            {QStringLiteral("required"), required},
            {QStringLiteral("description"), description},
            {QStringLiteral("schema"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}};
}

QString escape(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

QJsonObject ApiDocs::openApi(const QString &mcpPath, const QList<Route> &adminRoutes)
{
    const QJsonObject sessionHeader =
        header(QStringLiteral("Mcp-Session-Id"),
               QStringLiteral("The session id from the initialize response."), true);
    const QJsonObject versionHeader =
        header(QStringLiteral("MCP-Protocol-Version"),
               QStringLiteral("2025-11-25, 2025-06-18 or 2025-03-26."), false);
    const QJsonObject errors{
        {QStringLiteral("400"),
         response(QStringLiteral("Malformed JSON (-32700), an invalid JSON-RPC message (-32600), a "
                                 "missing session id or an unsupported protocol version."),
                  QStringLiteral("application/json"))},
        {QStringLiteral("401"),
         response(QStringLiteral("Missing, invalid, expired or revoked bearer token."))},
        {QStringLiteral("403"),
         response(QStringLiteral("Host or Origin not allowed (DNS rebinding protection)."))},
        {QStringLiteral("404"),
         response(QStringLiteral("Unknown or expired session: initialize again."))},
        {QStringLiteral("406"),
         response(QStringLiteral("Accept does not list application/json and text/event-stream."))},
        {QStringLiteral("413"),
         response(QStringLiteral("Request body larger than MCP_MAX_BODY_BYTES."))},
        {QStringLiteral("415"), response(QStringLiteral("Content-Type is not application/json."))},
    };
    QJsonObject postResponses = errors;
    postResponses.insert(
        QStringLiteral("200"),
        QJsonObject{{QStringLiteral("description"),
                     QStringLiteral("The JSON-RPC response, as JSON or as an SSE stream that "
                                    "carries notifications and server requests before it.")},
                    {QStringLiteral("content"),
                     QJsonObject{{QStringLiteral("application/json"), QJsonObject{}},
                                 {QStringLiteral("text/event-stream"), QJsonObject{}}}}});
    postResponses.insert(
        QStringLiteral("202"),
        response(QStringLiteral("Accepted: the body held only notifications or responses.")));

    QJsonObject paths;
    paths.insert(
        mcpPath,
        QJsonObject{
            {QStringLiteral("post"),
             operation(
                 QStringLiteral("Send one JSON-RPC message"),
                 QStringLiteral("MCP Streamable HTTP. initialize opens a session (Mcp-Session-Id "
                                "in the response); every later request carries it."),
                 true, postResponses, {sessionHeader, versionHeader})},
            {QStringLiteral("get"),
             operation(QStringLiteral("Open the session's event stream"),
                       QStringLiteral("Server-initiated messages (list changes, resource updates) "
                                      "as Server-Sent Events."),
                       true,
                       {{QStringLiteral("200"), response(QStringLiteral("An SSE stream."),
                                                         QStringLiteral("text/event-stream"))}},
                       {sessionHeader})},
            {QStringLiteral("delete"),
             operation(QStringLiteral("End the session"),
                       QStringLiteral("Ends the session and cancels its work."), true,
                       {{QStringLiteral("200"), response(QStringLiteral("Session ended."))},
                        {QStringLiteral("404"), response(QStringLiteral("Unknown session."))}},
                       {sessionHeader})},
        });
    paths.insert(
        QStringLiteral("/health"),
        QJsonObject{
            {QStringLiteral("get"),
             operation(QStringLiteral("Health"),
                       QStringLiteral("Overall status (healthy, degraded, unhealthy), version, "
                                      "uptime and each check's status without a token; with a "
                                      "valid token each check also carries its detail."),
                       false,
                       {{QStringLiteral("200"), response(QStringLiteral("healthy or degraded"),
                                                         QStringLiteral("application/json"))},
                        {QStringLiteral("503"), response(QStringLiteral("unhealthy"),
                                                         QStringLiteral("application/json"))}})}});
    paths.insert(
        QStringLiteral("/metrics"),
        QJsonObject{
            {QStringLiteral("get"),
             operation(
                 QStringLiteral("Prometheus metrics"),
                 QStringLiteral("Text exposition format 0.0.4. Needs a bearer token unless "
                                "METRICS_PUBLIC=true. Carries no secrets and no client names."),
                 true,
                 {{QStringLiteral("200"),
                   response(QStringLiteral("Metrics"), QStringLiteral("text/plain"))}})}});
    paths.insert(
        QStringLiteral("/docs"),
        QJsonObject{
            {QStringLiteral("get"),
             operation(
                 QStringLiteral("This documentation"),
                 QStringLiteral(
                     "HTML, or this OpenAPI document when the request prefers application/json."),
                 false,
                 {{QStringLiteral("200"),
                   response(QStringLiteral("Documentation"), QStringLiteral("text/html"))}})}});
    paths.insert(QStringLiteral("/docs/openapi.json"),
                 QJsonObject{{QStringLiteral("get"),
                              operation(QStringLiteral("OpenAPI document"),
                                        QStringLiteral("This document as JSON."), false,
                                        {{QStringLiteral("200"),
                                          response(QStringLiteral("OpenAPI 3.1"),
                                                   QStringLiteral("application/json"))}})}});
    paths.insert(
        QStringLiteral("/"),
        QJsonObject{
            {QStringLiteral("get"),
             operation(
                 QStringLiteral("Service descriptor"),
                 QStringLiteral(
                     "Name, version and the paths of the MCP endpoint, health, metrics and docs."),
                 false,
                 {{QStringLiteral("200"),
                   response(QStringLiteral("Descriptor"), QStringLiteral("application/json"))}})}});

    for (const Route &route : adminRoutes) {
        QJsonObject operations = paths.value(route.path).toObject();
        QJsonObject op = operation(
            route.summary,
            QStringLiteral("Admin API (docs/ADMIN-API.md): needs an admin token from "
                           "`proxmox-mcpd admin-token create NAME`; MCP client tokens get 401."),
            true,
            {{QStringLiteral("200"),
              response(QStringLiteral("OK"), route.path.endsWith(QLatin1String("/events"))
                                                 ? QStringLiteral("text/event-stream")
                                                 : QStringLiteral("application/json"))},
             {QStringLiteral("401"),
              response(QStringLiteral("No admin token, or not a valid one."))},
             {QStringLiteral("403"),
              response(QStringLiteral("The source address is outside ADMIN_ALLOWED_NETWORKS, or "
                                      "the admin API is off."))},
             {QStringLiteral("429"),
              response(QStringLiteral("Too many failed authentications from this address; "
                                      "Retry-After says when to try again."))}});
        op.insert(QStringLiteral("security"),
                  QJsonArray{QJsonObject{{QStringLiteral("adminAuth"), QJsonArray{}}}});
        operations.insert(route.method.toLower(), op);
        paths.insert(route.path, operations);
    }

    return {
        {QStringLiteral("openapi"), QStringLiteral("3.1.0")},
        {QStringLiteral("info"),
         QJsonObject{{QStringLiteral("title"), QStringLiteral("proxmox-mcpd HTTP API")},
                     {QStringLiteral("version"), productVersion()},
                     {QStringLiteral("description"),
                      QStringLiteral("Model Context Protocol server for Proxmox VE.")}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("components"),
         QJsonObject{
             {QStringLiteral("securitySchemes"),
              QJsonObject{
                  {QStringLiteral("bearerAuth"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                               {QStringLiteral("scheme"), QStringLiteral("bearer")},
                               {QStringLiteral("description"),
                                QStringLiteral(
                                    "A client token from `proxmox-mcpd clients create NAME`.")}}},
                  {QStringLiteral("adminAuth"),
                   QJsonObject{
                       {QStringLiteral("type"), QStringLiteral("http")},
                       {QStringLiteral("scheme"), QStringLiteral("bearer")},
                       {QStringLiteral("description"),
                        QStringLiteral("An admin token from `proxmox-mcpd admin-token create "
                                       "NAME`.")}}}}}}},
    };
}

QString ApiDocs::claudeCodeLine(const QString &mcpUrl)
{
    return QStringLiteral("claude mcp add --transport http proxmox %1 --header \"Authorization: "
                          "Bearer TOKEN\"")
        .arg(mcpUrl);
}

QString ApiDocs::claudeDesktopJson(const QString &mcpUrl)
{
    return QStringLiteral("{\n"
                          "  \"mcpServers\": {\n"
                          "    \"proxmox\": {\n"
                          "      \"command\": \"/usr/bin/proxmox-mcpd\",\n"
                          "      \"args\": [\"stdio\", \"--config\", "
                          "\"/etc/proxmox-mcp/proxmox-mcp.env\"]\n"
                          "    },\n"
                          "    \"proxmox-http\": {\n"
                          "      \"command\": \"npx\",\n"
                          "      \"args\": [\"-y\", \"mcp-remote\", \"%1\",\n"
                          "               \"--header\", \"Authorization: Bearer TOKEN\"]\n"
                          "    }\n"
                          "  }\n"
                          "}")
        .arg(mcpUrl);
}

QByteArray ApiDocs::html(const QString &mcpPath, const QString &mcpUrl, const QList<Tool> &tools,
                         const QList<Route> &adminRoutes)
{
    const QJsonObject api = openApi(mcpPath, adminRoutes);
    QString page = QStringLiteral(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>proxmox-mcpd "
        "API</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
        "code{background:#eee;padding:0 .2em}h2{border-bottom:1px solid "
        "#ccc}</style></head><body>");
    page += QStringLiteral("<h1>proxmox-mcpd %1</h1><p>%2 The machine-readable form is at "
                           "<a href=\"/docs/openapi.json\">/docs/openapi.json</a>.</p>")
                .arg(escape(productVersion()),
                     escape(api[QLatin1String("info")][QLatin1String("description")].toString()));
    if (!mcpUrl.isEmpty())
        page += QStringLiteral(
                    "<h2>Connecting a client</h2><p>TOKEN is a client token from "
                    "<code>proxmox-mcpd clients create NAME</code>.</p>"
                    "<p>Claude Code:</p><pre>%1</pre>"
                    "<p>Claude Desktop (<code>claude_desktop_config.json</code>): the daemon's "
                    "own stdio mode on this machine, or this endpoint through "
                    "<code>mcp-remote</code>:</p><pre>%2</pre>")
                    .arg(escape(claudeCodeLine(mcpUrl)), escape(claudeDesktopJson(mcpUrl)));
    if (!tools.isEmpty()) {
        page += QStringLiteral("<h2>MCP tools (%1)</h2><dl>").arg(tools.size());
        for (const Tool &tool : tools)
            page += QStringLiteral("<dt><code>%1</code>%2</dt><dd>%3</dd>")
                        .arg(escape(tool.name),
                             tool.readOnly ? QStringLiteral(" (read-only)") : QString(),
                             escape(tool.description));
        page += QStringLiteral("</dl>");
    }
    page += QStringLiteral("<h2>HTTP API</h2>");
    const QJsonObject paths = api[QLatin1String("paths")].toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject operations = path.value().toObject();
        for (auto op = operations.begin(); op != operations.end(); ++op) {
            const QJsonObject o = op.value().toObject();
            const QJsonObject security = o[QLatin1String("security")].toArray().first().toObject();
            const bool token = !security.isEmpty();
            const bool admin = security.contains(QLatin1String("adminAuth"));
            page +=
                QStringLiteral("<h2><code>%1 %2</code></h2><p><b>%3.</b> %4</p><p>%5</p><ul>")
                    .arg(op.key().toUpper(), escape(path.key()),
                         escape(o[QLatin1String("summary")].toString()),
                         escape(o[QLatin1String("description")].toString()),
                         admin ? QStringLiteral(
                                     "Needs <code>Authorization: Bearer ADMIN_TOKEN</code> "
                                     "(an admin token).")
                         : token ? QStringLiteral("Needs <code>Authorization: Bearer TOKEN</code>.")
                                 : QStringLiteral("No token needed."));
            const QJsonObject responses = o[QLatin1String("responses")].toObject();
            for (auto r = responses.begin(); r != responses.end(); ++r)
                page +=
                    QStringLiteral("<li><code>%1</code> %2</li>")
                        .arg(r.key(), escape(r.value()[QLatin1String("description")].toString()));
            page += QStringLiteral("</ul>");
        }
    }
    page += QStringLiteral("</body></html>");
    return page.toUtf8();
}

} // namespace pmcp
