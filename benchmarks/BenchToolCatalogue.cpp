// pmcp-bench-catalogue: how much of a model's context the tool list takes. Registers the tools
// as the daemon does (server_info, the Proxmox tools, execute_command and lxc_exec), selects
// them per MCP_TOOL_PROFILE as the daemon does (ToolSelection), and prints the bytes of the
// tools/list result and its tokens (chars/4) per profile, with one target and with two (when
// tools list "target"), and the largest tools. The measurement is tests/support/ToolCatalogue,
// which TestToolSelection holds to the budget (core 15,000 bytes, full 45,000).
#include "server/mcp/ToolRegistry.h"
#include "server/policy/CommandPolicy.h"
#include "server/proxmox/ProxmoxTargets.h"
#include "server/tools/ServerInfoTool.h"
#include "server/tools/ToolSelection.h"
#include "server/tools/proxmox/ProxmoxTools.h"
#include "server/tools/shell/ShellTools.h"
#include "tests/support/ToolCatalogue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>

using namespace pmcp;

using test::ToolCatalogue;

namespace {

ProxmoxTarget target(const QString &host)
{
    ProxmoxTarget t;
    t.name = host.section(u'.', 0, 0);
    t.hosts = {host};
    t.user = QStringLiteral("root@pam");
    t.tokenName = QStringLiteral("mcp");
    t.tokenSecret = QStringLiteral("00000000-0000-0000-0000-000000000000");
    return t;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::printf("tools/list result per MCP_TOOL_PROFILE (compact JSON; tokens = chars / 4)\n");
    std::printf("%-8s %-8s %6s %9s %8s\n", "profile", "targets", "tools", "bytes", "tokens");
    for (const auto profile : {ToolSelection::Profile::Core, ToolSelection::Profile::Full}) {
        for (int targets : {1, 2}) {
            const ToolCatalogue c = ToolCatalogue::measure(targets, profile);
            std::printf("%-8s %-8d %6d %9lld %8lld\n",
                        qPrintable(ToolSelection::profileName(profile)), targets, c.tools,
                        static_cast<long long>(c.bytes), static_cast<long long>(c.bytes / 4));
        }
    }
    const ToolCatalogue full = ToolCatalogue::measure(1, ToolSelection::Profile::Full);
    std::printf("\nlargest tools (full, one target):\n");
    const qsizetype shown = qEnvironmentVariableIsSet("PMCP_BENCH_ALL") ? full.sizes.size() : 8;
    for (qsizetype i = 0; i < std::min<qsizetype>(shown, full.sizes.size()); ++i)
        std::printf("  %-22s %5lld bytes\n", qPrintable(full.sizes.at(i).second),
                    static_cast<long long>(full.sizes.at(i).first));
    // PMCP_BENCH_DUMP=name prints that tool's descriptor (to see where the bytes go).
    const QString dump = qEnvironmentVariable("PMCP_BENCH_DUMP");
    if (!dump.isEmpty()) {
        ToolRegistry registry;
        auto made = ProxmoxTargets::fromTargets({target(QStringLiteral("pve1.example.org"))});
        ProxmoxTargets proxmox = std::move(made).value();
        ProxmoxTools::registerAll(registry, &proxmox, ProxmoxToolOptions{});
        ShellTools::registerAll(
            registry, nullptr,
            std::make_shared<const CommandPolicy>(CommandPolicy::defaults(false)), {});
        for (const ToolDefinition *tool : registry.offered(false)) {
            if (dump == QLatin1String("descriptions"))
                std::printf("%4lld %-22s %s\n", static_cast<long long>(tool->description.size()),
                            qPrintable(tool->name), qPrintable(tool->description));
            else if (tool->name == dump || dump == QLatin1String("all"))
                std::printf("\n%s\n", QJsonDocument(tool->descriptor()).toJson().constData());
        }
    }
    return 0;
}
