#pragma once

#include "server/cli/Subcommand.h"

namespace pmcp {

class ConfigEditor;

// `proxmox-mcpd config show|set|diff|history|rollback`: reads and changes the configuration file
// safely (ConfigEditor: validated first, written atomically, the old file kept as a numbered
// version under STATE_DIR/config-versions), then tells a running daemon to reload (SIGHUP to the
// pid in STATE_DIR/proxmox-mcpd.pid) and says which keys apply live and which need a restart.
class ConfigCommand final : public Subcommand {
public:
    using Subcommand::Subcommand;

    QString name() const override { return QStringLiteral("config"); }
    QString summary() const override;
    QString usage() const override { return usageText(); }
    // Also in `help config` (docs/CONFIGURATION.md, "Changing the configuration").
    static QString usageText();

protected:
    int execute(const Arguments &arguments) override;

private:
    int show(const ConfigEditor &editor);
    int set(ConfigEditor &editor, const QStringList &words);
    int diff(const ConfigEditor &editor, const QStringList &versions);
    int history(const ConfigEditor &editor);
    int rollback(ConfigEditor &editor, const QStringList &versions);
    // After a change: what it did, and the running daemon told to reload.
    int reportWritten(const QStringList &diffLines, int version, const QStringList &live,
                      const QStringList &restartNeeded);

    QString m_stateDir;
};

} // namespace pmcp
