#pragma once

#include "server/auth/ClientIdentity.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace pmcp {

// What an administrator grants an OAuth client: read-only (the read-only tools), full (every
// tool), or tools:NAME,NAME (exactly those tools). A pure value, written as in the CLI and the
// admin API.
class OAuthScope final {
public:
    enum class Kind { ReadOnly, Full, Tools };

    static OAuthScope readOnly() { return OAuthScope(Kind::ReadOnly, {}); }
    static OAuthScope full() { return OAuthScope(Kind::Full, {}); }
    // nullopt, with *problem saying why, for anything else (an empty tool list, a bad name).
    static std::optional<OAuthScope> parse(const QString &text, QString *problem = nullptr);
    // The scope values clients may ask for (protected resource metadata, scopes_supported).
    static QStringList supported();

    Kind kind() const { return m_kind; }
    QStringList tools() const { return m_tools; }
    QString toString() const;
    // Sets readOnly and the tool allowlist of an identity to what this scope allows.
    void applyTo(ClientIdentity &identity) const;

    bool operator==(const OAuthScope &) const = default;

private:
    OAuthScope(Kind kind, QStringList tools);

    Kind m_kind;
    QStringList m_tools;
};

} // namespace pmcp
