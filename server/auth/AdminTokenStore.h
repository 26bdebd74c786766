#pragma once

#include "server/auth/TokenFile.h"

namespace pmcp {

// The admin API's bearer tokens, under STATE_DIR/admin-tokens.json ("pmcp_admin_…"), kept
// like the client tokens but in a file of their own: an admin token opens only /api/admin/
// routes, never /api/mcp (docs/ADMIN-API.md).
class AdminTokenStore final : public TokenFile {
public:
    explicit AdminTokenStore(QString stateDir)
        : TokenFile(std::move(stateDir), kind())
    {}

    static TokenKind kind()
    {
        return {QStringLiteral("admin-tokens.json"), QStringLiteral("tokens"),
                QStringLiteral("admin token"),       QStringLiteral("admin token store"),
                QStringLiteral("admin token"),       QByteArrayLiteral("pmcp_admin_")};
    }
};

} // namespace pmcp
