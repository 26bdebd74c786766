#pragma once

#include <QString>

namespace pmcp {

// Every configuration key with its type, default, liveness and meaning, as Markdown: what
// `proxmox-mcpd help config` prints and docs/CONFIGURATION.md holds.
class ConfigReference final {
public:
    static QString markdown();

private:
    // How `config set|diff|history|rollback` and the reload work, and the guide's tasks they
    // replace.
    static QString changingTheConfiguration();
};

} // namespace pmcp
