#pragma once

#include "server/auth/TokenFile.h"

namespace pmcp {

using ClientRecord = TokenRecord;

// Bearer tokens of the MCP clients, under STATE_DIR/clients.json ("pmcp_…"). They open
// /api/mcp and never an admin route.
class ClientStore final : public TokenFile {
public:
    explicit ClientStore(QString stateDir)
        : TokenFile(std::move(stateDir), kind())
    {}

    static TokenKind kind()
    {
        return {QStringLiteral("clients.json"), QStringLiteral("clients"),
                QStringLiteral("client"),       QStringLiteral("client store"),
                QStringLiteral("client token"), QByteArrayLiteral("pmcp_")};
    }
};

} // namespace pmcp
