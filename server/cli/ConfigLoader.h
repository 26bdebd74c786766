#pragma once

#include "shared/config/Config.h"
#include "shared/core/Result.h"

#include <QString>
#include <QTextStream>

namespace pmcp {

// Loads the configuration file a subcommand is given and reports its problems, the same way
// for every subcommand ("error: KEY: reason (line N)", one a line).
class ConfigLoader final {
public:
    // How much of the configuration a subcommand needs to be right.
    enum class Check {
        Exists,   // the file must exist; the subcommand reads only the keys it needs
        NoErrors, // errors are reported and refuse it; warnings are not reported
        Valid,    // errors and warnings are reported; errors refuse it (what the daemon needs)
    };

    // report: where the problems go.
    explicit ConfigLoader(QTextStream &report);

    // $PMCP_CONFIG, else /etc/proxmox-mcp/proxmox-mcp.env.
    static QString defaultPath();
    // "error: MCP_PORT: \"80a\" is not a port number (1-65535) (line 3)"
    static QString describe(const ConfigProblem &problem);

    // The configuration of the file, with the environment over it; an error saying why not.
    Result<Config> load(const QString &path, Check check) const;
    // What serve and stdio start from: load(path, Check::Valid), then the daemon's log set up at
    // the configuration's LOG_LEVEL.
    Result<Config> loadForDaemon(const QString &path) const;
    // Writes the problems that check reports; false when the configuration has an error.
    bool report(const Config &config, Check check) const;

private:
    QTextStream &m_report;
};

} // namespace pmcp
