#pragma once

#include "shared/core/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace pmcp {

// One parameter of an API method as the schema declares it.
struct ApiParam final {
    QString name; // "vmid", or "net[n]" for net0, net1, ...
    QString type; // string, integer, number, boolean, array
    bool optional = false;
    QStringList enumValues;
    std::optional<double> minimum;
    std::optional<double> maximum;
    int maxLength = 0; // 0: unlimited
    QString pattern;   // Perl regex, anchored by Proxmox
    QString format;    // a named format ("pve-node", "pve-vmid") or ""
    bool matches(const QString &given) const;
};

// One method (GET, POST, PUT, DELETE) of an API path.
struct ApiMethod final {
    QString method;
    bool allowToken = true;   // false: needs a ticket (e.g. POST /access/ticket)
    bool isProtected = false; // runs in the privileged daemon
    QList<ApiParam> params;
};

// A concrete path matched to the schema: /nodes/pve1/qemu/100/status/start ->
// /nodes/{node}/qemu/{vmid}/status/start with node=pve1, vmid=100.
struct ResolvedPath final {
    QString templatePath;
    QMap<QString, QString> pathParams;
    QString method;
    QStringList allowedMethods;
    bool allowToken = true;
    bool isProtected = false;
};

// The Proxmox VE API schema embedded in the daemon (generated from the API viewer's apidoc.json
// by server/proxmox/schema/generate_compact_schema.py): resolves paths and checks parameters
// before a generic proxmox_api call reaches Proxmox.
class ApiSchema final {
public:
    // The embedded schema (parsed once).
    static const ApiSchema &instance();
    // A schema from the compact JSON (tests).
    static Result<ApiSchema> fromJson(const QByteArray &compactJson);

    Result<ResolvedPath> resolve(const QString &method, const QString &path) const;
    // A path from a client (proxmox_api), checked before anything is sent: no query or
    // fragment, no "//", no "." or ".." segment, no control characters or spaces, no encoded "/"
    // except inside a {volume} segment; it must match one schema path exactly, and every
    // placeholder segment must match its parameter's format (ApiFormats) or pattern. Returns the
    // canonical path (without /api2/json and a trailing "/", each segment encoded once), or an
    // error naming what is wrong.
    Result<QString> checkPath(const QString &method, const QString &path) const;
    // Unknown parameter names (with the allowed ones), missing required ones, wrong types.
    Result<void> validateParams(const QString &method, const QString &path,
                                const QJsonObject &params) const;
    const ApiMethod *find(const QString &templatePath, const QString &method) const;
    // The valid paths nearest to path (edit distance on segments), best first.
    QStringList closestPaths(const QString &path, int count = 3) const;
    int pathCount() const { return static_cast<int>(m_paths.size()); }
    // Every path template ("/nodes/{node}/qemu/{vmid}"), in the schema's order.
    QStringList paths() const;

private:
    struct Entry {
        QString path;
        QStringList segments;
        QMap<QString, ApiMethod> methods;
    };
    const Entry *match(const QStringList &segments) const;
    static QStringList checkValue(const ApiParam &param, const QString &name,
                                  const QJsonValue &value);

    QList<Entry> m_paths;
};

} // namespace pmcp
