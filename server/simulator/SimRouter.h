#pragma once

#include "server/simulator/SimCall.h"
#include "server/simulator/SimResult.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <utility>

namespace pmcp {

// Maps /api2/json paths with {node}/{vmid}/… segments to handlers, and checks the parameters
// and permissions of each call against the embedded PVE API schema (SimSchema.json).
class SimRouter final {
public:
    using Handler = std::function<SimResult(SimCall &)>;
    struct Match {
        QString key; // "GET /nodes/{node}/status"
        QHash<QString, QString> pathParams;
        const Handler *handler = nullptr;
    };

    SimRouter();

    void add(const QByteArray &method, const QString &pattern, Handler handler);
    std::optional<Match> match(const QByteArray &method, const QString &path) const;

    // Proxmox's messages per parameter: unknown, missing, wrong type, out of range.
    QJsonObject validate(const QString &key, const QHash<QString, QString> &params) const;
    // The ACL path and privilege the call needs, when the schema states a plain one.
    std::optional<std::pair<QString, QString>>
    permission(const QString &key, const QHash<QString, QString> &params) const;
    bool allowsToken(const QString &key) const;
    bool hasSchema(const QString &key) const { return m_schema.contains(key); }

private:
    struct Route {
        QByteArray method;
        QStringList segments;
        QString pattern;
        Handler handler;
    };
    static QString checkValue(const QJsonObject &spec, const QString &value);

    QList<Route> m_routes;
    QJsonObject m_schema;
};

} // namespace pmcp
