#pragma once

#include "shared/core/Result.h"
#include "server/http/HttpRequest.h"

#include <QHash>
#include <QString>

namespace pmcp {

// The parameters of a Proxmox API call: the query string merged over a body sent as
// application/x-www-form-urlencoded or application/json. Repeated keys and JSON arrays are
// joined with NUL, as pve-http-server does.
class SimRequestParser final {
public:
    static Result<QHash<QString, QString>> parameters(const HttpRequest &request);

private:
    static Result<QHash<QString, QString>> formBody(const QByteArray &body);
    static Result<QHash<QString, QString>> jsonBody(const QByteArray &body);
};

} // namespace pmcp
