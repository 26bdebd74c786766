#pragma once

#include <QString>

namespace pmcp {

// One answered request as a log line shows it: never the token, never the query string.
struct HttpRequestLine final {
    QString method;
    QString path;
    int status = 0;
    QString client; // the token's client name, "" when none was accepted
    QString peer;   // the source address
    double seconds = 0;
};

// What the router reports about the requests it answers, so that the HTTP room knows nothing
// of metrics: the daemon plugs in server/ops/HttpMetrics, tests a recorder.
class HttpObserver {
public:
    virtual ~HttpObserver() = default;
    // A reply's status was sent (once per request, streams included) after `seconds`.
    virtual void requestAnswered(const QString &route, const QString &method, int status,
                                 double seconds) = 0;
    // A request was refused before its handler ran: host, origin, missing_token, invalid_token.
    virtual void requestRefused(const QString &reason) = 0;
    // The same answer with what a request log needs (reported right after requestAnswered).
    virtual void requestLogged(const HttpRequestLine &line) { (void)line; }
    // A bearer token was missing or not accepted (missing_token, invalid_token), from peer.
    virtual void tokenRefused(const QString &reason, const QString &peer, const QString &path)
    {
        (void)reason, (void)peer, (void)path;
    }
};

} // namespace pmcp
