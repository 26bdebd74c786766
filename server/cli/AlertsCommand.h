#pragma once

#include "server/cli/Subcommand.h"
#include "shared/config/Config.h"

namespace pmcp {

// `proxmox-mcpd alerts test CHANNEL` sends a test alert to one configured channel from this
// process (libcurl, directly: a command may wait); `alerts list [--json]` shows the channels,
// the active conditions, the recent alerts with their deliveries and the queue, as the daemon
// last wrote them (STATE_DIR/alerts/alerts.json).
class AlertsCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("alerts"); }
    QString summary() const override;
    QString usage() const override;
    QList<QCommandLineOption> options() const override;

protected:
    int execute(const Arguments &arguments) override;

private:
    int test(const Config &config, const QString &channel);
    int list(const Config &config, bool json);
};

} // namespace pmcp
