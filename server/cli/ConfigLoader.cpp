#include "server/cli/ConfigLoader.h"

#include "server/app/Logging.h"

#include <QFileInfo>

namespace pmcp {

ConfigLoader::ConfigLoader(QTextStream &report)
    : m_report(report)
{}

QString ConfigLoader::defaultPath()
{
    const QString fromEnv = qEnvironmentVariable("PMCP_CONFIG");
    return fromEnv.isEmpty() ? QStringLiteral("/etc/proxmox-mcp/proxmox-mcp.env") : fromEnv;
}

QString ConfigLoader::describe(const ConfigProblem &problem)
{
    const bool error = problem.severity == ConfigProblem::Severity::Error;
    return (error ? QStringLiteral("error: ") : QStringLiteral("warning: ")) +
           (problem.key.isEmpty() ? QString() : problem.key + QStringLiteral(": ")) +
           problem.reason +
           (problem.line > 0 ? QStringLiteral(" (line %1)").arg(problem.line) : QString());
}

Result<Config> ConfigLoader::loadForDaemon(const QString &path) const
{
    auto config = load(path, Check::Valid);
    if (config.ok())
        Logging::install(config.value().string(ConfigKey::LogLevel));
    return config;
}

Result<Config> ConfigLoader::load(const QString &path, Check check) const
{
    // A bare first run has no file yet: say what to do rather than calling it "not valid".
    const bool exists = QFileInfo::exists(path);
    const auto missing = [&path] {
        return Error::notFound(QStringLiteral("the configuration file %1 does not exist; create it "
                                              "(see docs/CONFIGURATION.md) or pass --config FILE")
                                   .arg(path));
    };
    // One line that says what to do, not a "cannot read" problem and then the same again.
    if (!exists)
        return missing();
    Config config = Config::load(path);
    if (!report(config, check))
        return Error::invalid(
            QStringLiteral("%1 is not valid (the problems are listed above)").arg(path));
    return config;
}

bool ConfigLoader::report(const Config &config, Check check) const
{
    if (check == Check::Exists)
        return true;
    for (const ConfigProblem &problem : config.problems()) {
        if (problem.severity == ConfigProblem::Severity::Error || check == Check::Valid)
            m_report << describe(problem) << Qt::endl;
    }
    return config.isValid();
}

} // namespace pmcp
