#pragma once

#include "server/app/DailyHealthChecks.h"
#include "server/cli/Subcommand.h"

#include <optional>

namespace pmcp {

// `proxmox-mcpd health-report [--json]`: the administrator guide's daily check from the
// daemon's point of view (DailyHealthChecks); exit 0 when all is ok, 1 for a warning, 2 for a
// failure.
class HealthReportCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("health-report"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;
    // What the checks see instead of the system (tests); the system's by default.
    void setProbes(DailyHealthChecks::Probes probes) { m_probes = std::move(probes); }

protected:
    int execute(const Arguments &arguments) override;

private:
    std::optional<DailyHealthChecks::Probes> m_probes;
};

} // namespace pmcp
