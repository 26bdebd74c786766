#include "server/policy/SudoersGenerator.h"

#include <QHash>
#include <QRegularExpression>

namespace pmcp {

namespace {

// Tools whose directory is certain on Debian 12; the rest get both /usr/sbin and /usr/bin
// (Proxmox VE installs some of its tools in each; a path that does not exist never matches).
const QHash<QString, QString> kKnownPaths{
    {QStringLiteral("journalctl"), QStringLiteral("/usr/bin/journalctl")},
    {QStringLiteral("systemctl"), QStringLiteral("/usr/bin/systemctl")},
    {QStringLiteral("df"), QStringLiteral("/usr/bin/df")},
    {QStringLiteral("free"), QStringLiteral("/usr/bin/free")},
    {QStringLiteral("uptime"), QStringLiteral("/usr/bin/uptime")},
    {QStringLiteral("lsblk"), QStringLiteral("/usr/bin/lsblk")},
    {QStringLiteral("zfs"), QStringLiteral("/usr/sbin/zfs")},
    {QStringLiteral("zpool"), QStringLiteral("/usr/sbin/zpool")},
};

// Each program, then its argument specs ("" alone: no arguments at all).
using Specs = QList<std::pair<QString, QStringList>>;

QStringList expand(const Specs &specs)
{
    QStringList commands;
    for (const auto &[program, arguments] : specs) {
        for (const auto &path : SudoersGenerator::absolutePaths(program)) {
            for (const auto &argument : arguments)
                commands.append(path + QLatin1Char(' ') + argument);
        }
    }
    return commands;
}

QString aliasName(const QString &ruleId)
{
    QString name = ruleId.toUpper();
    static const QRegularExpression kOther(QStringLiteral("[^A-Z0-9_]"));
    name.replace(kOther, QStringLiteral("_"));
    return QStringLiteral("DENIED_") + name;
}

// Characters sudoers treats as syntax inside a command's arguments.
QString escapeArgument(QString argument)
{
    for (const QLatin1Char c :
         {QLatin1Char('\\'), QLatin1Char(','), QLatin1Char(':'), QLatin1Char('=')})
        argument.replace(c, QLatin1String("\\") + c);
    return argument;
}

QString aliasText(const SudoersAlias &alias)
{
    QString text = QStringLiteral("# %1\nCmnd_Alias %2 = \\\n").arg(alias.comment, alias.name);
    for (qsizetype i = 0; i < alias.commands.size(); ++i) {
        text += QStringLiteral("    ") + alias.commands[i] +
                (i + 1 < alias.commands.size() ? QStringLiteral(", \\\n") : QStringLiteral("\n"));
    }
    return text + QLatin1Char('\n');
}

} // namespace

SudoersGenerator::SudoersGenerator(CommandPolicy policy, bool dangerousCommandsEnabled)
    : m_policy(std::move(policy))
    , m_dangerous(dangerousCommandsEnabled)
{}

QStringList SudoersGenerator::absolutePaths(const QString &program)
{
    if (program.startsWith(QLatin1Char('/')))
        return {program};
    if (const auto known = kKnownPaths.constFind(program); known != kKnownPaths.cend())
        return {*known};
    return {QStringLiteral("/usr/sbin/") + program, QStringLiteral("/usr/bin/") + program};
}

bool SudoersGenerator::isValidUserName(const QString &user)
{
    static const QRegularExpression kUser(QStringLiteral("^[a-z_][a-z0-9_.-]{0,31}$"));
    return kUser.match(user).hasMatch() && user != QLatin1String("root");
}

QList<SudoersAlias> SudoersGenerator::allowAliases() const
{
    const QString any = QStringLiteral("*");
    const QString none = QStringLiteral("\"\"");
    QList<SudoersAlias> aliases{
        {QStringLiteral("PVE_READ"), QStringLiteral("Proxmox VE: reading guests, storage, cluster"),
         expand({{QStringLiteral("qm"),
                  {QStringLiteral("list"), QStringLiteral("list *"), QStringLiteral("status *"),
                   QStringLiteral("config *"), QStringLiteral("pending *"),
                   QStringLiteral("listsnapshot *")}},
                 {QStringLiteral("pct"),
                  {QStringLiteral("list"), QStringLiteral("status *"), QStringLiteral("config *"),
                   QStringLiteral("pending *"), QStringLiteral("listsnapshot *")}},
                 {QStringLiteral("pvesh"), {QStringLiteral("get *")}},
                 {QStringLiteral("pvesm"),
                  {QStringLiteral("status"), QStringLiteral("status *"), QStringLiteral("list *")}},
                 {QStringLiteral("pvecm"), {QStringLiteral("status"), QStringLiteral("nodes")}},
                 {QStringLiteral("pveversion"), {none, QStringLiteral("-v")}}})},
        {QStringLiteral("PVE_GUESTS"),
         QStringLiteral("Proxmox VE: power and snapshots of guests, backups"),
         expand(
             {{QStringLiteral("qm"),
               {QStringLiteral("start *"), QStringLiteral("stop *"), QStringLiteral("shutdown *"),
                QStringLiteral("reboot *"), QStringLiteral("suspend *"), QStringLiteral("resume *"),
                QStringLiteral("snapshot *")}},
              {QStringLiteral("pct"),
               {QStringLiteral("start *"), QStringLiteral("stop *"), QStringLiteral("shutdown *"),
                QStringLiteral("reboot *"), QStringLiteral("suspend *"), QStringLiteral("resume *"),
                QStringLiteral("snapshot *")}},
              {QStringLiteral("vzdump"), {any}}})},
        {QStringLiteral("SYSTEM_READ"),
         QStringLiteral("Host: logs, services, disks, memory (NOEXEC: no pager shell escapes)"),
         expand({{QStringLiteral("journalctl"), {none, any}},
                 {QStringLiteral("systemctl"),
                  {QStringLiteral("status"), QStringLiteral("status *"),
                   QStringLiteral("is-active *"), QStringLiteral("is-enabled *"),
                   QStringLiteral("is-failed *"), QStringLiteral("list-units"),
                   QStringLiteral("list-units *"), QStringLiteral("--failed")}},
                 {QStringLiteral("df"), {none, any}},
                 {QStringLiteral("free"), {none, any}},
                 {QStringLiteral("uptime"), {none}},
                 {QStringLiteral("lsblk"), {none, any}},
                 {QStringLiteral("zpool"),
                  {QStringLiteral("status"), QStringLiteral("status *"), QStringLiteral("list"),
                   QStringLiteral("list *")}},
                 {QStringLiteral("zfs"), {QStringLiteral("list"), QStringLiteral("list *")}}})},
    };
    if (m_dangerous)
        aliases.append({QStringLiteral("PVE_CHANGE"),
                        QStringLiteral("ENABLE_DANGEROUS_COMMANDS: rollbacks, snapshot removal, "
                                       "migration"),
                        expand({{QStringLiteral("qm"),
                                 {QStringLiteral("rollback *"), QStringLiteral("delsnapshot *"),
                                  QStringLiteral("migrate *")}},
                                {QStringLiteral("pct"),
                                 {QStringLiteral("rollback *"), QStringLiteral("delsnapshot *"),
                                  QStringLiteral("migrate *")}}})});
    return aliases;
}

bool SudoersGenerator::isExpressible(const PolicyRule &rule)
{
    // Regular-expression rules ("re:") use a syntax sudo's matcher does not share.
    // Regular expressions and pseudo-programs ("@write": files a command writes) have no
    // sudoers form.
    if (rule.program.startsWith(QLatin1String("re:")) || rule.program.startsWith(QLatin1Char('@')))
        return false;
    for (const auto &pattern : rule.argPatterns) {
        if (pattern.startsWith(QLatin1String("re:")) || pattern.contains(QLatin1Char('#')) ||
            pattern.contains(QLatin1Char('\n')) || pattern.trimmed().isEmpty())
            return false;
    }
    return true;
}

QStringList SudoersGenerator::denySpecs(const PolicyRule &rule) const
{
    if (!isExpressible(rule))
        return {};
    QStringList arguments;
    for (const auto &pattern : rule.argPatterns) {
        arguments.append(escapeArgument(pattern));
    }
    QStringList variants;
    if (arguments.isEmpty()) {
        variants.append(QString()); // the program with any arguments
    } else {
        // `*` matches spaces in sudoers, so the patterns may sit anywhere in the command line;
        // every combination of "something before/between/after" or not is listed.
        const int gaps = int(arguments.size()) + 1;
        const int combinations = gaps <= 5 ? 1 << gaps : 1;
        for (int mask = 0; mask < combinations; ++mask) {
            QStringList words;
            for (int i = 0; i < gaps; ++i) {
                if (mask & (1 << i))
                    words.append(QStringLiteral("*"));
                if (i < arguments.size())
                    words.append(arguments[i]);
            }
            variants.append(words.join(QLatin1Char(' ')));
        }
    }
    QStringList specs;
    for (const auto &path : absolutePaths(rule.program)) {
        for (const auto &variant : variants)
            specs.append(variant.isEmpty() ? path : path + QLatin1Char(' ') + variant);
    }
    specs.removeDuplicates();
    return specs;
}

QList<SudoersAlias> SudoersGenerator::denyAliases() const
{
    QList<SudoersAlias> aliases{
        {QStringLiteral("DENIED_WRITES_IN_READ_TOOLS"),
         QStringLiteral("options that make the allowed read and backup tools write or run code"),
         expand({{QStringLiteral("journalctl"),
                  {QStringLiteral("*--vacuum*"), QStringLiteral("*--rotate*"),
                   QStringLiteral("*--flush*"), QStringLiteral("*--sync*"),
                   QStringLiteral("*--relinquish-var*"), QStringLiteral("*--setup-keys*"),
                   QStringLiteral("*--update-catalog*"), QStringLiteral("*--cursor-file*")}},
                 {QStringLiteral("vzdump"),
                  {QStringLiteral("*--script*"), QStringLiteral("*--dumpdir*")}}})}};
    for (const auto &rule : m_policy.rules()) {
        if (rule.action != PolicyRule::Action::Deny || rule.program.isEmpty())
            continue;
        const QStringList specs = denySpecs(rule);
        if (!specs.isEmpty())
            aliases.append(
                {aliasName(rule.id),
                 QStringLiteral("policy rule %1: %2")
                     .arg(rule.id,
                          QString(rule.reason).replace(QLatin1Char('\n'), QLatin1Char(' '))),
                 specs});
    }
    return aliases;
}

Result<QString> SudoersGenerator::generate(const QString &user) const
{
    if (!isValidUserName(user))
        return Error::invalid(
            QStringLiteral("\"%1\" is not a user name sudoers can take (and not root)").arg(user));
    QString text = QStringLiteral(
        "# Generated by `proxmox-mcpd sudoers`; install as /etc/sudoers.d/proxmox-mcp (0440)\n"
        "# after `visudo -c -f FILE`. Do not edit: regenerate from the command policy.\n\n");
    text += QStringLiteral("Defaults:%1 env_reset, secure_path=\"/usr/sbin:/usr/bin:/sbin:/bin\", "
                           "use_pty, log_input, log_output, iolog_dir=/var/log/sudo-io/%{user}, "
                           "logfile=/var/log/sudo-%1.log\n\n")
                .arg(user);
    const QList<SudoersAlias> allowed = allowAliases();
    const QList<SudoersAlias> denied = denyAliases();
    QStringList spec;
    for (const auto &alias : allowed) {
        text += aliasText(alias);
        const bool noexec = alias.name == QLatin1String("SYSTEM_READ");
        spec.append((noexec ? QStringLiteral("NOEXEC: ") : QStringLiteral("EXEC: ")) + alias.name);
    }
    for (const auto &alias : denied) {
        text += aliasText(alias);
        spec.append(QLatin1Char('!') + alias.name);
    }
    for (const auto &rule : m_policy.rules()) {
        if (rule.action == PolicyRule::Action::Deny && !rule.program.isEmpty() &&
            !isExpressible(rule))
            text += QStringLiteral("# policy rule %1 (%2): enforced by proxmox-mcpd only; its "
                                   "pattern cannot be written as a sudoers command\n")
                        .arg(rule.id,
                             QString(rule.reason).replace(QLatin1Char('\n'), QLatin1Char(' ')));
    }
    text += QStringLiteral("# Denials come last: for sudo the last matching entry wins.\n");
    text += QStringLiteral("%1 ALL=(root) NOPASSWD: %2\n")
                .arg(user, spec.join(QStringLiteral(", \\\n    ")));
    return text;
}

} // namespace pmcp
