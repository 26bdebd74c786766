#pragma once

#include <QString>

namespace pmcp {

class Cli;

// proxmox-mcpd(1) in roff, made from the command line's own texts (the overview and every
// subcommand's usage), so that the page a package installs cannot drift from --help.
class ManPage final {
public:
    static QString roff(const Cli &cli);
    // Text made safe for roff: backslashes, minus signs, and lines that would read as requests.
    static QString escape(const QString &text);
};

} // namespace pmcp
