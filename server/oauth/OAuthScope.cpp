#include "server/oauth/OAuthScope.h"

#include <QRegularExpression>

#include <utility>

namespace pmcp {

namespace {

constexpr int kMaxTools = 64;
const QString kReadOnly = QStringLiteral("read-only");
const QString kFull = QStringLiteral("full");
const QString kToolsPrefix = QStringLiteral("tools:");

void say(QString *problem, const QString &text)
{
    if (problem)
        *problem = text;
}

} // namespace

OAuthScope::OAuthScope(Kind kind, QStringList tools)
    : m_kind(kind)
    , m_tools(std::move(tools))
{}

std::optional<OAuthScope> OAuthScope::parse(const QString &text, QString *problem)
{
    const QString trimmed = text.trimmed();
    if (trimmed == kReadOnly)
        return readOnly();
    if (trimmed == kFull)
        return full();
    if (!trimmed.startsWith(kToolsPrefix)) {
        say(problem, QStringLiteral("unknown scope \"%1\": use read-only, full or "
                                    "tools:NAME,NAME")
                         .arg(trimmed));
        return std::nullopt;
    }
    // The names of ToolRegistry::isValidName.
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_.-]{1,128}\\z"));
    QStringList tools;
    for (const QString &part : trimmed.mid(kToolsPrefix.size()).split(u',')) {
        const QString tool = part.trimmed();
        if (!name.match(tool).hasMatch()) {
            say(problem, tool.isEmpty()
                             ? QStringLiteral("scope tools: needs tool names separated by commas")
                             : QStringLiteral("\"%1\" is not a tool name").arg(tool));
            return std::nullopt;
        }
        if (!tools.contains(tool))
            tools.append(tool);
    }
    if (tools.size() > kMaxTools) {
        say(problem, QStringLiteral("scope tools: names at most %1 tools").arg(kMaxTools));
        return std::nullopt;
    }
    return OAuthScope(Kind::Tools, tools);
}

QStringList OAuthScope::supported()
{
    return {kReadOnly, kFull};
}

QString OAuthScope::toString() const
{
    switch (m_kind) {
    case Kind::ReadOnly:
        return kReadOnly;
    case Kind::Full:
        return kFull;
    case Kind::Tools:
        break;
    }
    return kToolsPrefix + m_tools.join(u',');
}

void OAuthScope::applyTo(ClientIdentity &identity) const
{
    identity.readOnly = m_kind == Kind::ReadOnly;
    identity.tools = m_kind == Kind::Tools ? m_tools : QStringList();
}

} // namespace pmcp
