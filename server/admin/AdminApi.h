#pragma once

#include "server/http/HttpRequest.h"
#include "server/http/HttpResponse.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <variant>

namespace pmcp::AdminApi {

// What GET /api/admin/version answers as apiVersion: raised only by a change that breaks
// clients (docs/ADMIN-API.md).
inline constexpr int kVersion = 1;
inline constexpr char kPrefix[] = "/api/admin/";

// The route's full path: path("status") = "/api/admin/status".
QString path(const QString &relative);

// The error body of docs/ADMIN-API.md: {"error": {"status", "message", …extra}}.
HttpResponse error(int status, const QString &message, const QJsonObject &extra = {});

// The JSON object of a POST/PUT body, or the 400 answer that says what is wrong with it (not
// JSON, not an object, a wrong Content-Type).
std::variant<QJsonObject, HttpResponse> objectBody(const HttpRequest &request);

// One row of the contract's route table (docs/ADMIN-API.md): what /docs and the OpenAPI document
// say about a route. Paths name their ids in braces: /api/admin/clients/{name}/revoke.
struct RouteDoc {
    QString method;
    QString path;
    QString summary;
};
const QList<RouteDoc> &routeDocs();
// Whether the route registered at `registered` (a prefix route's prefix when prefix) serves
// the documented path.
bool serves(const QString &registered, bool prefix, const QString &documentedPath);

} // namespace pmcp::AdminApi
