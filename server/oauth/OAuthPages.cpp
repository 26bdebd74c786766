#include "server/oauth/OAuthPages.h"

namespace pmcp::OAuthPages {

namespace {

QByteArray page(const QString &title, const QString &head, const QString &body)
{
    return QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
               "<meta name=\"referrer\" content=\"no-referrer\">"
               "<title>%1</title>%2<style>body{font-family:system-ui,sans-serif;max-width:36em;"
               "margin:3em auto;padding:0 1em;line-height:1.5}code{font-size:1.6em;"
               "letter-spacing:.1em}dt{font-weight:bold}</style></head>"
               "<body>%3</body></html>\n")
        .arg(title.toHtmlEscaped(), head, body)
        .toUtf8();
}

} // namespace

QByteArray waiting(const AccessRequest &request)
{
    const QString head = QStringLiteral(
        "<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>"
        "<script>function poll(){fetch(location.pathname+'?format=json',{cache:'no-store'})"
        ".then(function(r){return r.json()}).then(function(s){if(s.status!=='pending')"
        "location.reload();else setTimeout(poll,2000)}).catch(function(){setTimeout(poll,"
        "2000)})}setTimeout(poll,2000);</script>");
    const QString body =
        QStringLiteral(
            "<h1>Waiting for an administrator</h1>"
            "<p><strong>%1</strong> asks for access to this Proxmox MCP server. An administrator "
            "must approve the request; this page continues by itself once they have.</p>"
            "<dl><dt>Client</dt><dd id=\"client\">%1</dd>"
            "<dt>Returns to</dt><dd id=\"redirect-host\">%2</dd>"
            "<dt>Request code</dt><dd><code id=\"request-code\">%3</code></dd></dl>"
            "<p>The administrator runs <kbd>proxmox-mcpd clients approve %3</kbd> (or approves it "
            "in the control center), after checking that the code above is the one they see.</p>"
            "<p>The request expires at %4 UTC.</p>")
            .arg(request.clientName.toHtmlEscaped(), request.redirectHost().toHtmlEscaped(),
                 request.id.toHtmlEscaped(),
                 request.expires.toUTC().toString(QStringLiteral("HH:mm")));
    return page(QStringLiteral("Waiting for approval"), head, body);
}

QByteArray problem(const QString &title, const QString &message)
{
    return page(title, {},
                QStringLiteral("<h1>%1</h1><p id=\"problem\">%2</p>")
                    .arg(title.toHtmlEscaped(), message.toHtmlEscaped()));
}

} // namespace pmcp::OAuthPages
