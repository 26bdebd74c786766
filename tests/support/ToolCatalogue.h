#pragma once

#include "server/tools/ToolSelection.h"

#include <QList>
#include <QString>

#include <utility>

namespace pmcp::test {

// The tools/list result as the daemon builds it (server_info, the Proxmox tools on targetCount
// targets, execute_command and lxc_exec, selected by profile with ToolSelection), measured as
// compact JSON: what pmcp-bench-catalogue prints and what TestToolSelection holds to a budget.
struct ToolCatalogue final {
    int tools = 0;
    qsizetype bytes = 0;
    QList<std::pair<qsizetype, QString>> sizes; // bytes of each tool's descriptor, largest first

    static ToolCatalogue measure(int targetCount, ToolSelection::Profile profile);
};

} // namespace pmcp::test
