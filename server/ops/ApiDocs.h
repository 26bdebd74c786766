#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace pmcp {

// The daemon's HTTP API described as OpenAPI 3.1, and the same as a readable HTML page.
class ApiDocs final {
public:
    static QJsonObject openApi(const QString &mcpPath);
    static QByteArray html(const QString &mcpPath);
};

} // namespace pmcp
