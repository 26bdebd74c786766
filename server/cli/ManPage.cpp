#include "server/cli/ManPage.h"

#include "server/cli/Cli.h"
#include "shared/core/Version.h"

#include <QStringList>

namespace pmcp {

QString ManPage::escape(const QString &text)
{
    QStringList lines;
    for (QString line : text.split(u'\n')) {
        line.replace(u'\\', QStringLiteral("\\e"));
        line.replace(u'-', QStringLiteral("\\-"));
        if (line.startsWith(u'.') || line.startsWith(u'\''))
            line.prepend(QStringLiteral("\\&"));
        lines.append(line);
    }
    return lines.join(u'\n');
}

namespace {

// A usage text as written (aligned columns), without the trailing newline.
QString verbatim(const QString &text)
{
    QString body = ManPage::escape(text);
    while (body.endsWith(u'\n'))
        body.chop(1);
    return QStringLiteral(".nf\n") + body + QStringLiteral("\n.fi\n");
}

} // namespace

QString ManPage::roff(const Cli &cli)
{
    QString page;
    // No date: the page is the same for every build of one version (reproducible packages).
    page += QStringLiteral(".TH PROXMOX\\-MCPD 1 \"\" \"proxmox\\-mcpd %1\" \"User Commands\"\n")
                .arg(escape(productVersion()));
    page += QStringLiteral(".SH NAME\nproxmox\\-mcpd \\- Model Context Protocol server for "
                           "Proxmox VE\n");
    page += QStringLiteral(".SH SYNOPSIS\n.B proxmox\\-mcpd\n.RI [ subcommand ] "
                           "[ options ]\n");
    page += QStringLiteral(".SH DESCRIPTION\n");
    page += verbatim(cli.usage());
    page += QStringLiteral(".SH SUBCOMMANDS\n");
    for (const auto &command : cli.subcommands()) {
        page += QStringLiteral(".SS %1\n").arg(escape(command->name()));
        page += escape(command->summary()) + u'\n';
        page += QStringLiteral(".PP\n") + verbatim(command->usage());
    }
    page += QStringLiteral(
        ".SH FILES\n"
        ".TP\n.I /etc/proxmox\\-mcp/proxmox\\-mcp.env\n"
        "the configuration (KEY=VALUE lines); every key, its type, default and meaning: "
        "\\fBproxmox\\-mcpd help config\\fR\n"
        ".TP\n.I /var/lib/proxmox\\-mcp\n"
        "the state (STATE_DIR): clients, admin tokens, the audit log, backups, SSH known hosts\n"
        ".SH ENVIRONMENT\n"
        "Every configuration key can be given as an environment variable, which overrides the "
        "file. \\fBPMCP_CONFIG\\fR names the file when \\fB\\-\\-config\\fR is not given.\n"
        ".SH EXIT STATUS\n"
        "0 on success, 1 when the operation failed, 2 for a mistake on the command line.\n"
        ".SH SEE ALSO\n"
        "\\fBsystemctl\\fR(1), \\fBjournalctl\\fR(1), \\fBsudoers\\fR(5)\n");
    return page;
}

} // namespace pmcp
