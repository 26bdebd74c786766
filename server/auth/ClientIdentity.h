#pragma once

#include <QString>
#include <QStringList>

namespace pmcp {

// Who an MCP client is once authenticated: what the token store (or the OAuth grant) says about
// it and what the session and its tools need (the HTTP front end, stdio and the session all pass
// this one).
struct ClientIdentity final {
    QString name;
    bool readOnly = false; // offered only read-only tools
    // The tools an OAuth grant of scope tools:NAME,… may call; empty: every tool offered to it.
    QStringList tools = {};
    // The resource (RFC 8707) an OAuth access token was issued for; empty: a static token, valid
    // for every resource of this daemon. The HTTP front end refuses a token bound elsewhere.
    QString audience = {};
    // "token" (a static client token) or "oauth" (an approved OAuth grant).
    QString kind = {};

    bool allowsTool(const QString &tool) const { return tools.isEmpty() || tools.contains(tool); }

    bool operator==(const ClientIdentity &) const = default;
};

} // namespace pmcp
