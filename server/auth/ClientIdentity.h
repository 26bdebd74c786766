#pragma once

#include <QString>

namespace pmcp {

// Who an MCP client is once authenticated: what the token store says about it and what the
// session and its tools need (the HTTP front end, stdio and the session all pass this one).
struct ClientIdentity final {
    QString name;
    bool readOnly = false; // offered only read-only tools

    bool operator==(const ClientIdentity &) const = default;
};

} // namespace pmcp
