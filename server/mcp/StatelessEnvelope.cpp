#include "server/mcp/StatelessEnvelope.h"

#include "server/mcp/JsonRpc.h"
#include "server/mcp/ProtocolEra.h"

#include <QStringList>

namespace pmcp {

bool StatelessEnvelope::isCacheable(const QString &method)
{
    static const QStringList cacheable{QStringLiteral("server/discover"),
                                       QStringLiteral("tools/list"),
                                       QStringLiteral("prompts/list"),
                                       QStringLiteral("resources/list"),
                                       QStringLiteral("resources/templates/list"),
                                       QStringLiteral("resources/read")};
    return cacheable.contains(method);
}

QJsonObject StatelessEnvelope::decorateResult(const QString &method, QJsonObject result,
                                              const QJsonObject &serverInfo, bool privateScope)
{
    if (!result.contains(QLatin1String("resultType")))
        result.insert(QStringLiteral("resultType"), QStringLiteral("complete"));
    QJsonObject meta = result.value(QLatin1String("_meta")).toObject();
    meta.insert(QStringLiteral("io.modelcontextprotocol/serverInfo"), serverInfo);
    result.insert(QStringLiteral("_meta"), meta);
    // Only complete results are cacheable (an input-required round never is).
    if (isCacheable(method) &&
        result.value(QLatin1String("resultType")) == QLatin1String("complete")) {
        int ttl = kListTtlMs;
        if (method == QLatin1String("server/discover"))
            ttl = kDiscoverTtlMs;
        else if (method == QLatin1String("resources/read"))
            ttl = kReadTtlMs;
        if (!result.contains(QLatin1String("ttlMs")))
            result.insert(QStringLiteral("ttlMs"), ttl);
        if (!result.contains(QLatin1String("cacheScope")))
            result.insert(QStringLiteral("cacheScope"),
                          privateScope ? QStringLiteral("private") : QStringLiteral("public"));
    }
    return result;
}

int StatelessEnvelope::httpStatus(const QJsonObject &response)
{
    if (!response.contains(QLatin1String("error")))
        return 200;
    const int code =
        response.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt();
    switch (code) {
    case rpc::kMethodNotFound:
        return 404;
    case rpc::kParseError:
    case rpc::kInvalidRequest:
    case ProtocolEra::HeaderMismatch:
    case ProtocolEra::MissingCapability:
    case ProtocolEra::UnsupportedVersion:
        return 400;
    default:
        return 200;
    }
}

} // namespace pmcp
