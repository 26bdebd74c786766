#include "server/cli/ConfigReference.h"

#include "server/cli/ConfigCommand.h"
#include "shared/config/ConfigSchema.h"

namespace pmcp {

namespace {
QString cell(QString text)
{
    return text.replace(QLatin1Char('|'), QStringLiteral("\\|"))
        .replace(QLatin1Char('\n'), QLatin1Char(' '));
}
} // namespace

QString ConfigReference::changingTheConfiguration()
{
    return QStringLiteral(
               "\n## Changing the configuration\n\n"
               "`proxmox-mcpd config` (or the admin API's configuration routes, docs/ADMIN-API.md) "
               "changes the file\n"
               "safely; editing it by hand still works, and SIGHUP reloads it.\n\n"
               "```\n") +
           ConfigCommand::usageText() +
           QStringLiteral(
               "```\n\n"
               "- **Validated first.** `config set` checks the file the change would give with the "
               "validator of\n"
               "  `check-config` (every key, and across keys) and refuses it, writing nothing, "
               "when "
               "there is an\n"
               "  error, naming the key. `KEY=` removes the key, so its default applies.\n"
               "- **Written atomically, comments kept.** The file is rewritten through a temporary "
               "file, "
               "fsync and\n"
               "  rename: a reader or a crash sees the old file or the new one, never a mix (a "
               "test kills "
               "the\n"
               "  writer with SIGKILL at random moments). Comments, blank lines, `export`, quoting "
               "and "
               "the order\n"
               "  of the keys stay as they were; new keys are appended. The file keeps its "
               "permissions,\n"
               "  owner and group (root's `config set` leaves root:proxmox-mcp 0640 as it was), "
               "and the\n"
               "  versions stay the daemon's (STATE_DIR's owner). One change at a time: a lock "
               "under\n"
               "  `STATE_DIR/config-versions` serialises the CLI and the daemon.\n"
               "- **Every version kept.** Before the first change the file as it was is kept as "
               "version "
               "1; each\n"
               "  change and each rollback is a new version "
               "(`STATE_DIR/config-versions/NNNNNN.env`, "
               "0600, with\n"
               "  `NNNNNN.json` saying when, what and who); an edit by hand is kept as a version "
               "of its "
               "own\n"
               "  before the next change replaces it. The newest 100 are kept. `rollback N` writes "
               "version N\n"
               "  back (validated like a change) as a new version, so a rollback can be undone "
               "too.\n"
               "- **Reloaded live.** `config set` and `config rollback` tell the running daemon to "
               "reload: SIGHUP\n"
               "  to the pid in `STATE_DIR/proxmox-mcpd.pid`, which `serve` holds while it runs "
               "(`systemctl reload\n"
               "  proxmox-mcpd` sends the same signal). The daemon re-reads the file and applies "
               "the "
               "keys marked\n"
               "  *yes* in the Live column above to the running server, without ending an MCP "
               "session "
               "or a call\n"
               "  in flight (clients get `notifications/tools/list_changed` when the tool "
               "selection "
               "changes);\n"
               "  keys marked *restart* wait for `systemctl restart proxmox-mcpd`, and both "
               "commands say "
               "which.\n"
               "  A file that is not valid is refused by the reload: the daemon keeps what it runs "
               "with.\n"
               "  The admin event stream carries `config.applied` or `config.rolled_back`.\n\n"
               "What this replaces in the administrator guide of the Docker deployment:\n\n"
               "| Guide task | Now |\n"
               "| --- | --- |\n"
               "| Edit `.env` with `sudo nano /opt/proxmox-mcp/.env` | `proxmox-mcpd config set "
               "KEY=VALUE` (or the desktop's configuration editor) |\n"
               "| Validate with `docker-compose config` or `source .env && echo ...` | validated "
               "before "
               "anything is written; `config show`, `check-config` |\n"
               "| Apply with `docker-compose down && docker-compose up -d` (or `systemctl "
               "restart`) | "
               "reloaded live; a restart only for the keys marked *restart* |\n"
               "| Back up the file with `cp` before editing, roll back by copying it back | every "
               "version kept; `config history`, `config diff`, `config rollback [N]` |\n");
}

QString ConfigReference::markdown()
{
    const ConfigSchema &schema = ConfigSchema::instance();
    QString text = QStringLiteral(
        "# Configuration reference\n\n"
        "proxmox-mcpd reads a `.env` file (`--config FILE`, default "
        "`/etc/proxmox-mcp/proxmox-mcp.env`):\n"
        "`KEY=VALUE` lines, `#` comments, optional quotes. Environment variables with the same "
        "names\n"
        "override the file. Unknown keys are warnings, not errors. `proxmox-mcpd check-config` "
        "lists\n"
        "every problem with its key and line. Secret values never appear in logs or responses.\n\n"
        "This page is generated by `proxmox-mcpd help config`; a test keeps it in step.\n");
    for (const QString &group : schema.groups()) {
        text +=
            QStringLiteral("\n## %1\n\n| Key | Type | Default | Live | Meaning |\n| --- | --- | "
                           "--- | --- | --- |\n")
                .arg(group);
        for (const ConfigSetting &key : schema.keys()) {
            if (key.group != group)
                continue;
            QString type = ConfigSchema::typeName(key.type);
            if (!key.choices.isEmpty())
                type += QStringLiteral(": ") + key.choices.join(QStringLiteral(", "));
            if (key.minimum != 0 || key.maximum != 0)
                type += QStringLiteral(" (%1–%2)").arg(key.minimum).arg(key.maximum);
            if (key.secret)
                type += QStringLiteral(", secret");
            text += QStringLiteral("| `%1` | %2 | %3 | %4 | %5 |\n")
                        .arg(key.name, cell(type),
                             key.defaultValue.isEmpty()
                                 ? QStringLiteral("(not set)")
                                 : QStringLiteral("`%1`").arg(cell(key.defaultValue)),
                             key.live ? QStringLiteral("yes") : QStringLiteral("restart"),
                             cell(key.description));
        }
    }
    text += QStringLiteral("\nIgnored keys of the old Docker deployment (a warning each): ") +
            ConfigSchema::legacyKeys().join(QStringLiteral(", ")) + QStringLiteral(".\n");
    text += changingTheConfiguration();
    return text;
}

} // namespace pmcp
