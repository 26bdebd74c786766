#pragma once

#include "shared/core/Result.h"
#include "server/policy/CommandPolicy.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pmcp {

// One Cmnd_Alias of the generated file: sudoers command specs with absolute paths.
struct SudoersAlias final {
    QString name;    // PVE_READ, DENIED_DENY_RM_ROOT, ...
    QString comment; // one line, written above the alias
    QStringList commands;
};

// Writes the sudoers drop-in for SSH_USER on the Proxmox host from the command policy: fixed
// allow-lists of administration commands, and the policy's deny rules as `!` aliases listed
// last, so that sudo lets them win over the allow-lists. See docs/SUDOERS.md for the limits.
class SudoersGenerator final {
public:
    SudoersGenerator(CommandPolicy policy, bool dangerousCommandsEnabled);

    Result<QString> generate(const QString &user) const;

    QList<SudoersAlias> allowAliases() const;
    QList<SudoersAlias> denyAliases() const;
    // Where Debian and Proxmox VE install a program; both usr-merged directories when unsure.
    static QStringList absolutePaths(const QString &program);
    static bool isValidUserName(const QString &user);

    // Whether sudoers can express the rule (glob patterns); regular expressions it cannot.
    static bool isExpressible(const PolicyRule &rule);

private:
    QStringList denySpecs(const PolicyRule &rule) const;

    CommandPolicy m_policy;
    bool m_dangerous = false;
};

} // namespace pmcp
