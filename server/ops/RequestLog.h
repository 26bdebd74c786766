#pragma once

#include "server/http/HttpObserver.h"

namespace pmcp {

// The serve terminal's request log: one INFO line per answered request (method, path, status,
// client, duration, source address) and one WARN line per refused token with its reason and
// source address, in the pmcp.ops category. It passes every observation on to next (the
// metrics), so the router keeps one observer.
class RequestLog final : public HttpObserver {
public:
    explicit RequestLog(HttpObserver *next = nullptr);

    // "POST /api/mcp 200 client=laptop 12 ms from 127.0.0.1"
    static QString format(const HttpRequestLine &line);
    // "refused a bearer token from 10.0.0.7 for /api/mcp: invalid_token (unknown, revoked or
    // expired)"
    static QString formatRefusal(const QString &reason, const QString &peer, const QString &path);

    void requestAnswered(const QString &route, const QString &method, int status,
                         double seconds) override;
    void requestRefused(const QString &reason) override;
    void requestLogged(const HttpRequestLine &line) override;
    void tokenRefused(const QString &reason, const QString &peer, const QString &path) override;

private:
    HttpObserver *m_next;
};

} // namespace pmcp
