#include "server/cli/HealthReportCommand.h"

#include "server/cli/ConfigLoader.h"

#include <QJsonDocument>

namespace pmcp {

QString HealthReportCommand::summary() const
{
    return QStringLiteral("the daily health check: service, resources, audit, keys, backups, "
                          "reachability");
}

QString HealthReportCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd health-report [--json] [--config FILE]\n"
        "Checks, each ok, warning or failed with a sentence: the daemon's /health at\n"
        "MCP_HOST:MCP_PORT and its count of failed authentications (when /metrics is public),\n"
        "memory, disk of STATE_DIR and load, the audit chain and the commands refused in the\n"
        "last 24 h, the SSH key (present, private, age), the newest backup and its age, the\n"
        "Proxmox API and SSH reachable, and the host's sudoers (sudo -n visudo -c over SSH).\n"
        "Exit status: 0 all ok, 1 a warning, 2 a failure. --json prints\n"
        "{\"status\", \"checks\": [{\"name\", \"status\", \"sentence\"}]}.\n");
}

QList<QCommandLineOption> HealthReportCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("json"))};
}

int HealthReportCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    const auto config = ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::Exists);
    if (!config.ok())
        return fail(config.error().message, 2);
    const DailyHealthReport report = DailyHealthChecks::run(
        config.value(), m_probes ? *m_probes : DailyHealthChecks::systemProbes());
    if (arguments.options.isSet(QStringLiteral("json")))
        out() << QString::fromUtf8(QJsonDocument(report.json()).toJson(QJsonDocument::Indented));
    else
        out() << report.text();
    out().flush();
    return report.exitCode();
}

} // namespace pmcp
