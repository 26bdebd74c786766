#pragma once

#include <QJsonObject>
#include <QString>

namespace pmcp {

// What the stateless 2026-07-28 revision adds around the answers of the shared dispatch: a
// pure value, so the one implementation of each method serves both eras and only this class
// knows the new envelope (resultType, serverInfo in result _meta, ttlMs/cacheScope on cacheable
// results, the HTTP status of each error).
class StatelessEnvelope final {
public:
    // How long a client may keep a result (ttlMs) and whether it may share it across
    // authorization contexts (cacheScope). Lists change when tools are reconfigured, so they
    // are kept briefly; reads of live Proxmox data are not kept at all.
    static constexpr int kDiscoverTtlMs = 300000;
    static constexpr int kListTtlMs = 60000;
    static constexpr int kReadTtlMs = 0;

    // server/discover, the four lists and resources/read: their complete results carry
    // ttlMs and cacheScope.
    static bool isCacheable(const QString &method);
    // The result as a 2026-07-28 client gets it: resultType "complete" unless the handler set
    // one, serverInfo in _meta (merged with what the handler put there), and the cache hints of
    // a cacheable method. privateScope: the answer depends on who asks (an authenticated
    // client, whose tools may be filtered), so cacheScope is "private", else "public".
    static QJsonObject decorateResult(const QString &method, QJsonObject result,
                                      const QJsonObject &serverInfo, bool privateScope);
    // The HTTP status of a final JSON-RPC response on the 2026 wire: 200 for results and for
    // handler errors (unknown tool, bad cursor, resource not found), 404 for an unknown method,
    // 400 for malformed requests, header, capability and version errors.
    static int httpStatus(const QJsonObject &response);
};

} // namespace pmcp
