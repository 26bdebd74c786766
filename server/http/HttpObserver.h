#pragma once

#include <QString>

namespace pmcp {

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
};

} // namespace pmcp
