#pragma once

#include <QString>

namespace pmcp {

// Every configuration key with its type, default and meaning, as Markdown: what
// `proxmox-mcpd help config` prints and docs/CONFIGURATION.md holds.
class ConfigReference final {
public:
    static QString markdown();
};

} // namespace pmcp
